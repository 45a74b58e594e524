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

import math

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..analysis import QueryGroup
from . import sqlite_postings as postings
from . import sqlite_top_lists as top_lists
from .base import (
    BODY_WEIGHT,
    DOCUMENT_TABLE,
    Estimate,
    Filters,
    FRESH_BOOST,
    OFFICIAL_BOOST,
    SUMMARY_WEIGHT,
    TITLE_WEIGHT,
    VOCABULARY_TABLE,
    IndexEntry,
    SearchBackend,
    boost_sql,
    filter_sql,
    rarest_alternatives,
)
from .sqlite_bm25 import DOCUMENTS, FIELD_SCORE, FTS_TABLE
from .sqlite_bm25 import phrase as _phrase

COLUMNS = (("title", TITLE_WEIGHT), ("summary", SUMMARY_WEIGHT), ("body", BODY_WEIGHT))
# bm25's term-frequency part, tf (k1 + 1) / (tf + k1 (1 - b + b dl/avgdl)),
# stays below k1 + 1 (FTS5: k1 = 1.2) for any frequency and length.
SATURATION = 2.2
MAX_BOOST = 1.0 + OFFICIAL_BOOST + FRESH_BOOST
# A query word in at least this share of the documents does not select
# candidates by itself (see _pruned_search).
COMMON_SHARE = 0.2
# Totals and facets: exact up to this many matches, else estimated from a
# sample of about SAMPLE_SIZE matches (see count_and_facets).
EXACT_COUNT_LIMIT = 2000
SAMPLE_SIZE = 1000
SAMPLE_STRIPES = 16
MIN_SAMPLE_HITS = 30
FIRST_CEILING = 30.0
# Large match sets are ranked in tiers (see _first_tier): above this
# many rows to score, if at least CANDIDATE_FLOOR documents meet a stricter
# condition. 100 is also the number of candidates semantic re-ranking takes.
SCORE_ALL_ROWS = 5000
CANDIDATE_FLOOR = 100
# The documents with the query's rarest words, up to this many, always
# join the first tier (see _rare_alternatives).
RARE_ROWS = 1000
MAX_QUORUM_GROUPS = 6
# Scoring a tier reads each of its documents once per scan, about as costly
# as reading one match when scoring every match (measured at 100 000
# documents: 2-3 µs either way).
TIER_COST = 1.0
SUGGEST_TABLE = "search_suggest_fts"
# word_candidates: above this many words of the right first letter and
# length, those too many edits away are filtered out before returning.
CANDIDATE_FILTER_FROM = 200

def match_expression(groups: list[QueryGroup]) -> str:
    """Any group matches: (alt1 OR alt2) OR (alt3) … ranked by bm25."""
    parts = []
    for group in groups:
        alternatives = " OR ".join(_phrase(alt) for alt in group.alternatives if alt)
        if alternatives:
            parts.append(f"({alternatives})")
    return " OR ".join(parts)


def _selections(alternatives, df) -> dict[int, tuple[int, str]]:
    """Group index → (the group's largest document frequency by the
    vocabulary, an FTS5 expression selecting exactly the documents that
    match the group). A phrase containing one of the group's single words
    selects nothing that word does not, so it is left out of the selection."""
    per_group: dict[int, list[tuple[str, ...]]] = {}
    for index, alt in alternatives:
        per_group.setdefault(index, []).append(alt)
    out = {}
    for index, alts in per_group.items():
        words = {alt[0] for alt in alts if len(alt) == 1}
        selecting = [alt for alt in alts if len(alt) == 1 or not words.intersection(alt)]
        frequency = max(min(df.get(term, 0) for term in alt) for alt in alts)
        out[index] = (frequency, "(" + " OR ".join(dict.fromkeys(_phrase(alt) for alt in selecting)) + ")")
    return out


def _rare_alternatives(alternatives, df, budget: int) -> str:
    """An FTS5 expression for the documents with the query's rarest
    alternatives (base.rarest_alternatives, up to `budget` documents); ""
    if even the rarest is more common."""
    bounded = [(min(df.get(t, 0) for t in alt), alt) for _, alt in alternatives]
    return " OR ".join(_phrase(alt) for alt in rarest_alternatives(bounded, budget))


