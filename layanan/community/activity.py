"""The community's part of public profiles: a user's questions and answers.

Only what the public may see: no hidden posts, no answers on hidden or
merged questions, and the masked titles only.
"""

from django.utils.translation import gettext

from layanan.accounts.activity import ActivityItem, register_activity_provider

from .models import Answer, Question


def _summary(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def questions_and_answers(user, limit: int):
    questions = Question.objects.visible().filter(author=user).only(
        "id", "title", "slug", "created_at", "body"
    ).order_by("-created_at", "-id")[:limit]
    for question in questions:
        yield ActivityItem(
            kind=gettext("Question"), title=question.title, url=question.get_absolute_url(),
            created_at=question.created_at, summary=_summary(question.body),
        )
    answers = (
        Answer.objects.filter(author=user, is_hidden=False, question__is_hidden=False,
                              question__duplicate_of__isnull=True)
        .select_related("question", "official_agency")
        .only("id", "body", "created_at", "official_agency__name", "question__id", "question__title",
              "question__slug")
        .order_by("-created_at", "-id")[:limit]
    )
    for answer in answers:
        kind = (gettext("Official answer for %(agency)s") % {"agency": answer.official_agency.name}
                if answer.official_agency_id else gettext("Answer"))
        yield ActivityItem(
            kind=kind, title=answer.question.title, url=answer.get_absolute_url(),
            created_at=answer.created_at, summary=_summary(answer.body),
        )


def register() -> None:
    register_activity_provider(questions_and_answers)
