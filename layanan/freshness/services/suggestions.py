"""Suggested edits: a citizen proposes a correction, the owning agency accepts
it (applying it as a new revision) or declines it with a reason, and the
citizen is told either way.

Services: accepting a suggestion for a text part of the page (name, summary,
requirements, procedure, duration, product, complaints) applies the text the
editor confirms through the same document the open-data import uses, and
records a service revision whose change note credits the suggestion. Parts
with structured rows (fees, channels, legal basis, "something else") are
accepted without applying: the editor makes the change in the staff area.

Articles: accepting writes the confirmed text into the article's draft
revision through the knowledge workflow (`save_draft`), which a second person
then reviews as usual; when the article has changes in review already, the
suggestion is accepted without applying and the editor merges it by hand.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from layanan.accounts import policies
from layanan.audit.services import record as audit
from layanan.catalog.models import Service
from layanan.catalog.services.documents import apply_service_document
from layanan.catalog.services.revisions import record_revision
from layanan.privacy.services import shield

from ..models import Notification, SuggestedEdit
from .feedback import AlreadyHandled, PermissionDenied
from .notifications import notify

TEXT_MAX = 5000
Field = SuggestedEdit.Field

# Parts that accepting can apply by itself, per kind of page.
APPLICABLE_SERVICE_FIELDS = {
    Field.NAME, Field.SUMMARY, Field.REQUIREMENTS, Field.STEPS, Field.DURATION, Field.PRODUCT, Field.COMPLAINTS,
}
APPLICABLE_ARTICLE_FIELDS = {Field.TITLE, Field.BODY}
# Parts written one item per line.
LIST_FIELDS = {Field.REQUIREMENTS, Field.STEPS, Field.FEES, Field.CHANNELS, Field.LEGAL_BASIS}


def fields_for(target) -> list[tuple[str, str]]:
    """The (value, label) choices of the parts of this kind of page."""
    fields = SuggestedEdit.SERVICE_FIELDS if isinstance(target, Service) else SuggestedEdit.ARTICLE_FIELDS
    return [(f.value, f.label) for f in fields]


def is_applicable(suggestion: SuggestedEdit) -> bool:
    allowed = APPLICABLE_SERVICE_FIELDS if suggestion.service_id else APPLICABLE_ARTICLE_FIELDS
    return suggestion.field in allowed


def current_text(target, field: str) -> str:
    """What the page says now in that part, as plain text (lists one item a line)."""
    if not isinstance(target, Service):
        return {Field.TITLE: target.title, Field.BODY: target.body_markdown}.get(field, "")
    service = target
    if field == Field.NAME:
        return service.name
    if field == Field.SUMMARY:
        return service.summary
    if field == Field.REQUIREMENTS:
        return "\n".join(r.text for r in service.requirements.all())
    if field == Field.STEPS:
        return "\n".join(s.text for s in service.steps.all())
    if field == Field.DURATION:
        return " — ".join(p for p in (service.duration_structured, service.duration_text) if p)
    if field == Field.FEES:
        return "\n".join(
            f"{f.label}: Rp{f.amount:,}".replace(",", ".") + (f" ({f.condition})" if f.condition else "")
            for f in service.fees.all()
        )
    if field == Field.PRODUCT:
        return service.product
    if field == Field.CHANNELS:
        return "\n".join(f"{c.name}: {c.value}".rstrip(": ") for c in service.channels.all())
    if field == Field.COMPLAINTS:
        return service.complaint_handling
    if field == Field.LEGAL_BASIS:
        return "\n".join(b.title for b in service.legal_bases.all())
    return ""


@transaction.atomic
def suggest_edit(target, proposer, *, field: str, proposed_text: str, reason: str, source_url: str):
    """Record a citizen's correction for the owning agency. Returns (suggestion, findings)."""
    if not policies.can_suggest_edit(proposer):
        raise PermissionDenied
    if field not in {value for value, _label in fields_for(target)}:
        raise ValueError(f"Unknown part {field!r} for this page")
    text = proposed_text.strip()[:TEXT_MAX]
    suggestion = SuggestedEdit(
        proposer=proposer, field=field, current_text=current_text(target, field),
        proposed_text=text, reason="", source_url=source_url.strip(),
    )
    suggestion.target = target
    suggestion.save()
    masked = shield(text, actor=proposer, target=suggestion, field="proposed_text")
    masked_reason = shield(reason.strip()[:TEXT_MAX], actor=proposer, target=suggestion, field="reason")
    suggestion.proposed_text = masked.text
    suggestion.proposed_text_private = text if masked.findings else ""
    suggestion.reason = masked_reason.text
    suggestion.save(update_fields=["proposed_text", "proposed_text_private", "reason"])
    return suggestion, masked.findings + masked_reason.findings


