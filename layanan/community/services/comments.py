"""Comments: short remarks under a question or an answer (asking for details,
pointing to a source). Like posts, they are masked before they are stored."""

from django.db import transaction
from django.utils import timezone

from layanan.accounts import policies
from layanan.audit.services import record as audit

from ..models import Answer, Comment, Question
from .posting import InvalidPost, PermissionDenied, Published, _masked

COMMENT_MIN_LENGTH = 2
COMMENT_MAX_LENGTH = 600


@transaction.atomic
def add_comment(author, post: Question | Answer, body: str) -> Published:
    """Publish `author`'s comment on `post`; the question's activity time moves on."""
    if not policies.can_comment(author, post):
        raise PermissionDenied
    body = (body or "").strip()
    if len(body) < COMMENT_MIN_LENGTH:
        raise InvalidPost("comment-too-short")
    if len(body) > COMMENT_MAX_LENGTH:
        raise InvalidPost("comment-too-long")
    found = []
    public_body, kinds = _masked(body, actor=author, found=found)
    if len(public_body) > COMMENT_MAX_LENGTH:  # the masking marks may be longer than what they replace
        raise InvalidPost("comment-too-long")
    question = post.question if isinstance(post, Answer) else post
    now = timezone.now()
    comment = Comment.objects.create(
        question=post if isinstance(post, Question) else None,
        answer=post if isinstance(post, Answer) else None,
        author=author, body=public_body, private_body=body if kinds else "", created_at=now,
    )
    Question.objects.filter(pk=question.pk).update(last_activity_at=now)
    return Published(comment, kinds, found)


@transaction.atomic
def hide_comment(user, comment: Comment, *, reason: str = "") -> None:
    """A moderator hides a comment from the public (audited)."""
    if not policies.can_moderate(user):
        raise PermissionDenied
    audit(user, "moderation.hide_comment", comment, reason=reason)
    comment.is_hidden = True
    comment.save(update_fields=["is_hidden"])


@transaction.atomic
def restore_comment(user, comment: Comment) -> None:
    """A moderator shows a hidden comment again (audited)."""
    if not policies.can_moderate(user):
        raise PermissionDenied
    audit(user, "moderation.restore_comment", comment)
    comment.is_hidden = False
    comment.save(update_fields=["is_hidden"])
