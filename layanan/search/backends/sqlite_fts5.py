"""SQLite FTS5 backend (the default).

Two FTS5 tables, created by migration 0002 on SQLite only:

* ``search_fts(title, summary, body)``: the analysed terms of each document,
  rowid = SearchDocument.id; ranked with bm25() per field, the fields
  weighted title 10 : summary 4 : body 1 (see FIELD_SCORE).
* ``search_suggest_fts(title_words)``: the unstemmed title tokens, with
  prefix indexes for search-as-you-type.

The tokenizer is unicode61 with "/" and "." as token characters, so the
codes our analyser keeps whole (``76/2020``, ``51.71``) stay whole; the text
it receives is already normalised, so diacritics removal is off.
"""

from __future__ import annotations

from django.db import connection

from ..analysis import QueryGroup
from .base import (
    BODY_WEIGHT,
    DOCUMENT_TABLE,
    SUMMARY_WEIGHT,
    TITLE_WEIGHT,
    VOCABULARY_TABLE,
    IndexEntry,
    SearchBackend,
    boost_sql,
    filter_sql,
)

FTS_TABLE = "search_fts"
SUGGEST_TABLE = "search_suggest_fts"

# bm25() applies column weights to term frequencies before saturating them
# (k1 = 1.2), which all but erases them: a word once in the title scores
# barely more than twice in the body. So each field is scored on its own and
# the field scores are weighted: title 10, summary 4, body 1.
FIELD_SCORE = (
    f"({TITLE_WEIGHT} * -bm25({FTS_TABLE}, 1.0, 0.0, 0.0)"
    f" + {SUMMARY_WEIGHT} * -bm25({FTS_TABLE}, 0.0, 1.0, 0.0)"
    f" + {BODY_WEIGHT} * -bm25({FTS_TABLE}, 0.0, 0.0, 1.0))"
)


def _phrase(terms) -> str:
    # Analysed terms never contain a double quote; quoting makes FTS5 read
    # each one literally (no operators, no column names).
    return '"' + " ".join(terms) + '"'


def match_expression(groups: list[QueryGroup]) -> str:
    """Any group matches: (alt1 OR alt2) OR (alt3) … ranked by bm25."""
    parts = []
    for group in groups:
        alternatives = " OR ".join(_phrase(alt) for alt in group.alternatives if alt)
        if alternatives:
            parts.append(f"({alternatives})")
    return " OR ".join(parts)


class SqliteFts5Backend(SearchBackend):
    name = "sqlite-fts5"

    def index(self, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        ids = [e.doc_id for e in entries]
        self.delete(ids)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [(e.doc_id, " ".join(e.title), " ".join(e.summary), " ".join(e.body)) for e in entries],
            )
            cursor.executemany(
                f"INSERT INTO {SUGGEST_TABLE}(rowid, title_words) VALUES (%s, %s)",
                [(e.doc_id, " ".join(e.title_words)) for e in entries],
            )

    def delete(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        placeholders = ", ".join(["%s"] * len(doc_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", doc_ids)
            cursor.execute(f"DELETE FROM {SUGGEST_TABLE} WHERE rowid IN ({placeholders})", doc_ids)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(f"DELETE FROM {SUGGEST_TABLE}")

    def optimize(self) -> None:
        """Merge FTS5 segments after a bulk rebuild."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
            cursor.execute(f"INSERT INTO {SUGGEST_TABLE}({SUGGEST_TABLE}) VALUES ('optimize')")

    # CROSS JOIN is SQLite's way of fixing the join order: the full-text
    # table first, so MATCH runs once and each hit is looked up by id. With a
    # plain JOIN and a type or agency filter, the planner may walk the
    # document table's filter index instead and re-run the MATCH for every
    # document (measured: 845 ms instead of 1 ms at 100k documents).
    def _match(self, groups):
        return (
            f"FROM {FTS_TABLE} CROSS JOIN {DOCUMENT_TABLE} d ON d.id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s",
            [match_expression(groups)],
        )

    def _relevance(self, groups):
        # Only used through search(), which ranks group by group (below).
        return FIELD_SCORE, []

    def search(self, groups, filters, *, limit, offset, fresh_since):
        """Relevance = Σ over query groups of the best bm25 among the group's
        alternatives, so a document that names KTP three ways does not
        outrank one that matches KTP once and "hilang" too."""
        selects, params = [], []
        for index, group in enumerate(groups):
            for alt in group.alternatives:
                if alt:
                    selects.append(
                        f"SELECT rowid AS id, {index} AS g, {FIELD_SCORE} AS s"
                        f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
                    )
                    params.append(_phrase(alt))
        if not selects:
            return []
        where_sql, where_params = filter_sql(filters)
        boost, boost_params = boost_sql(fresh_since)
        # MATERIALIZED: a single-alternative CTE would otherwise be flattened
        # into the outer query, where bm25() has no full-text context.
        sql = (
            f"WITH m AS MATERIALIZED ({' UNION ALL '.join(selects)}),"
            " best AS (SELECT id, g, MAX(s) AS s FROM m GROUP BY id, g),"
            " rel AS (SELECT id, SUM(s) AS s FROM best GROUP BY id)"
            f" SELECT d.id, rel.s * {boost} AS score"
            f" FROM rel CROSS JOIN {DOCUMENT_TABLE} d ON d.id = rel.id WHERE 1 = 1{where_sql}"
            " ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params + boost_params + where_params + [limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def _suggest_match(self, words, prefix):
        parts = [_phrase([w]) for w in words]
        if prefix:
            parts.append(_phrase([prefix]) + "*")
        return (
            f"FROM {SUGGEST_TABLE} CROSS JOIN {DOCUMENT_TABLE} d ON d.id = {SUGGEST_TABLE}.rowid"
            f" WHERE {SUGGEST_TABLE} MATCH %s",
            [" AND ".join(parts)],
        )

    def word_candidates(self, word, min_length, max_length):
        first = word[0]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc_count FROM {VOCABULARY_TABLE}"
                " WHERE kind = 'word' AND term >= %s AND term < %s AND length BETWEEN %s AND %s",
                [first, chr(ord(first) + 1), min_length, max_length],
            )
            return cursor.fetchall()