def _credit_note(suggestion: SuggestedEdit) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Suggested correction #%(number)s by %(name)s: %(part)s") % {
            "number": suggestion.pk,
            "name": suggestion.proposer.public_name,
            "part": suggestion.get_field_display(),
        }
    return note[:300]


def _apply_to_service(service: Service, field: str, text: str, editor, note: str) -> int | None:
    doc = service.to_document()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if field == Field.NAME:
        doc["name"] = " ".join(lines)
    elif field == Field.SUMMARY:
        doc["summary"] = text.strip()
    elif field == Field.REQUIREMENTS:
        # Keep the form, note and verification flag of requirements whose text stays.
        existing = {r["text"]: r for r in doc["requirements"]}
        doc["requirements"] = [existing.get(line, {"text": line}) for line in lines]
    elif field == Field.STEPS:
        doc["steps"] = lines
    elif field == Field.DURATION:
        doc["duration"] = {**doc["duration"], "text": text.strip()}
    elif field == Field.PRODUCT:
        doc["product"] = text.strip()
    elif field == Field.COMPLAINTS:
        doc["complaint_handling"] = text.strip()
    apply_service_document(doc, service=service)
    revision = record_revision(service, editor, note, action="service.edit")
    return revision.number if revision else None


def _apply_to_article(article, field: str, text: str, editor, note: str) -> bool:
    """Write the text into the article's draft revision; False when that is not possible now."""
    try:
        from layanan.knowledge.services import workflow
    except ImportError:  # no review workflow: the editor applies it in the staff area
        return False
    base = workflow.edit_base(article)
    title, body = base.title, base.body_markdown
    if field == Field.TITLE:
        title = " ".join(text.split())
    else:
        body = text.strip()
    try:
        workflow.save_draft(editor, article, title=title, body_markdown=body, change_note=note)
    except workflow.InvalidTransition:  # changes are in review: merge by hand later
        return False
    return True


@transaction.atomic
def accept_suggestion(suggestion: SuggestedEdit, editor, *, apply_text: str | None = None) -> SuggestedEdit:
    """Accept a suggestion. With `apply_text` (the text the editor confirmed,
    usually the proposed one), an applicable part is changed at once: a service
    gets a new revision crediting the suggestion, an article a draft revision."""
    suggestion = SuggestedEdit.objects.select_for_update(of=("self",)).with_target().get(pk=suggestion.pk)
    if not policies.can_handle_freshness_tickets(editor, suggestion.agency_id):
        raise PermissionDenied
    if not suggestion.is_pending:
        raise AlreadyHandled
    applied = False
    if apply_text is not None and apply_text.strip() and is_applicable(suggestion):
        note = _credit_note(suggestion)
        if suggestion.service_id:
            service = Service.objects.select_for_update().get(pk=suggestion.service_id)
            if not policies.can_edit_service(editor, service):
                raise PermissionDenied
            suggestion.applied_revision = _apply_to_service(service, suggestion.field, apply_text, editor, note)
            applied = True
        else:
            applied = _apply_to_article(suggestion.article, suggestion.field, apply_text, editor, note)
    suggestion.status = SuggestedEdit.Status.ACCEPTED
    suggestion.decided_by = editor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "applied_revision"])
    audit(editor, "freshness.suggestion_accept", suggestion, agency_id=suggestion.agency_id,
          page=f"{suggestion.target_kind}:{suggestion.target.pk}", field=suggestion.field, applied=applied,
          revision=suggestion.applied_revision)
    notify(suggestion.proposer, Notification.Kind.SUGGESTION_ACCEPTED, suggestion=suggestion)
    suggestion.applied = applied
    return suggestion


@transaction.atomic
def decline_suggestion(suggestion: SuggestedEdit, editor, *, reason: str) -> SuggestedEdit:
    """Decline a suggestion; the reason is sent to the proposer."""
    if not reason.strip():
        raise ValueError("A reason is required to decline a suggestion")
    suggestion = SuggestedEdit.objects.select_for_update(of=("self",)).with_target().get(pk=suggestion.pk)
    if not policies.can_handle_freshness_tickets(editor, suggestion.agency_id):
        raise PermissionDenied
    if not suggestion.is_pending:
        raise AlreadyHandled
    suggestion.status = SuggestedEdit.Status.DECLINED
    suggestion.decided_by = editor
    suggestion.decided_at = timezone.now()
    suggestion.decline_reason = reason.strip()[:TEXT_MAX]
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    audit(editor, "freshness.suggestion_decline", suggestion, agency_id=suggestion.agency_id,
          page=f"{suggestion.target_kind}:{suggestion.target.pk}", field=suggestion.field)
    notify(suggestion.proposer, Notification.Kind.SUGGESTION_DECLINED, suggestion=suggestion)
    return suggestion
