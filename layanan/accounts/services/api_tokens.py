"""API bearer tokens: created once, stored hashed, revocable.

The key is `lyn_` followed by 43 URL-safe random characters (256 bits). Only
its SHA-256 hash is stored, so a copy of the database does not give API
access; the first characters are kept as a `prefix` to recognise a token in
lists and logs.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from layanan.audit.services import record as audit

from ..models import ApiToken, User, hash_token_key

KEY_PREFIX = "lyn_"
SHOWN_PREFIX_LENGTH = 12
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_api_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the new token and its key. The key cannot be recovered later."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token_key(key), prefix=key[:SHOWN_PREFIX_LENGTH],
    )
    return token, key


def authenticate_api_key(key: str) -> ApiToken | None:
    """The live token with this key, if any; its user must be active."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token_key(key), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_api_token(actor, token: ApiToken) -> None:
    if token.revoked:
        return
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit(actor, "api_token.revoke", token, owner_id=token.user_id, prefix=token.prefix)
