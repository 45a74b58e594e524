"""Deflection: while a citizen writes a question, show what already answers it.

Suggestions come from the search app (services, knowledge articles and
answered questions). When the citizen says "this answers my question", a
`DeflectionEvent` is recorded and they go to the item: one question that did
not need asking, and one call or visit the agency did not get.
"""

from layanan.search.registry import get_registration
from layanan.search.services.query import Hit, search, suggest

from ..models import DeflectionEvent

SUGGESTION_TYPES = ("service", "article", "question")
MIN_QUERY_LENGTH = 3


def suggestions_for(title: str, limit: int = 6) -> list[Hit]:
    """What may already answer a question titled `title`, best first.

    Relevance search first (a title is a sentence, not a prefix), topped up
    with title-prefix matches while the citizen is still typing a word.
    """
    title = " ".join((title or "").split())
    if len(title) < MIN_QUERY_LENGTH:
        return []
    hits = list(search(title, types=SUGGESTION_TYPES, limit=limit).results)
    if len(hits) < limit:
        seen = {(h.type, h.id) for h in hits}
        for hit in suggest(title, limit=limit, types=SUGGESTION_TYPES):
            if (hit.type, hit.id) not in seen:
                hits.append(hit)
                seen.add((hit.type, hit.id))
    return hits[:limit]


def record_deflection(user, query: str, result_type: str, result_id: int) -> DeflectionEvent | None:
    """Count that `query` was answered by an item; None when the item is not public.

    The item's address is looked up, never taken from the request, so the
    redirect that follows cannot be pointed elsewhere.
    """
    if result_type not in SUGGESTION_TYPES:
        return None
    registration = get_registration(result_type)
    document = registration.document_for(result_id) if registration else None
    if document is None:
        return None
    return DeflectionEvent.objects.create(
        query=" ".join((query or "").split())[:200],
        result_type=result_type,
        result_id=result_id,
        result_url=document.url[:300],
        user=user if getattr(user, "is_authenticated", False) else None,
    )
