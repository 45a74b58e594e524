"""Tell citizens what became of their suggestion or report: in the app (listed
on /akun/saran-saya/) and by email, sent once the decision is committed."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Notification

logger = logging.getLogger(__name__)


def notify(user, kind: str, *, suggestion=None, report=None) -> Notification | None:
    """Create the in-app notice and mail a copy after the transaction commits."""
    if user is None or not user.is_active:
        return None
    notification = Notification.objects.create(user=user, kind=kind, suggestion=suggestion, report=report)
    if user.email:
        transaction.on_commit(lambda: _send_email(notification))
    return notification


def _send_email(notification: Notification) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "user": notification.user,
            "suggestion": notification.suggestion,
            "report": notification.report,
            "page": (notification.suggestion or notification.report).target,
            "my_suggestions_url": settings.LAYANAN_SITE_URL + reverse("freshness:my-suggestions"),
            "site_url": settings.LAYANAN_SITE_URL,
        }
        subject = _("[Layanan] %(what)s") % {"what": notification.get_kind_display()}
        body = render_to_string("freshness/email/notification.txt", context)
    try:
        send_mail(subject, body, None, [notification.user.email])
    except OSError:  # includes SMTP errors: the in-app notice is there anyway
        logger.exception("Could not mail freshness notification %s", notification.pk)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
