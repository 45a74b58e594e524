"""The daily freshness digest and escalation, run by the background task
`layanan.freshness.tasks.send_freshness_digests` (see docs/freshness.md).

For each agency with something to say, its editors (knowledge managers and
agency admins) and the owners of the listed items get one email: what is
overdue, never verified or due soon, open inaccuracy reports and pending
suggested edits. What has stayed overdue longer than
LAYANAN_ESCALATE_AFTER_DAYS is escalated in a separate email to the agency's
admins (to the site admins when the agency has none).

Each mail sent is recorded (`DigestDelivery`), so running the job twice on
one day, or retrying it after a failure, never mails anyone twice.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from layanan.accounts.models import AgencyMembership, Role
from layanan.accounts.policies import EDITOR_ROLES
from layanan.audit.services import record as audit

from .. import overview
from ..models import DigestDelivery

logger = logging.getLogger(__name__)


def _recipients(digests):
    """({agency_id: [editors]}, {agency_id: [admins]}) among active users."""
    editors, admins = defaultdict(dict), defaultdict(dict)
    memberships = AgencyMembership.objects.filter(
        agency_id__in=[d.agency.pk for d in digests], user__is_active=True, role__in=EDITOR_ROLES,
    ).select_related("user")
    for m in memberships:
        editors[m.agency_id][m.user_id] = m.user
        if m.role == Role.AGENCY_ADMIN:
            admins[m.agency_id][m.user_id] = m.user
    return editors, admins


def _site_url(path: str) -> str:
    return settings.LAYANAN_SITE_URL + path


def _render(template, subject, context, to) -> EmailMessage:
    body = render_to_string(template, context)
    return EmailMessage(subject=subject, body=body, to=[to])


def _digest_message(digest, user, now) -> EmailMessage:
    context = {
        "user": user,
        "digest": digest,
        "now": now,
        "site_url": settings.LAYANAN_SITE_URL,
        "dashboard_url": _site_url(reverse("freshness:dashboard", args=[digest.agency.slug])),
        "due_soon_days": settings.LAYANAN_DUE_SOON_DAYS,
    }
    subject = _("[Layanan] Freshness digest for %(agency)s: %(overdue)d overdue, %(soon)d due soon") % {
        "agency": digest.agency.display_short_name,
        "overdue": len(digest.overdue) + len(digest.unverified),
        "soon": len(digest.due_soon),
    }
    return _render("freshness/email/digest.txt", subject, context, user.email)


def _escalation_message(digest, late, user, now) -> EmailMessage:
    context = {
        "user": user,
        "digest": digest,
        "late": late,
        "days": settings.LAYANAN_ESCALATE_AFTER_DAYS,
        "site_url": settings.LAYANAN_SITE_URL,
        "dashboard_url": _site_url(reverse("freshness:dashboard", args=[digest.agency.slug])),
    }
    subject = _("[Layanan] Escalation: %(count)d items of %(agency)s overdue for more than %(days)d days") % {
        "count": len(late), "agency": digest.agency.display_short_name,
        "days": settings.LAYANAN_ESCALATE_AFTER_DAYS,
    }
    return _render("freshness/email/escalation.txt", subject, context, user.email)


def send_digests(*, now=None) -> dict:
    """Send today's digests and escalations; returns counts (for the task result)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    digests = [d for d in overview.digests(now=now) if not d.is_empty]
    editors, admins = _recipients(digests)
    already = set(
        DigestDelivery.objects.filter(sent_on=today, agency_id__in=[d.agency.pk for d in digests])
        .values_list("user_id", "agency_id", "kind")
    )
    site_admins = None
    outgoing = []  # (message, user, agency, kind, item_count)
    with translation.override(settings.LANGUAGE_CODE):
        for digest in digests:
            agency = digest.agency
            recipients = dict(editors[agency.pk])
            for item in digest.items:
                owner = item.obj.owner
                if owner is not None and owner.is_active:
                    recipients.setdefault(owner.pk, owner)
            for user in recipients.values():
                if user.email and (user.pk, agency.pk, DigestDelivery.Kind.DIGEST) not in already:
                    count = len(digest.items) + len(digest.reports) + len(digest.suggestions)
                    outgoing.append((_digest_message(digest, user, now), user, agency,
                                     DigestDelivery.Kind.DIGEST, count))
            late = overview.escalated(digest.items, now=now)
            if not late:
                continue
            escalate_to = list(admins[agency.pk].values())
            if not escalate_to:
                if site_admins is None:
                    site_admins = list(get_user_model().objects.filter(is_superuser=True, is_active=True))
                escalate_to = site_admins
            sent_to = []
            for user in escalate_to:
                if user.email and (user.pk, agency.pk, DigestDelivery.Kind.ESCALATION) not in already:
                    outgoing.append((_escalation_message(digest, late, user, now), user, agency,
                                     DigestDelivery.Kind.ESCALATION, len(late)))
                    sent_to.append(user.pk)
            if sent_to:
                audit(None, "freshness.escalate", agency, agency_id=agency.pk, recipients=sent_to,
                      items=[f"{i.kind}:{i.obj.pk}" for i in late])

    sent = {DigestDelivery.Kind.DIGEST: 0, DigestDelivery.Kind.ESCALATION: 0}
    failed = 0
    if outgoing:
        connection = get_connection()
        for message, user, agency, kind, count in outgoing:
            message.connection = connection
            try:
                message.send()
            except OSError:  # one unreachable mailbox must not stop the others
                logger.exception("Could not send the freshness %s to user %s", kind, user.pk)
                failed += 1
                continue
            DigestDelivery.objects.get_or_create(user=user, agency=agency, kind=kind, sent_on=today,
                                                 defaults={"item_count": count})
            sent[kind] += 1
        connection.close()
    return {"agencies": len(digests), "digests": sent[DigestDelivery.Kind.DIGEST],
            "escalations": sent[DigestDelivery.Kind.ESCALATION], "failed": failed}
