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
from django.utils import timezone

from ..analysis import QueryGroup
from .base import (
    BODY_WEIGHT,
    DOCUMENT_TABLE,
    SUMMARY_WEIGHT,
    TITLE_WEIGHT,
    VOCABULARY_TABLE,
    Estimate,
    Filters,
    IndexEntry,
    SearchBackend,
    boost_sql,
    filter_sql,
    rarest_alternatives,
)

INDEX_TABLE = "search_pg_index"
MAX_POSITION = 16383
# Large result sets (see PostgresBackend.search and count_and_facets).
RANK_ALL_LIMIT = 3000  # at most this many possible matches: rank them all
CANDIDATES = 150  # else rank this many candidates, the most specific first
# ... or this many times the depth asked for (limit + offset), if more. Twice
# the depth cost 200 candidates for re-ranking's 100 and ranked no better
# (docs/search.md, "PostgreSQL at 1M documents").
DEPTH_SHARE = 1.5
COMMON_SHARE = 0.02  # a group in at least this share of the documents is common
COMMON_SCAN = 4  # a query of common groups only pre-scores COMMON_SCAN × CANDIDATES matches of its rarest group
# (5 ranked no better at 100 000 documents, and the scan is its slowest step: docs/search.md)
TITLE_SCAN = 3  # a one-group query looks for title matches among TITLE_SCAN × CANDIDATES matches
RARE_ROWS = 1000  # the documents with the query's rarest words, up to this many, are always candidates
MAX_QUORUM_GROUPS = 6  # up to this many groups, "every group but any one" is a candidate step
EXACT_COUNT_LIMIT = 2000  # totals and facets exact up to this many matches
SAMPLE_SIZE = 500  # else estimated from a sample of about this many matches
MIN_SAMPLE_HITS = 30
SUGGEST_CANDIDATES = 200  # suggestions: the best of at most this many title matches
TERM_LIMIT = 80  # longer terms are not in the vocabulary (indexing.MAX_TERM_LENGTH)

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


def tsquery_group(group: QueryGroup, weight: str = "") -> str:
    """The group's alternatives OR-ed; with `weight` ("A"), matching only there."""
    suffix = f":{weight}" if weight else ""
    alternatives = []
    for alt in group.alternatives:
        if alt:
            alternatives.append(" <-> ".join(_lexeme(t) + suffix for t in alt))
    return "(" + " | ".join(f"({a})" for a in alternatives) + ")"


def tsquery_any(groups: list[QueryGroup]) -> str:
    return " | ".join(tsquery_group(g) for g in groups if g.alternatives)


