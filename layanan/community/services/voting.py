"""Votes, accepted answers and the reputation they earn."""

from django.db import transaction
from django.db.models import F

from layanan.accounts import policies
from layanan.accounts.models import User

from ..models import Answer, Question, ReputationEvent, Vote
from . import notifications
from .posting import PermissionDenied

# Points, as on most Q&A sites: being useful to others earns the privileges in accounts.policies.
POINTS = {
    ("answer", 1): 10,
    ("answer", -1): -2,
    ("question", 1): 5,
    ("question", -1): -2,
    "accepted": 15,
    "accepter": 2,
}


def award(user_id, points: int, reason: str, *, question=None, answer=None) -> None:
    if not user_id or not points:
        return
    ReputationEvent.objects.create(user_id=user_id, points=points, reason=reason, question=question, answer=answer)
    User.objects.filter(pk=user_id).update(reputation=F("reputation") + points)


@transaction.atomic
def cast_vote(user, post, value: int) -> int:
    """Vote +1 or -1; voting the same way again withdraws the vote. Returns the post's new score."""
    if value not in (1, -1):
        raise ValueError("value must be 1 or -1")
    if not policies.can_vote(user, post, value):
        raise PermissionDenied
    kind = "answer" if isinstance(post, Answer) else "question"
    model = type(post)
    existing = Vote.objects.select_for_update().filter(user=user, **{kind: post}).first()
    delta = value
    if existing is not None:
        award(post.author_id, -POINTS[(kind, existing.value)], "vote-withdrawn", **{kind: post})
        if existing.value == value:
            existing.delete()
            model.objects.filter(pk=post.pk).update(score=F("score") - value)
            post.refresh_from_db(fields=["score"])
            return post.score
        delta = value - existing.value
        existing.value = value
        existing.save(update_fields=["value"])
    else:
        Vote.objects.create(user=user, value=value, **{kind: post})
    award(post.author_id, POINTS[(kind, value)], "vote", **{kind: post})
    model.objects.filter(pk=post.pk).update(score=F("score") + delta)
    post.refresh_from_db(fields=["score"])
    return post.score


@transaction.atomic
def accept_answer(user, answer: Answer) -> Question:
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if not policies.can_accept_answer(user, question) or answer.question_id != question.pk:
        raise PermissionDenied
    previous = question.accepted_answer
    if previous and previous.pk == answer.pk:
        return question
    if previous:
        award(previous.author_id, -POINTS["accepted"], "unaccepted", answer=previous)
    else:
        award(user.pk, POINTS["accepter"], "accepted-an-answer", question=question)
    if answer.author_id != user.pk:
        award(answer.author_id, POINTS["accepted"], "accepted", answer=answer)
    question.accepted_answer = answer
    question.save(update_fields=["accepted_answer", "updated_at"])
    notifications.notify_accepted(answer)
    return question
