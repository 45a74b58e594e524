"""Citizens' feedback and inaccuracy reports, and their handling by the agency.

Every write of citizen text goes through the privacy shield first. Staff
decisions are permission-checked in accounts.policies and audited.
"""

from django.db import transaction
from django.utils import timezone

from layanan.accounts import policies
from layanan.audit.services import record as audit
from layanan.privacy.services import shield

from ..models import Feedback, InaccuracyReport, Notification
from .notifications import notify

COMMENT_MAX = 2000


class PermissionDenied(Exception):
    pass


class AlreadyHandled(ValueError):
    """The ticket was decided already (by someone else, or in another tab)."""


def record_feedback(target, *, helpful: bool, comment: str = "") -> Feedback:
    """Count one "was this helpful?" answer for a service or article page.

    No user or address is stored; the optional comment keeps only its masked
    text, so no personal data is ever stored with feedback.
    """
    feedback = Feedback(helpful=helpful)
    feedback.target = target
    feedback.save()
    if comment.strip():
        add_feedback_reason(feedback, comment)
    return feedback


def add_feedback_reason(feedback: Feedback, comment: str) -> Feedback:
    """Attach why the page did not help (masked; the original is not kept)."""
    result = shield(comment.strip()[:COMMENT_MAX], target=feedback, field="comment")
    feedback.comment = result.text
    feedback.save(update_fields=["comment"])
    return feedback


@transaction.atomic
def report_inaccuracy(target, reporter, *, description: str, source_url: str = ""):
    """Open a freshness ticket for the agency owning `target`. Returns (report, findings)."""
    report = InaccuracyReport(reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
                              source_url=source_url.strip())
    report.target = target
    text = description.strip()[:COMMENT_MAX]
    report.description = text
    report.save()
    result = shield(text, actor=reporter, target=report, field="description")
    if result.findings:
        report.description = result.text
        report.description_private = text
        report.save(update_fields=["description", "description_private"])
    return report, result.findings


@transaction.atomic
def handle_report(report: InaccuracyReport, actor, *, dismiss: bool = False, note: str = "") -> InaccuracyReport:
    """Resolve (the page was fixed or confirmed) or dismiss (nothing to change) a report."""
    report = InaccuracyReport.objects.select_for_update(of=("self",)).with_target().get(pk=report.pk)
    if not policies.can_handle_freshness_tickets(actor, report.agency_id):
        raise PermissionDenied
    if not report.is_open:
        raise AlreadyHandled
    report.status = InaccuracyReport.Status.DISMISSED if dismiss else InaccuracyReport.Status.RESOLVED
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.resolution_note = note.strip()[:COMMENT_MAX]
    report.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
    audit(actor, "freshness.report_dismiss" if dismiss else "freshness.report_resolve", report,
          agency_id=report.agency_id, page=f"{report.target_kind}:{report.target.pk}")
    if report.reporter_id:
        notify(report.reporter,
               Notification.Kind.REPORT_DISMISSED if dismiss else Notification.Kind.REPORT_RESOLVED,
               report=report)
    return report
