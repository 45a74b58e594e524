"""The review workflow of knowledge articles: every content change is a
revision that a second person approves before citizens see it.

    save_draft ─▶ submit_for_review ─▶ approve_and_publish ─▶ live now
        ▲               │   │                  └─▶ scheduled ─▶ publish_scheduled_articles
        └── withdraw ───┘   └─▶ reject (with a comment; the next save starts a new revision)

A revision is draft → in review → approved or rejected; an article has at
most one open (draft or in review) revision. The article itself is
draft → in review → published → archived: it becomes published when its
first revision goes live, stays published while later revisions are written
and reviewed (the public keeps seeing the live revision), and an archived
article goes back to draft when someone starts a new revision of it.

Four eyes: nobody approves or rejects a revision they wrote or edited
(policies.can_review_article); the author can withdraw it instead.

Every function checks its policy, raises PermissionDenied (a Django
PermissionDenied: 403 in views) or InvalidTransition (the step is not
possible from the current state; its message is for staff), runs in one
transaction and writes an audit entry.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.accounts import policies
from layanan.audit.services import record as audit

from ..models import Article, ArticleRevision
from .articles import PermissionDenied, unique_slug, verify_article

__all__ = [
    "FourEyesRequired", "InvalidContent", "InvalidTransition", "PermissionDenied",
    "approve_and_publish", "archive", "create_draft_article", "edit_base", "publish_scheduled_articles",
    "published_content", "record_imported_revision", "reject", "save_draft", "submit_for_review", "verify_article", "withdraw",
]

TITLE_MAX = ArticleRevision._meta.get_field("title").max_length
NOTE_MAX = ArticleRevision._meta.get_field("change_note").max_length


class InvalidTransition(ValueError):
    """The step is not possible from the revision's or article's current state."""


class InvalidContent(ValueError):
    """Missing or unusable input (empty title or answer, no rejection reason)."""


class FourEyesRequired(PermissionDenied):
    """The reviewer wrote (or edited) the revision under review."""


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


def _clean_content(title: str, body_markdown: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    body_markdown = (body_markdown or "").strip()
    if not title:
        raise InvalidContent(_("The question or title is empty."))
    if len(title) > TITLE_MAX:
        raise InvalidContent(_("The question or title is longer than %(max)d characters.") % {"max": TITLE_MAX})
    if not body_markdown:
        raise InvalidContent(_("The answer is empty."))
    return title, body_markdown


def _note(change_note: str, default: str) -> str:
    return (" ".join((change_note or "").split()) or default)[:NOTE_MAX]


def _locked_article(article: Article) -> Article:
    """The article row, locked for the rest of the transaction (revision numbers, status)."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _locked_revision(revision: ArticleRevision) -> ArticleRevision:
    locked = ArticleRevision.objects.select_for_update().get(pk=revision.pk)
    locked.article = _locked_article(revision.article)
    return locked


def _sync(target, source):
    """Copy the saved state of the locked copy `source` onto the caller's instance
    `target` (and onto the article it holds), so callers see the result."""
    if target is not source:
        for field in source._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    target.__dict__.pop("_open_revision", None)
    if isinstance(target, ArticleRevision) and "article" in target._state.fields_cache:
        _sync(target._state.fields_cache["article"], source.article)


def _audit(actor, action, revision: ArticleRevision, **data):
    article = revision.article
    audit(actor, action, article, agency_id=article.agency_id, revision=revision.number,
          revision_id=revision.pk, **data)


# --- Reading ----------------------------------------------------------------

def published_content(article: Article) -> tuple[str, str] | None:
    """(title, Markdown answer) citizens see or last saw, or None if never published."""
    if article.live_revision_id:
        live = article.live_revision
        return live.title, live.body_markdown
    if article.published_at is not None:  # published before the workflow, without a revision
        return article.title, article.body_markdown
    return None