class PostgresBackend(SearchBackend):
    name = "postgresql"
    counts_beside_ranking = True

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

    # --- bulk loading (services.indexing.bulk_index) ----------------------------
    def bulk_index_columns(self, entry: IndexEntry) -> tuple[str, str]:
        """(tsv, title_tsv) of an entry as `index` writes them; computed in
        bulk_index's worker processes."""
        return (
            tsvector_literal([(entry.title, "A"), (entry.summary, "B"), (entry.body, "C")]),
            tsvector_literal([(entry.title_words, "D")]),
        )

    def bulk_loader(self, document_columns) -> BulkLoader:
        return BulkLoader(document_columns)

    def delete(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE document_id = ANY(%s)", [list(doc_ids)])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {INDEX_TABLE}")

    def optimize(self, progress=None) -> None:
        """Fresh planner statistics after a bulk rebuild (`progress` is for
        backends that build more, like SQLite's top lists)."""
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

    def _document_count(self, estimate: int | None = None) -> int:
        """The planner's row estimate of the document table from 100 000
        rows on (`estimate`, if the caller read it already), else the exact
        count."""
        if estimate is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [DOCUMENT_TABLE])
                row = cursor.fetchone()
                estimate = row[0] if row else -1
        if estimate is not None and estimate >= 100_000:
            return estimate
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {DOCUMENT_TABLE}")
            return cursor.fetchone()[0]

    def _frequencies(self, groups) -> tuple[dict[str, int], int]:
        """Document frequency of every query term (from the vocabulary) and the number of documents."""
        terms = sorted({t for g in groups for t in g.terms})
        with connection.cursor() as cursor:
            # One round trip for both (a search asks two or three times): the
            # table's row estimate comes as the row with no term.
            cursor.execute(
                f"SELECT term, doc_count FROM {VOCABULARY_TABLE} WHERE kind = 'stem' AND term = ANY(%s)"
                " UNION ALL SELECT NULL, reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [terms, DOCUMENT_TABLE],
            )
            rows = cursor.fetchall()
        df = {term: count for term, count in rows if term is not None}
        estimate = next((count for term, count in rows if term is None), -1)
        # The document count is the planner's estimate above 100 000 rows: a
        # word in every document must not have more documents than that.
        return df, max(self._document_count(estimate), max(df.values(), default=0))

    def _idf(self, terms: set[str], frequencies=None) -> dict[str, float]:
        """The bm25 idf FTS5 uses, ln((N - n + 0.5) / (n + 0.5)), at least 1e-6."""
        if frequencies is None:
            frequencies = self._frequencies([QueryGroup("", (tuple(terms),), "")])
        df, n_docs = frequencies
        return {
            t: max(math.log((n_docs - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)), 1e-6) for t in terms
        }

    def _relevance(self, groups, frequencies=None):
        """Σ over groups of the best alternative: idf × ts_rank_cd. A phrase
        weighs as its rarest term."""
        idf = self._idf({t for g in groups for t in g.terms}, frequencies)
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

    # --- large result sets ----------------------------------------------------
    @staticmethod
    def _possible(alternative, frequencies) -> int:
        """At most how many documents can match an alternative: its rarest
        term's document frequency (terms too long for the vocabulary do not
        bound it)."""
        df, n_docs = frequencies
        bound = n_docs
        for term in alternative:
            if len(term) <= TERM_LIMIT:
                bound = min(bound, df.get(term, 0))
        return bound

    def _matchable(self, groups, frequencies) -> list[tuple[int, QueryGroup]]:
        """(at most how many documents match it, the group without the
        alternatives that cannot match), for every group that can match, in
        the query's order."""
        out = []
        for group in groups:
            alternatives = tuple(a for a in group.alternatives if a and self._possible(a, frequencies) > 0)
            if alternatives:
                bound = min(frequencies[1], sum(self._possible(a, frequencies) for a in alternatives))
                out.append((bound, QueryGroup(group.surface, alternatives, group.kind)))
        return out

    def rerank_facts(self, doc_ids, fresh_since):
        """As SearchBackend.rerank_facts, read with binary results: through
        Django's cursor psycopg receives each 1.5 kB vector pair as hex text
        and decodes it (150 documents at 100 000: 4.3-4.7 ms, against 1.5)."""
        import psycopg

        if not doc_ids:
            return {}
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"SELECT id, embedding, official, verified_at >= %s FROM {DOCUMENT_TABLE} WHERE id = ANY(%s)",
                [fresh_since, list(doc_ids)], binary=True,
            )
            return {doc_id: (embedding, official, bool(fresh)) for doc_id, embedding, official, fresh in cursor.fetchall()}

    def search(self, groups, filters, *, limit, offset, fresh_since):
        """As SearchBackend.search while at most RANK_ALL_LIMIT documents can
        match (by the vocabulary's document frequencies). Above that, scoring
        every match (ts_rank_cd on each field and alternative, 5-15 µs a
        document) would cost seconds for a common word at a million
        documents, so only candidates are scored (see _candidates): documents
        that match every group, then every group but the most common one,
        and so on down to the two rarest, then any group (a single group: in
        the title first), until there are CANDIDATES (or DEPTH_SHARE × the
        requested depth). When even the rarest group is common (COMMON_SHARE), the
        candidates are read in table order instead of from GIN bitmaps. The
        page is the best candidates by the same relevance; it is exact when
        the candidates are every match. With semantic re-ranking (100
        candidates from here) this is the recall that matters; the documents
        left out match fewer of the query's groups, or only in the body, or
        come later in the table than equally good ones."""
        if not groups:
            return []
        frequencies = self._frequencies(groups)
        matchable = self._matchable(groups, frequencies)
        if sum(bound for bound, _ in matchable) <= RANK_ALL_LIMIT:
            return super().search(groups, filters, limit=limit, offset=offset, fresh_since=fresh_since)
        rarest_first = [g for _, g in sorted(matchable, key=lambda pair: pair[0])]
        # read in table order when even the rarest group is common
        common = min(bound for bound, _ in matchable) >= COMMON_SHARE * frequencies[1]
        idf = self._idf({t for _, g in matchable for t in g.terms}, frequencies)
        size = max(CANDIDATES, int(DEPTH_SHARE * (limit + offset)))
        candidates = self._candidates(rarest_first, filters, size, common, idf,
                                      rare=self._rare_query(matchable, frequencies, RARE_ROWS))
        matchable = [g for _, g in matchable]
        # Alternatives that cannot match score 0 and change neither a maximum
        # nor a sum; the groups keep their order, so the sum is rounded alike.
        relevance_sql, relevance_params = self._relevance(matchable, frequencies)
        boost, boost_params = boost_sql(fresh_since)
        sql = (
            f"SELECT d.id, ({relevance_sql}) * {boost} AS score"
            f" FROM {INDEX_TABLE} f JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id"
            f" WHERE f.document_id = ANY(%s) ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, relevance_params + boost_params + [candidates, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    @classmethod
    def _rare_query(cls, matchable, frequencies, budget: int) -> str:
        """A tsquery for the documents with the query's rarest alternatives
        (base.rarest_alternatives, up to `budget` documents); "" if even
        the rarest is more common."""
        bounded = [(cls._possible(alt, frequencies), alt) for _, group in matchable for alt in group.alternatives]
        chosen = rarest_alternatives(bounded, budget)
        return " | ".join("(" + " <-> ".join(_lexeme(t) for t in alt) + ")" for alt in chosen)

    def rare_documents(self, groups, filters, budget):
        if not groups or budget <= 0:
            return []
        frequencies = self._frequencies(groups)
        rare = self._rare_query(self._matchable(groups, frequencies), frequencies, budget)
        if not rare:
            return []
        where_sql, where_params = filter_sql(filters)
        join = f" JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id" if where_sql else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.document_id FROM {INDEX_TABLE} f{join} WHERE f.tsv @@ %s::tsquery{where_sql}"
                " ORDER BY f.document_id LIMIT %s",
                [rare, *where_params, budget],
            )
            return [row[0] for row in cursor.fetchall()]

    def _candidates(self, groups: list[QueryGroup], filters: Filters, size: int, common: bool = False,
                    idf: dict[str, float] | None = None, rare: str = "") -> list[int]:
        """The documents matching the tsquery `rare` (at most RARE_ROWS),
        then `size` other matching documents (all of them if fewer), the most
        specific first; `groups` rarest first. Each step is one query with a
        LIMIT: an AND of groups with a rare one intersects posting lists
        cheaply, and common words' documents are read in table order only
        until enough are found. After every group, every group but any one
        (three to MAX_QUORUM_GROUPS groups), then fewer groups, leaving out
        the most common first. The last step (any group) includes every
        earlier step's matches, so when it returns fewer than `size` the
        candidates are every match."""
        where_sql, where_params = filter_sql(filters)
        join = f" JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id" if where_sql else ""
        select = f"SELECT f.document_id FROM {INDEX_TABLE} f{join} WHERE f.tsv @@ %s::tsquery{where_sql} LIMIT %s"
        steps = []
        if len(groups) > 1 and common:
            # Every group is common: GIN would intersect long posting lists
            # (40-60 ms at a million documents). The first COMMON_SCAN × size
            # documents (table order) matching the rarest group, pre-scored:
            # each group matched counts its idf, ten times over in the title
            # (the relevance's shape without ts_rank_cd, two cheap @@ a group).
            prescore, prescore_params = [], []
            for group in groups:
                weight = max(idf.get(t, 1.0) for alt in group.alternatives for t in alt) if idf else 1.0
                prescore.append("%s * (ts_match_vq(s.tsv, %s::tsquery)::int + 9 * ts_match_vq(s.tsv, %s::tsquery)::int)")
                prescore_params += [weight, tsquery_group(group), tsquery_group(group, "A")]
            steps.append((
                f"SELECT s.document_id FROM (SELECT f.document_id, f.tsv FROM {INDEX_TABLE} f{join}"
                f" WHERE ts_match_vq(f.tsv, %s::tsquery){where_sql} LIMIT %s) s"
                f" ORDER BY {' + '.join(prescore)} DESC, s.document_id LIMIT %s",
                [tsquery_group(groups[0]), *where_params, COMMON_SCAN * size, *prescore_params, size],
            ))
        elif len(groups) > 1:
            steps.append((select, [" & ".join(tsquery_group(g) for g in groups), *where_params, size]))
            fewer = len(groups) - 1
            if 2 < len(groups) <= MAX_QUORUM_GROUPS:
                # The answer may lack any one of the words, not only the most common.
                quorum = " | ".join(
                    "(" + " & ".join(tsquery_group(g) for j, g in enumerate(groups) if j != i) + ")"
                    for i in range(len(groups))
                )
                steps.append((select, [quorum, *where_params, size]))
                fewer -= 1
            for k in range(fewer, 1, -1):  # leave out the most common groups one by one
                steps.append((select, [" & ".join(tsquery_group(g) for g in groups[:k]), *where_params, size]))
        else:
            # In the title, among the first TITLE_SCAN × size matches: the
            # GIN index does not know the weights, and a word common in
            # bodies but absent from titles must not make this read the table.
            # For a common group the table is read in order (ts_match_vq is
            # the @@ operator's function, which no index serves): a few
            # thousand rows, where building the GIN bitmap of a common word
            # (or of a phrase of common words) takes 10-100 ms at a million
            # documents.
            match = "ts_match_vq(f.tsv, %s::tsquery)" if common else "f.tsv @@ %s::tsquery"
            steps.append((
                f"SELECT s.document_id FROM (SELECT f.document_id, f.tsv FROM {INDEX_TABLE} f{join}"
                f" WHERE {match}{where_sql} LIMIT %s) s WHERE ts_match_vq(s.tsv, %s::tsquery) LIMIT %s",
                [tsquery_group(groups[0]), *where_params, TITLE_SCAN * size, tsquery_group(groups[0], "A"), size],
            ))
        steps.append((select, [" | ".join(tsquery_group(g) for g in groups), *where_params, size]))
        found: dict[int, None] = {}
        with connection.cursor() as cursor:
            if rare:
                cursor.execute(select, [rare, *where_params, RARE_ROWS])
                found.update((row[0], None) for row in cursor.fetchall())
            size += len(found)
            for sql, params in steps:
                cursor.execute(sql, params)
                found.update((row[0], None) for row in cursor.fetchall())
                if len(found) >= size:
                    break
        return list(found)[:size]

    def count_and_facets(self, groups, filters, dimensions):
        """Exact up to EXACT_COUNT_LIMIT matches (the same contract as the
        SQLite backend). When more documents can match (by the vocabulary's
        document frequencies), counting every match would read nearly every
        page of the table for a common word (0.5 s for 200 000 matches), so
        the matches of a sample of about SAMPLE_SIZE are counted and scaled:
        the total, the facets and a filtered total, returned as `Estimate`s.
        The sample is whichever reads fewer rows (see _sample): every n-th
        document id among the matches (one pass over the matches, none of
        the other rows), or a fixed-seed TABLESAMPLE of the index table's
        pages (a small share of the table, whatever the number of matches).
        If the sample finds fewer than MIN_SAMPLE_HITS matches or suggests at
        most 1.5 × EXACT_COUNT_LIMIT, everything is counted exactly; so is a
        filtered total with too few sampled documents passing the filter."""
        dimensions = list(dimensions)
        if not groups:
            return 0, {dimension: [] for dimension in dimensions}
        frequencies = self._frequencies(groups)
        matchable = self._matchable(groups, frequencies)
        possible = min(frequencies[1], sum(bound for bound, _ in matchable))
        if possible > EXACT_COUNT_LIMIT:
            sampled = self._sampled_counts(tsquery_any([g for _, g in matchable]), filters, dimensions, possible)
            if sampled is not None:
                return sampled
        match_sql, match_params = self._match(groups)
        return self._grouped_counts(match_sql, match_params, filters, dimensions)[:2]

    def _sample(self, tsquery: str, possible: int) -> tuple[str, list, float] | None:
        """(match clause, its parameters, scale) of a sample of the matches.
        A TABLESAMPLE reads about SAMPLE_SIZE × rows / possible rows, a
        sample of the ids reads every match: the first when
        possible² > rows × SAMPLE_SIZE / 2."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [INDEX_TABLE])
            table_rows = cursor.fetchone()[0]
        if table_rows and table_rows > 0 and 2 * possible * possible > table_rows * SAMPLE_SIZE:
            return self._table_sample(tsquery, min(100.0, 100.0 * SAMPLE_SIZE / possible), table_rows)
        step = max(1, math.ceil(possible / SAMPLE_SIZE))
        return (
            f"FROM {INDEX_TABLE} f JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id"
            " WHERE f.tsv @@ %s::tsquery AND mod(f.document_id, %s) = 0",
            [tsquery, step],
            float(step),
        )

    def _table_sample(self, tsquery: str, percent: float, table_rows: int):
        sample = f"{INDEX_TABLE} f TABLESAMPLE SYSTEM (%s) REPEATABLE (0)"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {sample}", [percent])
            sampled_rows = cursor.fetchone()[0]
        if not sampled_rows:
            return None
        return (
            f"FROM {sample} JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id WHERE f.tsv @@ %s::tsquery",
            [percent, tsquery],
            table_rows / sampled_rows,
        )

    def _sampled_counts(self, tsquery: str, filters: Filters, dimensions, possible: int, sample=None):
        sample = sample or self._sample(tsquery, possible)
        if sample is None:
            return None
        sample_sql, sample_params, scale = sample
        sample_total, sample_facets, sample_hits = self._grouped_counts(sample_sql, sample_params, filters, dimensions)
        if sample_hits < MIN_SAMPLE_HITS or sample_hits * scale <= 1.5 * EXACT_COUNT_LIMIT:
            return None

        def estimate(n):
            return Estimate(max(1, round(n * scale))) if n else Estimate(0)

        if filters == Filters():
            total = estimate(sample_hits)
        elif sample_total >= MIN_SAMPLE_HITS:
            total = estimate(sample_total)
        else:
            where_sql, where_params = filter_sql(filters)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {INDEX_TABLE} f JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id"
                    f" WHERE f.tsv @@ %s::tsquery{where_sql}",
                    [tsquery] + where_params,
                )
                total = cursor.fetchone()[0]
        facets = {
            dimension: [(value, label, estimate(n)) for value, label, n in rows]
            for dimension, rows in sample_facets.items()
        }
        return total, facets

    def _suggest_match(self, words, prefix):
        parts = [_lexeme(w) for w in words]
        if prefix:
            parts.append(_lexeme(prefix) + ":*")
        return (
            f"FROM {INDEX_TABLE} f JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id"
            " WHERE f.title_tsv @@ %s::tsquery",
            [" & ".join(parts)],
        )

    def suggest(self, words, prefix, filters, *, limit):
        """As SearchBackend.suggest (official first, then shorter titles),
        ordered among the first SUGGEST_CANDIDATES title matches: a short
        prefix ("pe") matches most titles, and sorting all of them costs
        hundreds of ms at a million documents. Exact up to that many matches.
        The GIN index finds the titles when the rarest complete word is in
        at most COMMON_SHARE × 2.5 of the documents (the prefix is then
        checked on those rows), or for a prefix of four letters or more
        alone; otherwise the table is read in order until enough titles
        match (a common word's or a short prefix's bitmap costs more)."""
        if not words and not prefix:
            return []
        words = list(words)
        parts = [_lexeme(w) for w in words]
        prefix_part = [_lexeme(prefix) + ":*"] if prefix else []
        use_index = False
        if words:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT MIN(COALESCE(v.doc_count, 0)) FROM unnest(%s::text[]) w(term)"
                    f" LEFT JOIN {VOCABULARY_TABLE} v ON v.kind = 'word' AND v.term = w.term",
                    [words],
                )
                rarest = cursor.fetchone()[0] or 0
            use_index = rarest <= 2.5 * COMMON_SHARE * self._document_count()
        elif len(prefix) >= 4:
            use_index = True
        if use_index and words:
            match = "f.title_tsv @@ %s::tsquery" + (" AND ts_match_vq(f.title_tsv, %s::tsquery)" if prefix else "")
            match_params = [" & ".join(parts)] + (prefix_part if prefix else [])
        elif use_index:
            match, match_params = "f.title_tsv @@ %s::tsquery", prefix_part
        else:
            match, match_params = "ts_match_vq(f.title_tsv, %s::tsquery)", [" & ".join(parts + prefix_part)]
        where_sql, where_params = filter_sql(filters)
        join = f" JOIN {DOCUMENT_TABLE} d ON d.id = f.document_id" if where_sql else ""
        sql = (
            f"WITH c AS MATERIALIZED (SELECT f.document_id FROM {INDEX_TABLE} f{join} WHERE {match}{where_sql}"
            f" LIMIT %s) SELECT d.id FROM c JOIN {DOCUMENT_TABLE} d ON d.id = c.document_id"
            " ORDER BY CASE WHEN d.official THEN 0 ELSE 1 END, LENGTH(d.title), d.title, d.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, match_params + where_params + [SUGGEST_CANDIDATES, limit])
            return [row[0] for row in cursor.fetchall()]

    def word_candidates(self, word, min_length, max_length):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc_count FROM {VOCABULARY_TABLE}"
                " WHERE kind = 'word' AND term %% %s AND left(term, 1) = %s AND length BETWEEN %s AND %s"
                " ORDER BY similarity(term, %s) DESC, doc_count DESC LIMIT 50",
                [word, word[0], min_length, max_length, word],
            )
            return cursor.fetchall()


class BulkLoader:
    """Writes analysed documents (services.indexing.AnalysedDocument) with
    COPY: the document rows (ids taken from the table's sequence), their
    index rows and, at the end, the vocabulary counts (added to existing
    ones). When the index table is empty at the start, its GIN indexes and
    the document and vocabulary tables' secondary indexes are dropped and
    built once in `finish()`, which is several times faster than updating
    them row by row (the vocabulary's trigram index has no pending list to
    absorb them: migration 0012);
    with PostgreSQL's transactional DDL a rolled-back load leaves them as they
    were. `finish()` also refreshes the planner statistics."""

    def __init__(self, document_columns):
        self.document_columns = tuple(document_columns)
        self.dropped: list[str] = []
        self.cursor = connection.cursor()
        self.raw = self.cursor.cursor  # the psycopg cursor, for COPY
        # The foreign key to the documents is checked per COPY rather than
        # queued for the commit (a million pending trigger events would also
        # forbid CREATE INDEX on the table until then).
        self.cursor.execute(
            "SELECT quote_ident(conname) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'"
            " AND condeferred", [INDEX_TABLE],
        )
        self.deferred = [row[0] for row in self.cursor.fetchall()]
        if self.deferred:
            self.cursor.execute(f"SET CONSTRAINTS {', '.join(self.deferred)} IMMEDIATE")
        self.cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {INDEX_TABLE})")
        if self.cursor.fetchone()[0]:
            self.dropped = self._drop_secondary_indexes([INDEX_TABLE, DOCUMENT_TABLE, VOCABULARY_TABLE])
        self.now = timezone.now()

    def _drop_secondary_indexes(self, tables) -> list[str]:
        """Drop the indexes of `tables` that back no constraint; their definitions."""
        self.cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [list(tables)],
        )
        definitions = []
        for name, definition in self.cursor.fetchall():
            self.cursor.execute(f"DROP INDEX {name}")
            definitions.append(definition)
        return definitions

    def add(self, batch) -> None:
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [DOCUMENT_TABLE, len(batch)],
        )
        ids = [row[0] for row in self.cursor.fetchall()]
        columns = ", ".join(("id", *self.document_columns, "indexed_at", "embedding_key"))
        with self.raw.copy(f"COPY {DOCUMENT_TABLE} ({columns}) FROM STDIN") as copy:
            for doc_id, d in zip(ids, batch):
                copy.write_row((doc_id, *d.columns, self.now, ""))
        with self.raw.copy(f"COPY {INDEX_TABLE} (document_id, tsv, title_tsv) FROM STDIN") as copy:
            for doc_id, d in zip(ids, batch):
                copy.write_row((doc_id, *d.index_columns))

    def add_vocabulary(self, word_counts, stem_counts) -> None:
        self.cursor.execute(
            "CREATE TEMPORARY TABLE bulk_vocabulary (kind varchar(4), term varchar(80), doc_count integer)"
        )
        with self.raw.copy("COPY bulk_vocabulary (kind, term, doc_count) FROM STDIN") as copy:
            for kind, counter in (("word", word_counts), ("stem", stem_counts)):
                for term, n in counter.items():
                    copy.write_row((kind, term, n))
        self.cursor.execute(
            f"INSERT INTO {VOCABULARY_TABLE} AS v (kind, term, length, doc_count)"
            " SELECT kind, term, length(term), doc_count FROM bulk_vocabulary"
            " ON CONFLICT (kind, term) DO UPDATE SET doc_count = v.doc_count + EXCLUDED.doc_count"
        )
        self.cursor.execute("DROP TABLE bulk_vocabulary")

    def finish(self) -> None:
        """Build the dropped indexes, refresh statistics (call once, after the
        last batch and the vocabulary)."""
        with self.cursor:
            if self.dropped:
                self.cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for definition in self.dropped:
                    self.cursor.execute(definition)
            for table in (INDEX_TABLE, DOCUMENT_TABLE, VOCABULARY_TABLE):
                self.cursor.execute(f"ANALYZE {table}")
            if self.deferred:
                self.cursor.execute(f"SET CONSTRAINTS {', '.join(self.deferred)} DEFERRED")
