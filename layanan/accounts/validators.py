"""Rules for public display names.

A display name is a pseudonym shown next to everything a user posts. It must
not reveal how to reach the person (an email address or a phone number), must
not carry an ID number, and must not pose as the portal or an official.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 3
MAX_LENGTH = 60
# Seven or more digits anywhere in the name can be most of a phone number,
# a NIK or an account number; no pseudonym needs that many.
MAX_DIGITS = 6
ALLOWED = re.compile(r"^[\w .'\-]+$")
EMAIL_LIKE = re.compile(r"@|\[at\]|\(at\)", re.IGNORECASE)
URL_LIKE = re.compile(r"https?:|www\.|\.(com|id|net|org|co)\b", re.IGNORECASE)
# Words that make a citizen look like the portal or an agency's officer.
RESERVED_WORDS = {
    "admin", "administrator", "moderator", "layanan", "official", "resmi", "petugas", "staff", "staf",
}


def normalize_display_name(value: str) -> str:
    """Trim and collapse runs of whitespace, so "Budi  S" and "Budi S" are one name."""
    return " ".join((value or "").split())


def validate_display_name(value: str) -> None:
    name = normalize_display_name(value)
    if len(name) < MIN_LENGTH:
        raise ValidationError(
            _("A display name needs at least %(min)d characters."),
            code="too_short", params={"min": MIN_LENGTH},
        )
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            _("A display name can have at most %(max)d characters."),
            code="too_long", params={"max": MAX_LENGTH},
        )
    if EMAIL_LIKE.search(name):
        raise ValidationError(
            _("A display name is public, so it must not contain an email address or the @ sign."),
            code="email",
        )
    if sum(ch.isdigit() for ch in name) > MAX_DIGITS:
        raise ValidationError(
            _("A display name is public, so it must not contain a phone number or another long number."),
            code="number",
        )
    if URL_LIKE.search(name):
        raise ValidationError(_("A display name must not contain a web address."), code="url")
    if not ALLOWED.match(name):
        raise ValidationError(
            _("Use only letters, numbers, spaces, dots, hyphens, underscores and apostrophes."),
            code="characters",
        )
    if not any(ch.isalpha() for ch in name):
        raise ValidationError(_("A display name needs at least one letter."), code="no_letter")
    words = {w for w in re.split(r"[\W_]+", name.lower()) if w}
    if words & RESERVED_WORDS:
        raise ValidationError(
            _("A display name must not suggest that you speak for the portal or an agency."),
            code="reserved",
        )
