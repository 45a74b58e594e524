"""Telling followers about new answers: in the app at once, by email after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Notification


def notify_new_answer(answer) -> None:
    question = answer.question
    kind = Notification.Kind.OFFICIAL_ANSWER if answer.is_official else Notification.Kind.NEW_ANSWER
    recipients = [u for u in question.followers.all() if u.pk != answer.author_id and u.is_active]
    Notification.objects.bulk_create(
        Notification(user=u, kind=kind, question=question, answer=answer) for u in recipients
    )
    emails = [(u.email, u.pk) for u in recipients if u.email]
    if emails:
        transaction.on_commit(lambda: _send_answer_emails(answer.pk, emails))


def notify_accepted(answer) -> None:
    if answer.author_id and answer.author_id != answer.question.author_id:
        Notification.objects.create(
            user_id=answer.author_id, kind=Notification.Kind.ACCEPTED, question=answer.question, answer=answer
        )


def _send_answer_emails(answer_id, recipients) -> None:
    from ..models import Answer

    answer = Answer.objects.select_related("question", "official_agency").get(pk=answer_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"answer": answer, "question": answer.question, "site_url": settings.LAYANAN_SITE_URL}
        subject = render_to_string("community/email/new_answer_subject.txt", context).strip()
        body = render_to_string("community/email/new_answer.txt", context)
    for email, _user_id in recipients:
        send_mail(subject, body, None, [email], fail_silently=False)


def unread_count(user) -> int:
    """Unread in-app notifications; one indexed COUNT."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, *, ids=None, question=None) -> int:
    """Mark the user's unread notifications read: all, the given ids, or those about `question`."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    if question is not None:
        unread = unread.filter(question=question)
    return unread.update(read_at=timezone.now())
