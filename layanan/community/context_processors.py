"""The unread-notification count in the header.

Given to templates as a callable, so the one indexed COUNT runs only when a
template shows it, and only for signed-in users.
"""

from functools import partial

from .services.notifications import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"community_unread_count": 0}
    return {"community_unread_count": partial(_cached_count, request)}


def _cached_count(request) -> int:
    if not hasattr(request, "_community_unread_count"):
        request._community_unread_count = unread_count(request.user)
    return request._community_unread_count