def _rows_to_score(alternatives, df) -> int:
    """At most how many rows scoring every match reads: Σ over alternatives
    of the document frequency of its rarest word (the vocabulary's count)."""
    return sum(min(df.get(term, 0) for term in alt) for _, alt in alternatives)


def _smallest_below(bounds: dict[str, float], ceiling: float) -> dict[str, float]:
    """The words with the smallest bounds, as many as add up to less than `ceiling`."""
    kept, total = {}, 0.0
    for term, bound in sorted(bounds.items(), key=lambda item: item[1]):
        total += bound
        if total >= ceiling:
            break
        kept[term] = bound
    return kept


class SqliteFts5Backend(SearchBackend):
    name = "sqlite-fts5"

    def index(self, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        ids = [e.doc_id for e in entries]
        with connection.cursor() as cursor:
            self._remove(cursor, ids)  # (the change is recorded once, below)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [(e.doc_id, " ".join(e.title), " ".join(e.summary), " ".join(e.body)) for e in entries],
            )
            cursor.executemany(
                f"INSERT INTO {SUGGEST_TABLE}(rowid, title_words) VALUES (%s, %s)",
                [(e.doc_id, " ".join(e.title_words)) for e in entries],
            )
            top_lists.add_documents(cursor, entries)
            postings.record_changes(cursor, ids)

    def delete(self, doc_ids: list[int]) -> None:
        if not doc_ids:
            return
        with connection.cursor() as cursor:
            self._remove(cursor, doc_ids)
            postings.record_changes(cursor, doc_ids)

    @staticmethod
    def _remove(cursor, doc_ids: list[int]) -> None:
        placeholders = ", ".join(["%s"] * len(doc_ids))
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", doc_ids)
        cursor.execute(f"DELETE FROM {SUGGEST_TABLE} WHERE rowid IN ({placeholders})", doc_ids)
        top_lists.remove_documents(cursor, doc_ids)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(f"DELETE FROM {SUGGEST_TABLE}")
            top_lists.clear(cursor)
            postings.clear(cursor)

    def optimize(self, progress=None) -> None:
        """Merge FTS5 segments and build the top lists and the postings anew
        after a bulk rebuild; `progress(done, total)` as the lists are built,
        then again as the postings are."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
            cursor.execute(f"INSERT INTO {SUGGEST_TABLE}({SUGGEST_TABLE}) VALUES ('optimize')")
        self.build_top_lists(progress)

    def build_top_lists(self, progress=None) -> int:
        """The top lists (backends/sqlite_top_lists.py) and the postings
        (backends/sqlite_postings.py) from scratch; how many words have a list."""
        from ..services.dictionary import current_dictionary

        phrases = {alt for alts in current_dictionary().phrases.values() for alt in alts if len(alt) > 1}
        with connection.cursor() as cursor:
            listed = top_lists.build(cursor, progress)
            postings.build(cursor, sorted(phrases), progress)
        return listed

    # CROSS JOIN is SQLite's way of fixing the join order: the full-text
    # table first, so MATCH runs once and each hit is looked up by id. With a
    # plain JOIN and a type or agency filter, the planner may walk the
    # document table's filter index instead and re-run the MATCH for every
    # document (measured: 845 ms instead of 1 ms at 100k documents).
    def _match(self, groups):
        return (
            f"FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS} ON d.id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s",
            [match_expression(groups)],
        )

    def _relevance(self, groups):
        # Only used through search(), which ranks group by group (below).
        return FIELD_SCORE, []

    def search(self, groups, filters, *, limit, offset, fresh_since):
        """Relevance = Σ over query groups of the best bm25 among the group's
        alternatives, so a document that names KTP three ways does not
        outrank one that matches KTP once and "hilang" too.

        Alternatives that match no document are left out first (they add
        nothing). A small match set is ranked exactly: every match scored,
        or the same ranking found without scoring every match when a bound
        allows it (`_pruned_search`). A large one (more than SCORE_ALL_ROWS
        rows to score) is ranked in two tiers when a stricter condition
        still selects at least CANDIDATE_FLOOR documents (`_first_tier`):
        the documents meeting it, or containing one of the query's rarest
        words (`_rare_alternatives`), first, by relevance, then every other
        match, by relevance; a page inside the first tier is found by
        scoring the tier only."""
        alternatives = [(index, tuple(alt)) for index, group in enumerate(groups) for alt in group.alternatives if alt]
        if not alternatives or limit + offset <= 0:
            return []
        n_docs, df = self._statistics({term for _, alt in alternatives for term in alt})
        alternatives = self._live(alternatives, df)
        if not alternatives:
            return []
        # Every match scored from the postings, when they hold the query's
        # common words: the same ranking, an order of magnitude faster.
        with connection.cursor() as cursor:
            exact = postings.ranked(cursor, alternatives, fresh_since, limit + offset, filters)
        if exact is not None:
            return exact[offset:offset + limit]
        rows = _rows_to_score(alternatives, df)
        if rows > SCORE_ALL_ROWS:
            # Many matches: the exact first results from the top lists when
            # they can prove them; deeper pages of such a ranking score every
            # match, which orders them the same way.
            with connection.cursor() as cursor:
                exact = top_lists.ranked(cursor, alternatives, df, filters, fresh_since)
            if exact is not None:
                if limit + offset <= len(exact):
                    return exact[offset:offset + limit]
                return self._full_search(alternatives, filters, limit=limit, offset=offset, fresh_since=fresh_since)
        tier = self._first_tier(alternatives, df, filters)
        if tier is not None:
            expression, size, scores_itself = tier
            rare = _rare_alternatives(alternatives, df, RARE_ROWS)
            if rare:
                expression, scores_itself = f"({expression}) OR {rare}", False
            if limit + offset <= size and scores_itself:
                return self._rank(
                    f"WITH best AS MATERIALIZED (SELECT rowid AS id, -1 AS g, {FIELD_SCORE} AS s"
                    f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s),",
                    [expression], filters, limit=limit, offset=offset, fresh_since=fresh_since, one_scan=True,
                )
            if limit + offset <= size:
                return self._candidate_search(alternatives, expression, filters, limit=limit, offset=offset,
                                              fresh_since=fresh_since)
            return self._full_search(alternatives, filters, limit=limit, offset=offset, fresh_since=fresh_since,
                                     first=expression)
        ranked = self._pruned_search(alternatives, filters, limit=limit, offset=offset, fresh_since=fresh_since,
                                     n_docs=n_docs, df=df)
        if ranked is None:
            ranked = self._full_search(alternatives, filters, limit=limit, offset=offset, fresh_since=fresh_since)
        return ranked

    def rare_documents(self, groups, filters, budget):
        alternatives = [(index, tuple(alt)) for index, group in enumerate(groups) for alt in group.alternatives if alt]
        if not alternatives or budget <= 0:
            return []
        _, df = self._statistics({term for _, alt in alternatives for term in alt})
        expression = _rare_alternatives(alternatives, df, budget)
        if not expression:
            return []
        where_sql, where_params = filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS} ON d.id = {FTS_TABLE}.rowid"
                f" WHERE {FTS_TABLE} MATCH %s{where_sql} ORDER BY d.id LIMIT %s",
                [expression] + where_params + [budget],
            )
            return [row[0] for row in cursor.fetchall()]

    def _statistics(self, terms):
        """(the largest document id, {term: document frequency}) from the vocabulary."""
        terms = sorted(terms)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {DOCUMENT_TABLE}")
            n_docs = cursor.fetchone()[0] or 0
            df = {}
            for start in range(0, len(terms), 500):
                chunk = terms[start:start + 500]
                cursor.execute(
                    f"SELECT term, doc_count FROM {VOCABULARY_TABLE} WHERE kind = 'stem'"
                    f" AND term IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )
                df.update(cursor.fetchall())
        return n_docs, df

    @staticmethod
    def _live(alternatives, df):
        """The alternatives that match at least one document. A word the
        vocabulary counts is taken as matching; anything else (a phrase, a
        word the vocabulary lacks) is looked up in the index, which stops
        at the first match. Dropping the others changes no score."""
        live, known = [], {}
        with connection.cursor() as cursor:
            for index, alt in alternatives:
                if len(alt) == 1 and df.get(alt[0], 0) > 0:
                    live.append((index, alt))
                    continue
                if alt not in known:
                    cursor.execute(f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1", [_phrase(alt)])
                    known[alt] = cursor.fetchone() is not None
                if known[alt]:
                    live.append((index, alt))
        return live

    # --- tiers for large match sets -------------------------------------------
    def _first_tier(self, alternatives, df, filters):
        """(FTS5 expression, number of filtered documents it selects, whether
        the expression's own bm25() is the relevance) of the first tier, or
        None when every match is ranked together.

        Only when scoring every match would score more than SCORE_ALL_ROWS
        rows (estimated from the vocabulary: Σ over alternatives of the
        document frequency of its rarest word). The conditions, strictest
        first: every group in the title; every group anywhere; every group
        but any one (for three to MAX_QUORUM_GROUPS groups). The first
        condition met by at least CANDIDATE_FLOOR documents that pass the
        filters is the tier, unless scoring it would read as many rows as
        scoring every match (tier size × scans × TIER_COST ≥ rows). The
        choice depends on the query, the filters and the index, never on
        the page asked for, so the pages of one ranking never overlap."""
        rows = _rows_to_score(alternatives, df)
        if rows <= SCORE_ALL_ROWS:
            return None
        # Scoring the tier reads it once per scan (and once for the tier's
        # own score); scoring every match reads each alternative's matches.
        scans = len(self._scans(alternatives)) + 1
        # When every group has one alternative, "every group anywhere" is
        # scored by its own bm25(), which sums one term per group: exactly
        # the relevance, in a single scan.
        groups = [index for index, _ in alternatives]
        single = len(set(groups)) == len(groups)
        selections = [e for _, e in sorted(_selections(alternatives, df).values())]
        expressions = [(" AND ".join(f"{{title}}: {e}" for e in selections), False)]
        if len(selections) > 1:  # (for one group, "anywhere" is every match)
            expressions.append((" AND ".join(selections), single))
        if 2 < len(selections) <= MAX_QUORUM_GROUPS:
            expressions.append((" OR ".join(
                "(" + " AND ".join(e for j, e in enumerate(selections) if j != i) + ")"
                for i in range(len(selections))
            ), False))
        where_sql, where_params = filter_sql(filters)
        with connection.cursor() as cursor:
            for expression, scores_itself in expressions:
                if where_sql:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS} ON d.id = {FTS_TABLE}.rowid"
                        f" WHERE {FTS_TABLE} MATCH %s{where_sql}",
                        [expression] + where_params,
                    )
                else:
                    cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
                size = cursor.fetchone()[0]
                if size * (1 if scores_itself else scans) * TIER_COST >= rows:
                    return None  # scoring the tier would cost as much as scoring every match
                if size >= CANDIDATE_FLOOR:
                    return expression, size, scores_itself
        return None

    @staticmethod
    def _scans(alternatives):
        """[(group index, FTS5 expression)] to score candidates on: one
        expression for all the groups that have a single alternative
        (bm25() sums one term per phrase, so a document's score on "a OR b"
        is exactly its score on a plus its score on b, and these groups'
        scores are summed anyway; the group index is then -1), and one per
        alternative of the other groups, whose best alternative counts.
        Each scan also carries the candidates' expression, so fewer scans
        are cheaper; scoring every match (`_full_search`) keeps one scan per
        alternative instead, since bm25() reads the positions of every
        phrase of the expression for each row."""
        per_group: dict[int, list[tuple[str, ...]]] = {}
        for index, alt in alternatives:
            per_group.setdefault(index, []).append(alt)
        singles = [_phrase(alts[0]) for alts in per_group.values() if len(alts) == 1]
        scans = [(-1, " OR ".join(singles))] if singles else []
        scans += [(index, _phrase(alt)) for index, alts in per_group.items() if len(alts) > 1 for alt in alts]
        return scans

    def _full_search(self, alternatives, filters, *, limit, offset, fresh_since, first=None):
        """Every document matching any alternative, scored; those matching
        the FTS5 expression `first` (if given) before all others."""
        selects, params = [], []
        for index, alt in alternatives:
            selects.append(
                f"SELECT rowid AS id, {index} AS g, {FIELD_SCORE} AS s"
                f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            )
            params.append(_phrase(alt))
        # MATERIALIZED: a single-alternative CTE would otherwise be flattened
        # into the outer query, where bm25() has no full-text context.
        if len(selects) == 1:
            return self._rank(f"WITH best AS MATERIALIZED ({selects[0]}),", params, filters, limit=limit,
                              offset=offset, fresh_since=fresh_since, first=first, one_scan=True)
        return self._rank(
            f"WITH m AS MATERIALIZED ({' UNION ALL '.join(selects)}),"
            " best AS (SELECT id, g, MAX(s) AS s FROM m GROUP BY id, g),",
            params, filters, limit=limit, offset=offset, fresh_since=fresh_since, first=first,
        )

    def _candidate_search(self, alternatives, candidates: str, filters, *, limit, offset, fresh_since):
        """Like _full_search, but only the documents matching the FTS5
        expression `candidates`, each scored on every alternative.

        bm25() sums one term per phrase of the MATCH expression, each with its
        own idf (counted over the whole table), so for a document matching
        both, score("(a) AND (E)") - score("E") is exactly the score of
        a alone (up to rounding, about 1e-14). That scores a common phrase
        on a few candidates without letting it select every document that
        contains it. (A `rowid IN (…)` list instead would make FTS5
        recount the phrase's idf once per candidate.)"""
        selects, params = [], []
        for index, expression in self._scans(alternatives):
            selects.append(
                f"SELECT rowid AS id, {index} AS g, {FIELD_SCORE} AS s"
                f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            )
            params.append(f"({expression}) AND ({candidates})")
        one_scan = len(selects) == 1
        best = ("SELECT m.id, m.g, m.s - e.s AS s FROM m JOIN e ON e.id = m.id" if one_scan else
                "SELECT m.id, m.g, MAX(m.s - e.s) AS s FROM m JOIN e ON e.id = m.id GROUP BY m.id, m.g")
        return self._rank(
            f"WITH e AS MATERIALIZED (SELECT rowid AS id, {FIELD_SCORE} AS s"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s),"
            f" m AS MATERIALIZED ({' UNION ALL '.join(selects)}),"
            f" best AS ({best}),",
            [candidates] + params, filters, limit=limit, offset=offset, fresh_since=fresh_since, one_scan=one_scan,
        )

    def _rank(self, ctes: str, params: list, filters, *, limit, offset, fresh_since, first=None, one_scan=False):
        """The page of the documents the CTE `best` scores (id, group, best
        score of the group), groups summed. `one_scan`: `best` came from one
        full-text scan, so it holds each document once and needs no summing
        (grouping 20 000 rows costs about as much as scoring them)."""
        where_sql, where_params = filter_sql(filters)
        boost, boost_params = boost_sql(fresh_since)
        tier_join, tier_order, tier_params = "", "", []
        if first is not None:
            tier_join = (f" LEFT JOIN (SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) t"
                         " ON t.id = d.id")
            tier_order, tier_params = "t.id IS NULL, ", [first]
        # Scores are rounded (to 1e-9) so that equal relevance computed two
        # ways (directly or by difference) ties the same way, by id.
        sql = (
            f"{ctes} rel AS (SELECT id, {'s' if one_scan else 'SUM(s) AS s'} FROM best{'' if one_scan else ' GROUP BY id'})"
            f" SELECT d.id, ROUND(rel.s * {boost}, 9) AS score"
            f" FROM rel CROSS JOIN {DOCUMENTS} ON d.id = rel.id{tier_join} WHERE 1 = 1{where_sql}"
            f" ORDER BY {tier_order}score DESC, d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params + boost_params + tier_params + where_params + [limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    # --- pruning ---------------------------------------------------------------
    def _pruned_search(self, alternatives, filters, *, limit, offset, fresh_since, n_docs=None, df=None):
        """The exact top `limit + offset` without letting a very common word
        select (and bm25 score) most of the index, in the spirit of MaxScore.

        An alternative in at least COMMON_SHARE of the documents has a small
        idf, so what it can add to a relevance is small and bounded:
        Σ over fields of weight × (k1 + 1) × idf, because bm25's
        term-frequency part stays below k1 + 1 = 2.2 for any frequency and
        length. Candidates are the documents matching any other alternative;
        they are scored on every alternative, the common ones included. A
        document matching only common alternatives scores at most the sum of
        their bounds (per group, the largest) × the largest boost; if the
        k-th best candidate scores more than that, no such document can
        enter the page and the ranking is exact. Otherwise (or when there are
        fewer than k candidates) this returns None and the caller scores
        every match.

        The idf bound uses a document frequency that is at most the real one
        (the vocabulary's count; phrases are never treated as common) and a
        row count that is at least the real one (the largest document id)."""
        k = limit + offset
        singles = sorted({alt[0] for _, alt in alternatives if len(alt) == 1})
        if not singles:
            return None
        if df is None:
            n_docs, df = self._statistics(singles)
        bounds = {}  # common word → the most it adds to a relevance, boost included
        for term in singles:
            n = df.get(term, 0)
            if n >= COMMON_SHARE * n_docs:
                idf = max(math.log((n_docs - n + 0.5) / (n + 0.5)), 1e-6) if n_docs > n else 1e-6
                bounds[term] = (TITLE_WEIGHT + SUMMARY_WEIGHT + BODY_WEIGHT) * SATURATION * idf * MAX_BOOST
        # The first try leaves out only the most common words whose bounds add
        # up to less than FIRST_CEILING (a typical last score of a page):
        # when the first try cannot be exact, it costs a second ranking.
        bounds = _smallest_below(bounds, FIRST_CEILING)
        if not bounds:
            return None
        # First try: every common word left out of the candidate selection.
        # If the k-th candidate beats what the common words could add, that
        # is the answer. If not, its score is still a lower bound θ of the
        # final k-th score: leave out only the most common words whose bounds
        # add up to less than θ, and rank again; that ranking is exact.
        for attempt in (1, 2):
            ceiling, rare = self._split(alternatives, bounds)
            if not rare:
                return None
            candidates = " OR ".join(dict.fromkeys(_phrase(alt) for alt in rare))
            ranked = self._candidate_search(alternatives, candidates, filters, limit=k, offset=0,
                                            fresh_since=fresh_since)
            if len(ranked) < k:
                return None
            theta = ranked[-1][1] / (1 + 1e-6)
            if ceiling < theta:
                return ranked[offset:offset + limit]
            if attempt == 2:
                return None
            bounds = _smallest_below(bounds, theta)
            if not bounds:
                return None
        return None

    @staticmethod
    def _split(alternatives, bounds):
        """(the most the alternatives in `bounds` add to a relevance, the other alternatives)."""
        per_group: dict[int, float] = {}
        rare = []
        for index, alt in alternatives:
            if len(alt) == 1 and alt[0] in bounds:
                per_group[index] = max(per_group.get(index, 0.0), bounds[alt[0]])
            else:
                rare.append(alt)
        return sum(per_group.values()), rare

    # --- total and facets -------------------------------------------------------
    def count_and_facets(self, groups, filters, dimensions):
        """Exact up to EXACT_COUNT_LIMIT matches. Above it, grouping every
        match costs about 4 µs a document (0.4 s for 100 000), so the facets
        and the total are estimated from a sample of about SAMPLE_SIZE
        matches (the matches in SAMPLE_STRIPES ranges of ids spread evenly
        over all ids, so a catalog indexed type by type is still sampled in
        proportion) and returned as `Estimate`s, which the page and the API
        show as approximate. The match is written without the phrases that
        select nothing more than one of their group's words (`_selections`).

        Whether there are more than EXACT_COUNT_LIMIT matches is read from
        the vocabulary when one query word alone is in more documents than
        that; only otherwise are the matches counted (an FTS5 `COUNT(*)`,
        1-12 ms at 100 000 documents), and then the unfiltered total is that
        exact count. A filtered total whose sample holds fewer than
        MIN_SAMPLE_HITS documents is counted exactly."""
        dimensions = list(dimensions)
        if not groups:
            return 0, {dimension: [] for dimension in dimensions}
        alternatives = [(index, tuple(alt)) for index, group in enumerate(groups) for alt in group.alternatives if alt]
        if not alternatives:
            return 0, {dimension: [] for dimension in dimensions}
        # The same documents as match_expression(groups), with fewer phrases.
        expression = " OR ".join(e for _, e in _selections(alternatives, {}).values())
        match_sql = (f"FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS} ON d.id = {FTS_TABLE}.rowid"
                     f" WHERE {FTS_TABLE} MATCH %s")
        match_params = [expression]
        n_docs, df = self._statistics({term for _, alt in alternatives for term in alt})
        # At least as many matches as the commonest single word has
        # documents; at most the sum of every alternative's bound.
        least = max((df.get(alt[0], 0) for _, alt in alternatives if len(alt) == 1), default=0)
        matches = None
        if least <= EXACT_COUNT_LIMIT:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", match_params)
                matches = cursor.fetchone()[0]
            if matches <= EXACT_COUNT_LIMIT:
                return self._grouped_counts(match_sql, match_params, filters, dimensions)[:2]
        most = _rows_to_score(alternatives, df)
        expected = matches if matches is not None else max(least, min(most, n_docs))
        # SAMPLE_STRIPES ranges of document ids, evenly spaced over all ids,
        # each one subquery: FTS5 seeks to a rowid range (not to an OR of
        # ranges, nor to every n-th id), so only the sample is read.
        with connection.cursor() as cursor:
            # (Two subqueries: SQLite reads MIN and MAX from the index only one at a time.)
            cursor.execute(f"SELECT (SELECT MIN(id) FROM {DOCUMENT_TABLE}), (SELECT MAX(id) FROM {DOCUMENT_TABLE})")
            low, high = cursor.fetchone()
        span = high - low + 1
        width = max(1, math.ceil(span * SAMPLE_SIZE / expected / SAMPLE_STRIPES))
        starts = sorted({low + span * i // SAMPLE_STRIPES for i in range(SAMPLE_STRIPES)})
        stripes = " UNION ALL ".join(
            f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" AND rowid >= {start} AND rowid < {start + width}"
            for start in starts
        )
        sample_total, sample_facets, sample_rows = self._grouped_counts(
            f"FROM ({stripes}) s CROSS JOIN {DOCUMENTS} ON d.id = s.id WHERE 1 = 1",
            match_params * len(starts), filters, dimensions,
        )
        if matches is None:  # scaled by the share of all ids the stripes cover
            covered, reach = 0, low
            for start in starts:
                end = min(start + width, high + 1)
                covered += max(0, end - max(start, reach))
                reach = max(reach, end)
            scale = span / covered
        else:
            scale = matches / max(sample_rows, 1)

        def estimate(n):
            return Estimate(max(1, round(n * scale))) if n else Estimate(0)

        if filters == Filters():
            # (never below the commonest word's documents, which all match)
            total = matches if matches is not None else Estimate(max(least, round(sample_rows * scale)))
        elif sample_total >= MIN_SAMPLE_HITS:
            total = estimate(sample_total)
        else:
            where_sql, where_params = filter_sql(filters)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) {match_sql}{where_sql}", match_params + where_params)
                total = cursor.fetchone()[0]
        facets = {
            dimension: [(value, label, estimate(n)) for value, label, n in rows]
            for dimension, rows in sample_facets.items()
        }
        return total, facets

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
        """The vocabulary's range of words with the same first letter, less
        those more edits away from `word` than the length range allows
        (max(len(word) - min_length, max_length - len(word))): they could
        not be accepted anyway, and a large vocabulary (100 000 documents
        with place names) has thousands of words per letter, which rapidfuzz
        filters in one call faster than they are compared one by one."""
        first = word[0]
        with connection.cursor() as cursor:
            # "+length": not through the (kind, length) index, which made
            # SQLite read every word of those lengths (all letters: 22 ms at
            # 100 000 documents) instead of the letter's range of (kind, term).
            cursor.execute(
                f"SELECT term, doc_count FROM {VOCABULARY_TABLE}"
                " WHERE kind = 'word' AND term >= %s AND term < %s AND +length BETWEEN %s AND %s",
                [first, chr(ord(first) + 1), min_length, max_length],
            )
            rows = cursor.fetchall()
        if len(rows) <= CANDIDATE_FILTER_FROM:
            return rows
        edits = max(len(word) - min_length, max_length - len(word), 0)
        close = process.extract(word, [term for term, _ in rows], scorer=OSA.distance, score_cutoff=edits,
                                limit=None)
        return [rows[index] for _, _, index in sorted(close, key=lambda match: match[2])]
