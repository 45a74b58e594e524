"""Sign-up and email verification.

A new account is inactive until its owner opens the link emailed to them; the
link carries a one-time token (see `layanan.accounts.tokens`). Inactive
accounts cannot log in or receive password-reset mail.
"""

import logging
import smtplib

from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from ..models import User
from ..tokens import activation_token_generator
from .mail import send_account_email

logger = logging.getLogger(__name__)


def register_user(*, username: str, email: str, display_name: str, password: str) -> User:
    """Create an inactive citizen account (no agency role, no staff access)."""
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        display_name=display_name,
        is_active=False,
    )
    user.set_password(password)
    with transaction.atomic():
        user.save()
    return user


def activation_path(user: User) -> str:
    return reverse("accounts:activate", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": activation_token_generator.make_token(user),
    })


def send_activation_email(request, user: User) -> bool:
    """Email the activation link. Returns False (and logs) if the mail server failed,
    so the caller can tell the user to ask for the link again."""
    try:
        send_account_email(user.email, "accounts/email/activation", {
            "user": user,
            "activation_url": request.build_absolute_uri(activation_path(user)),
        })
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the activation email to user %s", user.pk)
        return False
    return True


def resend_activation_email(request, email: str) -> None:
    """Send the link again to every inactive, never-activated account with this email.

    Says nothing about whether such an account exists: the caller shows the
    same message either way.
    """
    users = User.objects.filter(email__iexact=email.strip(), is_active=False, last_login__isnull=True)
    for user in users:
        send_activation_email(request, user)


def activate_user(uidb64: str, token: str) -> User | None:
    """Activate the account the link is for; None if the link is invalid, expired or used."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    # Accounts a site admin deactivated after they were used stay deactivated.
    if user.is_active or user.last_login is not None:
        return None
    if not activation_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
