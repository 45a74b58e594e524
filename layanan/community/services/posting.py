"""Asking, answering, editing: every community write goes through these functions.

Each one checks its policy, masks personal data before anything is stored,
runs in one transaction and schedules side effects (search index,
notifications) for after the commit.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from layanan.accounts import policies
from layanan.audit.services import record as audit
from layanan.knowledge.rendering import render_markdown
from layanan.privacy.services import shield

from ..models import Answer, PostRevision, Question, Tag
from . import notifications


class PermissionDenied(Exception):
    """The user may not do this; views turn it into 403, the API into a JSON 403."""


class InvalidPost(ValueError):
    """Bad input; the message is shown to the user."""


@dataclass
class Published:
    """A stored post and what the privacy shield masked in it."""

    post: Question | Answer
    masked: list[str] = field(default_factory=list)
    # What was masked, for telling the author (privacy.services.masked_message).
    findings: list = field(default_factory=list)


def _masked(text: str, *, actor, target=None, found=None):
    result = shield(text, actor=actor, target=target)
    if found is not None:
        found.extend(result.findings)
    return result.text, sorted({f.kind for f in result.findings})


def _require(condition: bool):
    if not condition:
        raise PermissionDenied


@transaction.atomic
def ask_question(author, title: str, body: str, *, services=(), agency=None, region=None, tags=()) -> Published:
    _require(policies.can_post_question(author))
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) < 10:
        raise InvalidPost("title-too-short")
    found = []
    public_title, title_kinds = _masked(title, actor=author, found=found)
    public_body, body_kinds = _masked(body, actor=author, found=found)
    services = list(services)
    if agency is None and services:
        agency = services[0].agency
    question = Question.objects.create(
        author=author,
        title=public_title,
        private_title=title if title_kinds else "",
        body=public_body,
        body_html=render_markdown(public_body),
        private_body=body if body_kinds else "",
        masked_kinds=sorted(set(title_kinds) | set(body_kinds)),
        agency=agency,
        region=region,
    )
    question.services.set(services)
    question.tags.set(_tags(tags))
    question.followers.add(author)
    PostRevision.objects.create(question=question, editor=author, title=public_title, body=public_body)
    return Published(question, question.masked_kinds, found)


def _tags(names):
    tags = []
    for name in names:
        from django.utils.text import slugify

        slug = slugify(name)[:50]
        if slug:
            tags.append(Tag.objects.get_or_create(slug=slug, defaults={"name": name.strip()[:50]})[0])
    return tags


def official_agency_for(user, question):
    """The agency a staff member would answer for: the question's own, else one owning a linked service."""
    candidates = [question.agency_id] + [s.agency_id for s in question.services.all()]
    for agency_id in candidates:
        if agency_id and policies.can_answer_officially(user, agency_id):
            return agency_id
    return None


@transaction.atomic
def answer_question(author, question: Question, body: str, *, official: bool = False) -> Published:
    _require(policies.can_answer(author, question))
    body = (body or "").strip()
    if len(body) < 2:
        raise InvalidPost("body-empty")
    agency_id = official_agency_for(author, question) if official else None
    if official and agency_id is None:
        raise PermissionDenied
    found = []
    public_body, kinds = _masked(body, actor=author, found=found)
    now = timezone.now()
    answer = Answer.objects.create(
        question=question, author=author, body=public_body, body_html=render_markdown(public_body),
        private_body=body if kinds else "", masked_kinds=kinds, official_agency_id=agency_id, created_at=now,
    )
    PostRevision.objects.create(answer=answer, editor=author, body=public_body)
    updates = {"answer_count": F("answer_count") + 1, "last_activity_at": now}
    if agency_id:
        updates["has_official_answer"] = True
        if question.first_official_answer_at is None:
            updates["first_official_answer_at"] = now
        audit(author, "community.official_answer", answer, agency_id=agency_id, question=question.pk)
    Question.objects.filter(pk=question.pk).update(**updates)
    question.refresh_from_db()
    notifications.notify_new_answer(answer)
    return Published(answer, kinds, found)


@transaction.atomic
def edit_post(editor, post, *, body: str, title: str | None = None, note: str = "") -> Published:
    _require(policies.can_edit_post(editor, post))
    found = []
    public_body, kinds = _masked(body.strip(), actor=editor, found=found)
    post.body, post.body_html = public_body, render_markdown(public_body)
    post.private_body = body if kinds else ""
    if isinstance(post, Question) and title is not None:
        public_title, title_kinds = _masked(title.strip(), actor=editor, found=found)
        post.title, post.private_title = public_title, title if title_kinds else ""
        kinds = sorted(set(kinds) | set(title_kinds))
    post.masked_kinds = kinds
    post.save()
    PostRevision.objects.create(
        question=post if isinstance(post, Question) else None,
        answer=post if isinstance(post, Answer) else None,
        editor=editor, title=getattr(post, "title", ""), body=public_body, note=note[:200],
    )
    if editor.pk != post.author_id:
        audit(editor, "community.edit_post", post, agency_id=getattr(post, "official_agency_id", None), note=note)
    return Published(post, kinds, found)