def edit_base(article: Article) -> ArticleRevision | Article:
    """What the edit form starts from: the open revision; else a rejected revision
    newer than the live one (so its author can rework it); else the live content."""
    if article.open_revision is not None:
        return article.open_revision
    latest = article.revisions.order_by("-number").first()
    live_number = article.live_revision.number if article.live_revision_id else 0
    if latest is not None and latest.status == ArticleRevision.Status.REJECTED and latest.number > live_number:
        return latest
    return article.live_revision or article


# --- Writing ----------------------------------------------------------------

@transaction.atomic
def create_draft_article(
    actor, agency, *, title: str, body_markdown: str, change_note: str = "",
    significance: str = ArticleRevision.Significance.MAJOR, kind: str = Article.Kind.FAQ,
    service=None, category=None, source_url: str = "",
    source_question_id: int | None = None, source_answer_id: int | None = None, credited_authors=(),
) -> Article:
    """A new, unpublished article with its first revision as a draft, ready to submit for review.

    The community app calls this to promote an answer (with the source ids and
    the community authors to credit).
    """
    _require(policies.can_create_article(actor, agency))
    title, body_markdown = _clean_content(title, body_markdown)
    article = Article.objects.create(
        agency=agency, kind=kind, title=title, body_markdown=body_markdown, slug=unique_slug(title),
        status=Article.Status.DRAFT, owner=actor, service=service, category=category, source_url=source_url,
        source_question_id=source_question_id, source_answer_id=source_answer_id,
    )
    credited = [user for user in credited_authors if user is not None]
    if credited:
        article.credited_authors.set(credited)
    revision = ArticleRevision.objects.create(
        article=article, number=1, author=actor, contributor_ids=[actor.pk],
        change_note=_note(change_note, _("First version")), significance=significance,
        title=title, body_markdown=body_markdown,
    )
    audit(actor, "article.create", article, agency_id=agency.pk, revision=1, revision_id=revision.pk,
          source_question_id=source_question_id, source_answer_id=source_answer_id)
    return article


@transaction.atomic
def save_draft(actor, article: Article, *, title: str, body_markdown: str, change_note: str = "",
               significance: str = ArticleRevision.Significance.MINOR) -> ArticleRevision:
    """Save the editor's text as the article's draft revision: the open draft is
    updated (its writers now include `actor`), or a new revision is started.
    Starting a revision of an archived article makes the article a draft again."""
    _require(policies.can_edit_article(actor, article))
    title, body_markdown = _clean_content(title, body_markdown)
    locked = _locked_article(article)
    revision = locked.revisions.open().select_for_update().first()
    if revision is not None and revision.status == ArticleRevision.Status.IN_REVIEW:
        raise InvalidTransition(_("These changes are in review. Withdraw them from review before editing."))
    created = revision is None
    if created:
        number = (locked.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = ArticleRevision(article=locked, number=number, author=actor, contributor_ids=[])
    revision.article = locked
    revision.title, revision.body_markdown = title, body_markdown
    revision.change_note = _note(change_note, _("No change note"))
    revision.significance = significance
    if actor.pk not in revision.contributor_ids:
        revision.contributor_ids = [*revision.contributor_ids, actor.pk]
    revision.save()

    fields = []
    if locked.status == Article.Status.ARCHIVED:
        locked.status = Article.Status.DRAFT
        fields.append("status")
    if locked.live_revision_id is None and locked.published_at is None:
        # Never published: the article mirrors its draft (only staff see it).
        locked.title, locked.body_markdown = title, body_markdown
        fields += ["title", "body_markdown"]
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
    _sync(article, locked)
    _audit(actor, "article.draft_start" if created else "article.draft_save", revision,
           significance=revision.significance, note=revision.change_note)
    return revision


@transaction.atomic
def submit_for_review(actor, revision: ArticleRevision) -> ArticleRevision:
    """Ask a second editor to review a draft revision."""
    _require(policies.can_edit_article(actor, revision.article))
    locked = _locked_revision(revision)
    article = locked.article
    if locked.status != ArticleRevision.Status.DRAFT:
        raise InvalidTransition(_("Only a draft can be submitted for review."))
    if article.is_published and published_content(article) == (locked.title, locked.body_markdown):
        raise InvalidTransition(_("Nothing has changed compared with the published version."))
    locked.status = ArticleRevision.Status.IN_REVIEW
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    if article.status == Article.Status.DRAFT:
        article.status = Article.Status.IN_REVIEW
        article.save(update_fields=["status", "updated_at"])
    _sync(revision, locked)
    _audit(actor, "article.submit", locked, significance=locked.significance, note=locked.change_note)
    return revision


@transaction.atomic
def withdraw(actor, revision: ArticleRevision) -> ArticleRevision:
    """Take a revision out of review, back to draft (to correct it before anyone reviews it)."""
    _require(policies.can_edit_article(actor, revision.article))
    locked = _locked_revision(revision)
    if locked.status != ArticleRevision.Status.IN_REVIEW:
        raise InvalidTransition(_("Only a revision in review can be withdrawn."))
    locked.status = ArticleRevision.Status.DRAFT
    locked.submitted_at = None
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    _back_to_draft(locked.article)
    _sync(revision, locked)
    _audit(actor, "article.withdraw", locked)
    return revision


def _back_to_draft(article: Article):
    if article.status == Article.Status.IN_REVIEW:
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])


