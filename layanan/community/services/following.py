"""Following a question: followers are told about new answers (in the app and by email)."""

from layanan.accounts import policies

from ..models import Question
from .posting import PermissionDenied


def follow_question(user, question: Question) -> None:
    if not policies.can_follow_question(user, question):
        raise PermissionDenied
    question.followers.add(user)


def unfollow_question(user, question: Question) -> None:
    """Stop following; always allowed for a signed-in user (even on a hidden question)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    question.followers.remove(user)


def is_following(user, question: Question) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return question.followers.filter(pk=user.pk).exists()
