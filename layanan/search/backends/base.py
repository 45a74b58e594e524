"""What every full-text backend does, and the SQL both share.

A backend keeps its own index table beside `search_searchdocument` (rows are
linked by the document's id) and answers: which documents match a query,
with what relevance; how many per facet value; which titles start with what
the user is typing; which indexed words look like a misspelt one.

Relevance is the backend's ranking function over the analysed terms with
field weights title > summary > body (TITLE_WEIGHT, SUMMARY_WEIGHT,
BODY_WEIGHT), multiplied by (1 + OFFICIAL_BOOST if official + FRESH_BOOST if
verified recently). The multipliers are small on purpose: they decide the
order only between results whose relevance is within about 10%.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ..analysis import QueryGroup

TITLE_WEIGHT = 10.0
SUMMARY_WEIGHT = 4.0
BODY_WEIGHT = 1.0
OFFICIAL_BOOST = 0.05
FRESH_BOOST = 0.05

DOCUMENT_TABLE = "search_searchdocument"
VOCABULARY_TABLE = "search_vocabularyterm"

# Facet dimension → (value column, label column) of the document table.
FACET_COLUMNS = {
    "type": ("doc_type", "doc_type"),
    "agency": ("agency_slug", "agency_name"),
    "category": ("category_slug", "category_name"),
    "region": ("region_code", "region_name"),
}


class Estimate(int):
    """A count estimated from a sample of the matches, to be shown as
    "about N" (see SqliteFts5Backend.count_and_facets). Plain ints are exact."""

    approximate = True


@dataclass
class IndexEntry:
    """The analysed fields of one document, as the backend stores them."""

    doc_id: int
    title: list[str]
    summary: list[str]
    body: list[str]
    title_words: list[str]  # unstemmed tokens of the title, for suggestions


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] | None = None
    agency: str | None = None
    category: str | None = None
    # A region and its ancestors ("51.71", "51"): national documents always match.
    region_codes: tuple[str, ...] | None = None

    def without(self, dimension: str) -> Filters:
        field = _FILTER_FIELDS.get(dimension, dimension)
        return replace(self, **{field: None})

    def only(self, dimension: str) -> Filters:
        """This filter on `dimension` alone."""
        field = _FILTER_FIELDS.get(dimension, dimension)
        return Filters(**{field: getattr(self, field)})


_FILTER_FIELDS = {"type": "types", "region": "region_codes"}


def facet_order(values: list[tuple[str | None, str, int]]) -> list[tuple[str | None, str, int]]:
    """(value, label, count) most frequent first, then by label and value,
    compared by code point: the same order on every database (their
    collations and NULL orders differ)."""
    return sorted(values, key=lambda item: (-item[2], item[1], item[0] or ""))


def filter_sql(filters: Filters, alias: str = "d") -> tuple[str, list]:
    clauses, params = [], []
    if filters.types:
        clauses.append(f"{alias}.doc_type IN ({', '.join(['%s'] * len(filters.types))})")
        params += list(filters.types)
    if filters.agency:
        clauses.append(f"{alias}.agency_slug = %s")
        params.append(filters.agency)
    if filters.category:
        clauses.append(f"{alias}.category_slug = %s")
        params.append(filters.category)
    if filters.region_codes:
        placeholders = ", ".join(["%s"] * len(filters.region_codes))
        clauses.append(f"({alias}.region_code IS NULL OR {alias}.region_code IN ({placeholders}))")
        params += list(filters.region_codes)
    return "".join(f" AND {c}" for c in clauses), params


def rarest_alternatives(bounded: list[tuple[int, tuple[str, ...]]], budget: int) -> list[tuple[str, ...]]:
    """Of (at most how many documents match it, alternative) pairs: the
    alternatives with the smallest bounds, rarest first, as long as their
    bounds add up to at most `budget`. Large match sets are ranked by
    candidates that match many of the query's groups, but a rare word is
    strong evidence on its own ("bpjs nanggung kacamata gak" must find the
    one answer about glasses, which says neither "bpjs" nor "tanggung",
    among thousands that say both), so both backends add the documents with
    the rarest words to their candidates: few documents, cheap to score."""
    rows, chosen = 0, []
    for bound, alt in sorted(bounded, key=lambda pair: pair[0]):
        rows += max(bound, 1)
        if rows > budget:
            break
        chosen.append(alt)
    return list(dict.fromkeys(chosen))


def fresh_since() -> datetime:
    """Documents verified at or after this are fresh for the boost: within
    the default review interval."""
    return timezone.now() - timedelta(days=settings.LAYANAN_DEFAULT_REVIEW_INTERVAL_DAYS)


def boost_sql(fresh_since: datetime, alias: str = "d") -> tuple[str, list]:
    sql = (
        f"(1.0 + CASE WHEN {alias}.official THEN {OFFICIAL_BOOST} ELSE 0.0 END"
        f" + CASE WHEN {alias}.verified_at >= %s THEN {FRESH_BOOST} ELSE 0.0 END)"
    )
    return sql, [connection.ops.adapt_datetimefield_value(fresh_since)]


class SearchBackend:
    """Subclasses supply the match clause and the relevance expression."""

    name = "base"
    # Whether count_and_facets gains from a connection of its own beside the
    # ranking (services/counting.py). PostgreSQL, a server process per
    # connection, does; SQLite, in this process and short of CPU with the
    # query embeddings, lost (mean 18.7 -> 20.9 ms at 100 000 documents).
    counts_beside_ranking = False

    # --- index maintenance (implemented by subclasses) ---------------------
    def index(self, entries: list[IndexEntry]) -> None:
        raise NotImplementedError

    def delete(self, doc_ids: list[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def word_candidates(self, word: str, min_length: int, max_length: int) -> list[tuple[str, int]]:
        """Indexed words (kind "word") starting with the same letter as `word`,
        of a length in [min_length, max_length], likely to be close to it."""
        raise NotImplementedError

    # --- queries -------------------------------------------------------------
    def _match(self, groups: list[QueryGroup]) -> tuple[str, list]:
        """FROM … WHERE … for documents matching any group, aliasing the document table as d."""
        raise NotImplementedError

    def _relevance(self, groups: list[QueryGroup]) -> tuple[str, list]:
        raise NotImplementedError

    def _suggest_match(self, words: list[str], prefix: str) -> tuple[str, list]:
        raise NotImplementedError

    def search(self, groups: list[QueryGroup], filters: Filters, *, limit: int, offset: int,
               fresh_since: datetime) -> list[tuple[int, float]]:
        """(document id, score) best first."""
        if not groups:
            return []
        match_sql, match_params = self._match(groups)
        where_sql, where_params = filter_sql(filters)
        relevance_sql, relevance_params = self._relevance(groups)
        boost, boost_params = boost_sql(fresh_since)
        sql = (
            f"SELECT d.id, ({relevance_sql}) * {boost} AS score {match_sql}{where_sql}"
            f" ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
        )
        params = relevance_params + boost_params + match_params + where_params + [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def rare_documents(self, groups: list[QueryGroup], filters: Filters, budget: int) -> list[int]:
        """The ids of the documents (passing the filters) that contain the
        query's rarest alternatives, rarest first while they add up to at
        most `budget` documents in the whole index (`rarest_alternatives`),
        at most `budget` of them, by id."""
        raise NotImplementedError

    def rerank_facts(self, doc_ids: list[int], fresh_since: datetime) -> dict[int, tuple[bytes | None, bool, bool]]:
        """For semantic re-ranking: each document's vectors, whether it is
        official and whether it was verified at or after `fresh_since`
        (compared in SQL, as boost_sql does). Raw SQL: the ORM took 1.5 ms
        for 150 documents on SQLite, this 0.6."""
        if not doc_ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, embedding, official, CASE WHEN verified_at >= %s THEN 1 ELSE 0 END"
                f" FROM {DOCUMENT_TABLE} WHERE id IN ({', '.join(['%s'] * len(doc_ids))})",
                [connection.ops.adapt_datetimefield_value(fresh_since), *doc_ids],
            )
            return {doc_id: (bytes(embedding) if embedding is not None else None, bool(official), bool(fresh))
                    for doc_id, embedding, official, fresh in cursor.fetchall()}

    def count(self, groups: list[QueryGroup], filters: Filters) -> int:
        if not groups:
            return 0
        match_sql, match_params = self._match(groups)
        where_sql, where_params = filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {match_sql}{where_sql}", match_params + where_params)
            return cursor.fetchone()[0]

    def facet(self, groups: list[QueryGroup], filters: Filters, dimension: str) -> list[tuple[str | None, str, int]]:
        """(value, label, count) for one facet, most frequent first. The facet's
        own filter is not applied, so the other values stay selectable."""
        if not groups:
            return []
        value_col, label_col = FACET_COLUMNS[dimension]
        match_sql, match_params = self._match(groups)
        where_sql, where_params = filter_sql(filters.without(dimension))
        sql = f"SELECT d.{value_col}, MAX(d.{label_col}), COUNT(*) {match_sql}{where_sql} GROUP BY d.{value_col}"
        with connection.cursor() as cursor:
            cursor.execute(sql, match_params + where_params)
            return facet_order([(row[0], row[1] or "", row[2]) for row in cursor.fetchall()])

    def count_and_facets(self, groups: list[QueryGroup], filters: Filters,
                         dimensions) -> tuple[int, dict[str, list[tuple[str | None, str, int]]]]:
        """count() and facet() for each dimension from one statement: the
        full-text match runs once, fetching the matching documents' facet
        columns and which filters each fails, and the total and each facet are
        counted from those rows (each with its own filters, as count() and
        facet() do, and in the same order)."""
        dimensions = list(dimensions)
        if not groups:
            return 0, {dimension: [] for dimension in dimensions}
        match_sql, match_params = self._match(groups)
        total, facets, _rows = self._grouped_counts(match_sql, match_params, filters, dimensions)
        return total, facets

    def _grouped_counts(self, match_sql: str, match_params: list, filters: Filters, dimensions: list):
        """(total, facets, unfiltered rows) over the documents `match_sql` selects.

        One query fetches each matching document's facet columns and which
        filters it fails, as a bit mask (SQL decides, as filter_sql writes
        it); the counting is done here. Grouping the same rows in SQL, once
        per facet, was slower: count_and_facets took 7.2 ms against 5.8 on
        average over the latency bench's 34 queries at 100 000 documents
        (SQLite; PostgreSQL 7.7 against 7.2), with the same counts."""
        columns = sorted({column for pair in FACET_COLUMNS.values() for column in pair})
        bits = {dimension: 1 << index for index, dimension in enumerate(FACET_COLUMNS)}
        failed, failed_params = [], []
        for dimension, bit in bits.items():
            clause, params = filter_sql(filters.only(dimension))
            if clause:
                failed.append(f"CASE WHEN 1 = 1{clause} THEN 0 ELSE {bit} END")
                failed_params += params
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(f'd.{c}' for c in columns)}, {' + '.join(failed) or '0'} {match_sql}",
                           failed_params + match_params)
            rows = cursor.fetchall()
        mask = len(columns)
        total = sum(1 for row in rows if not row[mask]) if failed else len(rows)
        facets = {}
        for dimension in dimensions:
            # A facet counts the documents that pass every filter but its own.
            counted = [row for row in rows if not row[mask] & ~bits[dimension]] if failed else rows
            value_at, label_at = (columns.index(c) for c in FACET_COLUMNS[dimension])
            counts, labels = {}, {}
            for (value, label), n in Counter((row[value_at], row[label_at]) for row in counted).items():
                counts[value] = counts.get(value, 0) + n
                if label is not None and (labels.get(value) is None or label > labels[value]):
                    labels[value] = label  # MAX(label), as SQL would
            facets[dimension] = facet_order([(value, labels.get(value) or "", n) for value, n in counts.items()])
        return total, facets, len(rows)

    def suggest(self, words: list[str], prefix: str, filters: Filters, *, limit: int) -> list[int]:
        """Ids of documents whose title contains `words` and a word starting with
        `prefix`: official first, then shorter titles."""
        if not words and not prefix:
            return []
        match_sql, match_params = self._suggest_match(words, prefix)
        where_sql, where_params = filter_sql(filters)
        sql = (
            f"SELECT d.id {match_sql}{where_sql}"
            f" ORDER BY CASE WHEN d.official THEN 0 ELSE 1 END, LENGTH(d.title), d.title, d.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, match_params + where_params + [limit])
            return [row[0] for row in cursor.fetchall()]
