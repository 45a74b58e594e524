"""The search log: what was searched, how many results it found and which
result was opened at what position. Never who searched.

    entry = log_search(response, filters={"type": ["service"]}, language="id", source="page")
    log_click(entry.search_id, result_type="service", result_id=12, position=3)

Stored for a search: the query text normalised (analysis.normalize) and then
masked by the privacy shield, so a NIK, family-card number, phone number or
email address typed into the search box is never stored; as a second line of
defence any remaining chain of ten or more digits is masked the same way
(all but the last four digits become "*"). Also the result count, the filters
used, the language, the source (page or API), the results page number, the
time and a random search id that ties clicks to the search. Not stored: user,
session, IP address, user agent, referrer.

Kept for settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS: `prune_search_log()`,
run daily (tasks.prune_search_log) or by `manage.py prune_search_log`, deletes
older searches with their clicks.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from layanan.privacy.services import shield

from ..analysis import normalize
from ..models import SearchClick, SearchQuery
from .query import TYPE_LABELS

MAX_QUERY_LENGTH = SearchQuery._meta.get_field("query").max_length
MAX_POSITION = 10_000
KEEP_LAST_DIGITS = 4
# Searches deleted per transaction: a year of a busy portal's log is millions
# of rows, and one huge DELETE would hold the SQLite write lock for minutes.
PRUNE_BATCH = 5000

# Digits joined by single spaces, dots or dashes: "3171 0117 0845", "0812-3456-7890".
_DIGIT_CHAIN = re.compile(r"\d(?:[ .\-]?\d)*")


def _mask_long_digit_chains(text: str) -> str:
    def mask(match: re.Match) -> str:
        chain = match.group()
        digits = sum(c.isdigit() for c in chain)
        if digits < 10:
            return chain
        to_mask = digits - KEEP_LAST_DIGITS
        out = []
        for c in chain:
            if c.isdigit() and to_mask > 0:
                out.append("*")
                to_mask -= 1
            else:
                out.append(c)
        return "".join(out)

    return _DIGIT_CHAIN.sub(mask, text)


def loggable_query(text: str, *, search_id=None) -> str:
    """`text` as the log stores it: normalised, personal data masked, cut to length.

    A masked finding is recorded by the privacy shield (kinds and counts only,
    against this search's id), never with the value."""
    normalised = normalize(text)
    target = ("search.searchquery", str(search_id)) if search_id else None
    masked = shield(normalised, target=target, field="query").text
    return _mask_long_digit_chains(masked)[:MAX_QUERY_LENGTH]


def _clean_filters(filters: dict | None) -> dict:
    """Only the filters actually used, as plain JSON values."""
    out = {}
    for key, value in (filters or {}).items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, (list, tuple, set)):
            value = sorted(str(v)[:80] for v in value)
        else:
            value = str(value)[:80]
        out[str(key)] = value
    return out


def log_search(response, *, filters=None, language: str = "", source: str = SearchQuery.Source.PAGE,
               page: int = 1) -> SearchQuery | None:
    """Record one search (a services.query.SearchResponse). None for an empty query."""
    if not response.query:
        return None
    search_id = uuid.uuid4()
    return SearchQuery.objects.create(
        search_id=search_id,
        query=loggable_query(response.query, search_id=search_id),
        result_count=response.total,
        filters=_clean_filters(filters),
        language=(language or "")[:10],
        source=source,
        page=max(1, int(page)),
    )


def log_click(search_id, *, result_type: str, result_id: int, position: int) -> SearchClick | None:
    """Record that the result at `position` (1 = first) of search `search_id`
    was opened. None when the search is unknown or the values are out of range."""
    try:
        search_id = uuid.UUID(str(search_id))
        result_id = int(result_id)
        position = int(position)
    except (TypeError, ValueError, AttributeError):
        return None
    if not (1 <= position <= MAX_POSITION) or result_id < 0 or result_type not in TYPE_LABELS:
        return None
    if not SearchQuery.objects.filter(search_id=search_id).exists():
        return None
    return SearchClick.objects.create(
        search_id=search_id, result_type=result_type, result_id=result_id, position=position,
    )


def prune_search_log(*, days: int | None = None, now=None, dry_run: bool = False,
                     batch_size: int = PRUNE_BATCH, progress=None) -> dict:
    """Delete the searches logged more than `days` ago (default
    settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS) with their clicks, oldest
    first, `batch_size` searches per transaction; `progress(searches deleted
    so far, searches to delete)` after each batch. `dry_run` only counts.
    Returns {"cutoff": ISO time, "searches": n, "clicks": n}."""
    days = settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS if days is None else int(days)
    if days < 1:
        raise ValueError("days must be 1 or more")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = SearchQuery.objects.filter(created_at__lt=cutoff)
    if dry_run:
        clicks = SearchClick.objects.filter(search__created_at__lt=cutoff).count()
        return {"cutoff": cutoff.isoformat(), "searches": old.count(), "clicks": clicks}
    to_delete = old.count()
    searches = clicks = 0
    while searches < to_delete:
        with transaction.atomic():
            ids = list(old.order_by("id").values_list("id", flat=True)[:batch_size])
            if not ids:
                break
            _, per_model = SearchQuery.objects.filter(id__in=ids).delete()
        searches += per_model.get(SearchQuery._meta.label, 0)
        clicks += per_model.get(SearchClick._meta.label, 0)
        if progress:
            progress(searches, to_delete)
    return {"cutoff": cutoff.isoformat(), "searches": searches, "clicks": clicks}