def _check_reviewer(reviewer, revision: ArticleRevision):
    _require(policies.can_publish_article(reviewer, revision.article))
    if revision.status != ArticleRevision.Status.IN_REVIEW:
        raise InvalidTransition(_("Only a revision in review can be approved or rejected."))
    if not policies.can_review_article(reviewer, revision.article, revision):
        raise FourEyesRequired(_("You wrote or edited this revision, so another editor must review it."))


@transaction.atomic
def approve_and_publish(reviewer, revision: ArticleRevision, publish_at=None) -> ArticleRevision:
    """Approve a revision in review and publish it now, or at `publish_at` when
    that is in the future (publish_scheduled_articles does it then)."""
    locked = _locked_revision(revision)
    _check_reviewer(reviewer, locked)
    now = timezone.now()
    locked.status = ArticleRevision.Status.APPROVED
    locked.reviewer = reviewer
    locked.reviewed_at = now
    locked.publish_at = publish_at if publish_at is not None and publish_at > now else None
    locked.save(update_fields=["status", "reviewer", "reviewed_at", "publish_at", "updated_at"])
    _audit(reviewer, "article.approve", locked, author=locked.author_id,
           publish_at=locked.publish_at.isoformat() if locked.publish_at else None)
    if locked.publish_at is None:
        _go_live(locked, actor=reviewer, now=now)
    _sync(revision, locked)
    return revision


def _cancel_schedules(article: Article, actor, *, older_than: int | None = None, reason: str):
    scheduled = article.revisions.scheduled().select_for_update()
    if older_than is not None:
        scheduled = scheduled.filter(number__lt=older_than)
    for stale in scheduled:
        stale.article = article
        publish_at = stale.publish_at
        stale.publish_at = None
        stale.save(update_fields=["publish_at", "updated_at"])
        _audit(actor, "article.schedule_cancel", stale, publish_at=publish_at.isoformat(), reason=reason)


def _go_live(revision: ArticleRevision, *, actor, now):
    """Make an approved revision the public content. Approval counts as verification."""
    article = revision.article
    article.title, article.body_markdown = revision.title, revision.body_markdown
    article.live_revision = revision
    article.status = Article.Status.PUBLISHED
    article.verified_at = now
    article.verified_by = revision.reviewer
    article.save()
    revision.published_at = now
    revision.save(update_fields=["published_at", "updated_at"])
    # An older approved revision still waiting for its date would bring back older content.
    _cancel_schedules(article, actor, older_than=revision.number, reason="superseded")
    _audit(actor, "article.publish", revision, reviewer=revision.reviewer_id, author=revision.author_id,
           significance=revision.significance, scheduled=revision.publish_at is not None)


