"""PostgreSQL backend: tsvector + GIN, ranked with ts_rank_cd, pg_trgm for typos.

Table ``search_pg_index(document_id, tsv, title_tsv)``, created by migration
0002 on PostgreSQL only, with GIN indexes on both tsvectors, plus a trigram
GIN index on the vocabulary.

The tsvectors are built from our own analysed terms (no text-search
configuration stems or drops anything; the literal tsvector/tsquery input
forms are used, which is what the 'simple' configuration would keep), with
weights A (title), B (summary and keywords), C (body). ts_rank_cd has no
notion of term rarity, so each alternative is ranked on its own and weighted
by the same idf FTS5's bm25() uses, computed from the vocabulary table:
relevance = Σ over groups of max over the group's alternatives of
idf × Σ over fields of weight × ts_rank_cd(field only, alternative, 32),
the same shape as the SQLite backend's per-field bm25() (FIELD_SCORE).
"""

from __future__ import annotations

import math

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
)

INDEX_TABLE = "search_pg_index"
MAX_POSITION = 16383

# Each field ranked on its own (ts_rank_cd weights are {D, C, B, A}), with
# rank/(rank + 1) saturating repeated words the way bm25 does, then weighted
# title 10 : summary 4 : body 1 as on SQLite. The tsquery parameter repeats.
FIELD_SCORE = (
    f"({TITLE_WEIGHT} * ts_rank_cd('{{0, 0, 0, 1}}'::float4[], f.tsv, %s::tsquery, 32)"
    f" + {SUMMARY_WEIGHT} * ts_rank_cd('{{0, 0, 1, 0}}'::float4[], f.tsv, %s::tsquery, 32)"
    f" + {BODY_WEIGHT} * ts_rank_cd('{{0, 1, 0, 0}}'::float4[], f.tsv, %s::tsquery, 32))"
)


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: list[tuple[list[str], str]]) -> str:
    """A tsvector in its input form: 'term':1A,7B … with positions running on
    across fields (a gap between fields keeps phrases from spanning them)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for terms, weight in fields:
        for term in terms:
            pos += 1
            positions.setdefault(term, []).append(f"{min(pos, MAX_POSITION)}{weight}")
        pos += 10
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


def tsquery_group(group: QueryGroup) -> str:
    alternatives = []
    for alt in group.alternatives:
        if alt:
            alternatives.append(" <-> ".join(_lexeme(t) for t in alt))
    return "(" + " | ".join(f"({a})" for a in alternatives) + ")"


def tsquery_any(groups: list[QueryGroup]) -> str:
    return " | ".join(tsquery_group(g) for g in groups if g.alternatives)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def index(self, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        rows = []
        for e in entries:
            tsv = tsvector_literal([(e.title, "A"), (e.summary, "B"), (e.body, "C")])
            title_tsv = tsvector_literal([(e.title_words, "D")])
            rows.append((e.doc_id, tsv, title_tsv))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {INDEX_TABLE} (document_id, tsv, title_tsv)"
                " VALUES (%s, %s::tsvector, %s::tsvector)"
                " ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv, title_tsv = EXCLUDED.title_tsv",
                rows,
            )

    def delete(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE document_id = ANY(%s)", [list(doc_ids)])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {INDEX_TABLE}")

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {INDEX_TABLE}")
            cursor.execute(f"ANALYZE {DOCUMENT_TABLE}")

    # --- queries -------------------------------------------------------------
    def _match(self, groups):
        return (
            f"FROM {INDEX_TABLE} f JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id"
            " WHERE f.tsv @@ %s::tsquery",
            [tsquery_any(groups)],
        )

    def _document_count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [DOCUMENT_TABLE])
            row = cursor.fetchone()
            estimate = row[0] if row else -1
            if estimate is not None and estimate >= 100_000:
                return estimate
            cursor.execute(f"SELECT COUNT(*) FROM {DOCUMENT_TABLE}")
            return cursor.fetchone()[0]

    def _idf(self, terms: set[str]) -> dict[str, float]:
        """The bm25 idf FTS5 uses, ln((N - n + 0.5) / (n + 0.5)), at least 1e-6."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc_count FROM {VOCABULARY_TABLE} WHERE kind = 'stem' AND term = ANY(%s)",
                [sorted(terms)],
            )
            df = dict(cursor.fetchall())
        n_docs = self._document_count()
        return {
            t: max(math.log((n_docs - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)), 1e-6) for t in terms
        }

    def _relevance(self, groups):
        """Σ over groups of the best alternative: idf × ts_rank_cd. A phrase
        weighs as its rarest term."""
        idf = self._idf({t for g in groups for t in g.terms})
        parts, params = [], []
        for group in groups:
            alternatives = []
            for alt in group.alternatives:
                if alt:
                    alternatives.append(f"%s * {FIELD_SCORE}")
                    params += [max(idf[t] for t in alt)] + [" <-> ".join(_lexeme(t) for t in alt)] * 3
            if alternatives:
                parts.append(alternatives[0] if len(alternatives) == 1 else f"GREATEST({', '.join(alternatives)})")
        return " + ".join(parts) or "0", params

    def _suggest_match(self, words, prefix):
        parts = [_lexeme(w) for w in words]
        if prefix:
            parts.append(_lexeme(prefix) + ":*")
        return (
            f"FROM {INDEX_TABLE} f JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id"
            " WHERE f.title_tsv @@ %s::tsquery",
            [" & ".join(parts)],
        )

    def word_candidates(self, word, min_length, max_length):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc_count FROM {VOCABULARY_TABLE}"
                " WHERE kind = 'word' AND term %% %s AND left(term, 1) = %s AND length BETWEEN %s AND %s"
                " ORDER BY similarity(term, %s) DESC, doc_count DESC LIMIT 50",
                [word, word[0], min_length, max_length, word],
            )
            return cursor.fetchall()
