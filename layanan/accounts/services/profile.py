"""Changes users make to their own account."""

from ..models import User
from ..validators import normalize_display_name


def update_display_name(user: User, display_name: str) -> User:
    user.display_name = normalize_display_name(display_name)
    user.save(update_fields=["display_name"])
    return user