@transaction.atomic
def reject(reviewer, revision: ArticleRevision, comment: str) -> ArticleRevision:
    """Send a revision back with the reason; its writers start a new revision from it."""
    comment = (comment or "").strip()
    if not comment:
        raise InvalidContent(_("Say what must change, so the author can correct it."))
    locked = _locked_revision(revision)
    _check_reviewer(reviewer, locked)
    locked.status = ArticleRevision.Status.REJECTED
    locked.reviewer = reviewer
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment
    locked.save(update_fields=["status", "reviewer", "reviewed_at", "review_comment", "updated_at"])
    _back_to_draft(locked.article)
    _sync(revision, locked)
    _audit(reviewer, "article.reject", locked, author=locked.author_id, comment=comment)
    return revision


@transaction.atomic
def archive(actor, article: Article) -> Article:
    """Withdraw a published article from the public and the search index.
    Scheduled revisions are cancelled; a new revision brings it back through review."""
    _require(policies.can_publish_article(actor, article))
    locked = _locked_article(article)
    if locked.status != Article.Status.PUBLISHED:
        raise InvalidTransition(_("Only a published article can be archived."))
    locked.status = Article.Status.ARCHIVED
    locked.save(update_fields=["status", "updated_at"])
    _cancel_schedules(locked, actor, reason="archived")
    _sync(article, locked)
    audit(actor, "article.archive", locked, agency_id=locked.agency_id)
    return article


def record_imported_revision(article: Article, *, published: bool, note: str) -> ArticleRevision:
    """Record content that import_faq just saved on `article`, so the history, the
    live revision and later diffs stay true. A published import is the agency's
    own official file (run by an operator, audited once per file), so it is
    recorded as approved and live without a reviewer; a draft import updates
    the open draft revision or starts one. Callers hold the transaction."""
    if not published:
        revision = article.revisions.open().first()
        if revision is not None and revision.status == ArticleRevision.Status.IN_REVIEW:
            return revision  # the article mirrors it; the reviewer sees the imported text in the diff
        if revision is not None:
            revision.title, revision.body_markdown = article.title, article.body_markdown
            revision.save(update_fields=["title", "body_markdown", "updated_at"])
            return revision
    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    revision = ArticleRevision.objects.create(
        article=article, number=number, author=None, change_note=_note(note, _("Imported")),
        significance=ArticleRevision.Significance.MAJOR, title=article.title, body_markdown=article.body_markdown,
        status=ArticleRevision.Status.APPROVED if published else ArticleRevision.Status.DRAFT,
        reviewed_at=now if published else None, published_at=now if published else None,
    )
    if published:
        Article.objects.filter(pk=article.pk).update(live_revision=revision)
        article.live_revision = revision
    return revision


def publish_scheduled_articles(now=None) -> list[ArticleRevision]:
    """Publish every approved revision whose date has come; returns them.

    A plain function so any scheduler can run it: the management command
    `publish_scheduled_articles` (cron), or a background task. Each revision
    is published in its own transaction, so one failure does not hold back
    the others, and running it twice (or in two workers) publishes once.
    """
    now = now or timezone.now()
    published = []
    due = ArticleRevision.objects.due(now).order_by("publish_at", "number").values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            revision = ArticleRevision.objects.select_for_update().filter(pk=pk).first()
            if revision is None or not revision.is_scheduled or revision.publish_at > now:
                continue  # published or cancelled meanwhile
            article = _locked_article(revision.article)
            revision.article = article
            live = article.live_revision
            if article.status == Article.Status.ARCHIVED or (live is not None and live.number > revision.number):
                _cancel_schedules(article, None, older_than=revision.number + 1,
                                  reason="archived" if article.status == Article.Status.ARCHIVED else "superseded")
                continue
            _go_live(revision, actor=None, now=now)
            published.append(revision)
    return published
