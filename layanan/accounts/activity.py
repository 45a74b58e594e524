"""Public activity on profile pages, supplied by other apps.

Accounts knows nothing about questions or answers. An app that has public
activity to show registers a provider, typically in its AppConfig.ready():

    from layanan.accounts.activity import ActivityItem, register_activity_provider

    def recent_answers(user, limit):
        for answer in Answer.objects.visible().filter(author=user)[:limit]:
            yield ActivityItem(
                kind=gettext("Answer"), title=answer.question.title,
                url=answer.get_absolute_url(), created_at=answer.created_at,
            )

    register_activity_provider(recent_answers)

A provider gets the profile's user and the number of items wanted and
returns at most that many items, newest first. It must return only what the
public may see (no hidden posts, no masked originals).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from heapq import nlargest

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class ActivityItem:
    kind: str  # translated label, e.g. "Question"
    title: str
    url: str
    created_at: datetime
    summary: str = ""


ActivityProvider = Callable[[object, int], Iterable[ActivityItem]]

_providers: list[ActivityProvider] = []


def register_activity_provider(provider: ActivityProvider) -> ActivityProvider:
    """Add a provider (idempotent); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_activity_provider(provider: ActivityProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def activity_providers() -> tuple[ActivityProvider, ...]:
    return tuple(_providers)


def public_activity(user, limit: int = DEFAULT_LIMIT) -> list[ActivityItem]:
    """The newest `limit` items from all providers, newest first."""
    items = (item for provider in _providers for item in provider(user, limit))
    return nlargest(limit, items, key=lambda item: item.created_at)
