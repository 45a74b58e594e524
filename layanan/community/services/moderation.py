"""Flags and moderator actions. Every moderator action is audited."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from layanan.accounts import policies
from layanan.audit.services import record as audit

from ..models import Answer, Flag, Question
from .posting import InvalidPost, PermissionDenied


def _post_kwargs(post):
    return {"answer": post} if isinstance(post, Answer) else {"question": post}


@transaction.atomic
def flag_post(user, post, reason: str, *, note: str = "", duplicate_of: Question | None = None) -> Flag:
    if not policies.can_flag(user):
        raise PermissionDenied
    if reason not in Flag.Reason.values:
        raise InvalidPost("unknown-reason")
    if reason == Flag.Reason.DUPLICATE and (duplicate_of is None or duplicate_of == post):
        raise InvalidPost("duplicate-needs-target")
    try:
        with transaction.atomic():
            return Flag.objects.create(
                reporter=user, reason=reason, note=note[:300], duplicate_of=duplicate_of, **_post_kwargs(post)
            )
    except IntegrityError:
        raise InvalidPost("already-flagged") from None


def _moderate(user, action: str, post, **data):
    if not policies.can_moderate(user):
        raise PermissionDenied
    audit(user, f"moderation.{action}", post, **data)


def _resolve_open_flags(user, post, status=Flag.Status.UPHELD):
    Flag.objects.filter(status=Flag.Status.OPEN, **_post_kwargs(post)).update(
        status=status, resolved_by=user, resolved_at=timezone.now()
    )


@transaction.atomic
def hide_post(user, post, *, reason: str = "") -> None:
    _moderate(user, "hide", post, reason=reason)
    post.is_hidden = True
    post.save(update_fields=["is_hidden", "updated_at"])
    _resolve_open_flags(user, post)


@transaction.atomic
def restore_post(user, post) -> None:
    _moderate(user, "restore", post)
    post.is_hidden = False
    post.save(update_fields=["is_hidden", "updated_at"])


@transaction.atomic
def set_locked(user, question: Question, locked: bool) -> None:
    _moderate(user, "lock" if locked else "unlock", question)
    question.is_locked = locked
    question.save(update_fields=["is_locked", "updated_at"])


@transaction.atomic
def dismiss_flags(user, post) -> None:
    _moderate(user, "dismiss_flags", post)
    _resolve_open_flags(user, post, Flag.Status.DISMISSED)


@transaction.atomic
def merge_duplicate(user, duplicate: Question, into: Question) -> None:
    """Close `duplicate` in favour of `into`: its answers and followers move over."""
    if duplicate.pk == into.pk:
        raise InvalidPost("duplicate-needs-target")
    _moderate(user, "merge", duplicate, into=into.pk)
    moved = duplicate.answers.update(question=into)
    into.followers.add(*duplicate.followers.all())
    duplicate.duplicate_of = into
    duplicate.accepted_answer = None
    duplicate.answer_count = 0
    duplicate.save(update_fields=["duplicate_of", "accepted_answer", "answer_count", "updated_at"])
    into.answer_count = into.answers.count()
    into.has_official_answer = into.answers.filter(official_agency__isnull=False).exists()
    into.save(update_fields=["answer_count", "has_official_answer", "updated_at"])
    _resolve_open_flags(user, duplicate)
    return moved
