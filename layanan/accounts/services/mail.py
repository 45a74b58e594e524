"""Sending account mail through Django's configured email backend."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_account_email(to: str, template_prefix: str, context: dict) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_body.txt` and send one plain-text email.

    Rendered in the active language, so a user who signed up on /en/ gets English mail.
    """
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    body = render_to_string(f"{template_prefix}_body.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
