"""Top lists: the exact first results of a query of common words, from a few
hundred candidates instead of every match (SQLite backend).

Scoring a match costs SQLite 2-3 µs (bm25 reads its positions, then its
boosts are looked up), so "ktp" at 100 000 documents (22 000 matches, 3 300
with KTP in the title) cost 30-40 ms however it was cut into tiers. A word's
score in a document hardly depends on the query: it is idf(word), the same
for every document, times a value of the document alone,

    value(word, d) = boost(d) × Σ over fields of weight × tf (k1 + 1) / (tf + k1 (1 - b + b |d| / avgdl))

(FTS5's bm25 per field, as backends/sqlite_fts5.py weights them). So for
each word in at least LISTED_FROM documents, `build()` keeps the LIST_SIZE
documents with the highest values (table search_top_docs) and, as the
word's `bound`, the highest value of any other document (search_top_terms).

`ranked()` then takes as candidates the lists of the query's common words
and every document of its rare alternatives, scores them exactly (the same
bm25 as FTS5, computed here from the stored text: `Document.value()`), and returns
the first DEPTH results only when no other document can reach them: one
that is in no list and has no rare alternative scores at most, per query
group, idf × bound of its best alternative (a phrase scores at most what its
listed word does, since the phrase occurs no more often), summed over the
groups. Otherwise it returns None and the backend ranks as before.

The lists stay valid between rebuilds: a saved document joins a list when
its value beats the bound (`add_documents`), a deleted one leaves it, idf is
applied at query time, and a change in the average row length since the
build widens the bounds by the same ratio (bm25's length term moves no more
than that). A document's freshness boost only falls with time; verifying it
saves and re-indexes it. `rebuild_search_index` and the daily jobs
(tasks.refresh_search_top_lists) build the lists anew: words that became
common get one then, and lists thinned by deletions fill up again.
"""

from __future__ import annotations

from django.db import transaction

from .base import VOCABULARY_TABLE, boost_sql, filter_sql, fresh_since
from .sqlite_bm25 import (
    DOCUMENTS,
    FIELD_SCORE,
    FTS_TABLE,
    Document,
    by_group,
    idf,
    needle,
    phrase,
    statistics,
    varints,
)

TERMS_TABLE = "search_top_terms"
DOCS_TABLE = "search_top_docs"
# A word in at least this many documents gets a list of LIST_SIZE.
LISTED_FROM = 1000
LIST_SIZE = 300
# The results a ranking proves: as many as semantic re-ranking reads
# (services/semantic.head_size()), so every page of one ranking comes from
# the same method (deeper pages score every match, in the same order).
DEPTH = 150
# An alternative in at most this many documents has all of them as candidates.
RARE_FROM_ALL = 500
# Scoring a candidate here costs about 10 µs, so at most this many, from at
# most MAX_LISTS lists (more common words rarely let the bound hold anyway).
MAX_CANDIDATES = 1000
MAX_LISTS = 3


def clear(cursor) -> None:
    cursor.execute(f"DELETE FROM {DOCS_TABLE}")
    cursor.execute(f"DELETE FROM {TERMS_TABLE}")


def build(cursor, progress=None) -> int:
    """The lists of every word in at least LISTED_FROM documents, built anew
    (those of words now rarer dropped); returns how many. Each word's list
    is replaced in its own transaction, so searches see either its old or
    its new list, and saves wait for one word at most. `progress(done,
    total)` after each word."""
    rows, avgdl = statistics(cursor)
    cursor.execute(
        f"SELECT term, doc_count FROM {VOCABULARY_TABLE} WHERE kind = 'stem' AND doc_count >= %s ORDER BY term",
        [LISTED_FROM],
    )
    words = cursor.fetchall()
    with transaction.atomic():
        cursor.execute(f"DELETE FROM {DOCS_TABLE} WHERE term NOT IN (SELECT term FROM {VOCABULARY_TABLE}"
                       " WHERE kind = 'stem' AND doc_count >= %s)", [LISTED_FROM])
        cursor.execute(f"DELETE FROM {TERMS_TABLE} WHERE term NOT IN (SELECT term FROM {VOCABULARY_TABLE}"
                       " WHERE kind = 'stem' AND doc_count >= %s)", [LISTED_FROM])
    boost, boost_params = boost_sql(fresh_since())
    for done, (term, hits) in enumerate(words, 1):
        with transaction.atomic():
            cursor.execute(
                f"WITH s AS MATERIALIZED (SELECT rowid AS id, {FIELD_SCORE} AS s FROM {FTS_TABLE}"
                f" WHERE {FTS_TABLE} MATCH %s)"
                f" SELECT s.id, s.s * {boost} AS v FROM s CROSS JOIN {DOCUMENTS} ON d.id = s.id"
                " ORDER BY v DESC, s.id LIMIT %s",
                [phrase([term])] + boost_params + [LIST_SIZE + 1],
            )
            best = cursor.fetchall()
            word_idf = idf(rows, hits)
            bound = best[LIST_SIZE][1] / word_idf if len(best) > LIST_SIZE else 0.0
            cursor.execute(f"DELETE FROM {DOCS_TABLE} WHERE term = %s", [term])
            cursor.execute(f"INSERT OR REPLACE INTO {TERMS_TABLE}(term, bound, avgdl) VALUES (%s, %s, %s)",
                           [term, bound, avgdl])
            cursor.executemany(
                f"INSERT INTO {DOCS_TABLE}(term, value, doc_id) VALUES (%s, %s, %s)",
                [(term, value / word_idf, doc_id) for doc_id, value in best[:LIST_SIZE]],
            )
        if progress:
            progress(done, len(words))
    return len(words)


def remove_documents(cursor, doc_ids: list[int]) -> None:
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start:start + 500]
        cursor.execute(f"DELETE FROM {DOCS_TABLE} WHERE doc_id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def add_documents(cursor, entries) -> None:
    """Newly indexed documents join the lists whose bound they beat."""
    terms = sorted({term for e in entries for field in (e.title, e.summary, e.body) for term in field})
    lists = {}
    for start in range(0, len(terms), 500):
        chunk = terms[start:start + 500]
        cursor.execute(
            f"SELECT term, bound, avgdl FROM {TERMS_TABLE} WHERE term IN ({', '.join(['%s'] * len(chunk))})", chunk
        )
        lists.update((term, (bound, avgdl)) for term, bound, avgdl in cursor.fetchall())
    if not lists:
        return
    boost, boost_params = boost_sql(fresh_since())
    ids = [e.doc_id for e in entries]
    cursor.execute(
        f"SELECT d.id, {boost} FROM {DOCUMENTS} WHERE d.id IN ({', '.join(['%s'] * len(ids))})", boost_params + ids
    )
    boosts = dict(cursor.fetchall())
    rows = []
    for entry in entries:
        document = Document([" ".join(entry.title), " ".join(entry.summary), " ".join(entry.body)])
        present = {t for field in (entry.title, entry.summary, entry.body) for t in field}
        for term in present & lists.keys():
            bound, avgdl = lists[term]
            value = document.value((term,), avgdl) * boosts.get(entry.doc_id, 1.0)
            if value > bound:
                rows.append((term, value, entry.doc_id))
    cursor.executemany(f"INSERT INTO {DOCS_TABLE}(term, value, doc_id) VALUES (%s, %s, %s)", rows)


def ranked(cursor, alternatives, df, filters, fresh_since) -> list[tuple[int, float]] | None:
    """The first DEPTH results [(document id, score)], best first, exactly as
    scoring every match would rank them, or None when the lists cannot prove
    it: a common alternative without a list, more than MAX_LISTS lists or
    MAX_CANDIDATES candidates, too few candidates passing the filters, or a
    DEPTH-th score not above what an unlisted document could score."""
    groups = by_group(alternatives)
    words = sorted({term for _, alt in alternatives for term in alt})
    cursor.execute(
        f"SELECT term, bound, avgdl FROM {TERMS_TABLE} WHERE term IN ({', '.join(['%s'] * len(words))})", words
    )
    lists = {term: (bound, avgdl) for term, bound, avgdl in cursor.fetchall()}
    # What each alternative needs, decided from the vocabulary first; phrases
    # are counted (an FTS5 query each) only once nothing else rules them out.
    sources: dict[tuple[str, ...], str] = {}
    for _, alt in alternatives:
        least = min(df.get(term, 0) for term in alt)
        listed = [term for term in alt if term in lists]
        if least > RARE_FROM_ALL and not listed:
            return None
        if listed and (len(alt) > 1 or least > RARE_FROM_ALL):
            # A phrase occurs no more often than its words, so its value is
            # at most any one's: the list with the lowest bound bounds it.
            sources[alt] = min(listed, key=lambda term: lists[term][0])
    if len(set(sources.values())) > MAX_LISTS:
        return None
    rows, avgdl = statistics(cursor)
    if not rows:
        return None
    hits: dict[tuple[str, ...], int] = {}
    for _, alt in alternatives:
        if alt in hits:
            continue
        if len(alt) == 1:
            hits[alt] = df.get(alt[0], 0)
        else:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase(alt)])
            hits[alt] = cursor.fetchone()[0]
    rare = [alt for alt in hits if hits[alt] <= RARE_FROM_ALL]
    listed_sources = sorted({sources[alt] for alt in hits if alt not in rare})
    if len(listed_sources) * LIST_SIZE + sum(hits[alt] for alt in rare) > MAX_CANDIDATES * 2:
        return None
    group_bounds: dict[int, float] = {}
    for index, alts in groups.items():
        for alt in alts:
            if alt in rare:
                continue  # every document containing it is a candidate
            bound, built_with = lists[sources[alt]]
            drift = max(avgdl / built_with, built_with / avgdl)
            group_bounds[index] = max(group_bounds.get(index, 0.0), idf(rows, hits[alt]) * bound * drift)
    limit = sum(group_bounds.values()) * (1 + 1e-9)
    if not _likely_to_prove(cursor, groups, sources, rare, hits, rows, limit, group_bounds):
        return None
    where_sql, where_params = filter_sql(filters)
    boost, boost_params = boost_sql(fresh_since)
    selects, params = [], []
    if listed_sources:
        selects.append(
            f"SELECT doc_id AS id FROM {DOCS_TABLE} WHERE term IN ({', '.join(['%s'] * len(listed_sources))})"
        )
        params += listed_sources
    if rare:
        selects.append(f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s")
        params.append(" OR ".join(phrase(alt) for alt in rare))
    # `n` counts every candidate before the filters: a set cut at the LIMIT
    # must not pass for a complete one once the filters have thinned it.
    cursor.execute(
        f"SELECT c.c0, c.c1, c.c2, z.sz, {boost}, s.id, s.n"
        f" FROM (SELECT id, COUNT(*) OVER () AS n FROM (SELECT DISTINCT id FROM ({' UNION ALL '.join(selects)}))"
        " LIMIT %s) s"
        f" CROSS JOIN {FTS_TABLE}_content c ON c.id = s.id CROSS JOIN {FTS_TABLE}_docsize z ON z.id = s.id"
        f" CROSS JOIN {DOCUMENTS} ON d.id = s.id WHERE 1 = 1{where_sql}",
        boost_params + params + [MAX_CANDIDATES] + where_params,
    )
    candidates = cursor.fetchall()
    if len(candidates) < DEPTH or candidates[0][6] > MAX_CANDIDATES:
        return None
    scoring = [[(idf(rows, hits[alt]), alt, needle(alt)) for alt in alts] for alts in groups.values()]
    scored = []
    for title, summary, body, sizes, doc_boost, doc_id, _ in candidates:
        document = Document((title, summary, body), sum(varints(bytes(sizes))))
        relevance = 0.0
        for group in scoring:
            relevance += max(alt_idf * document.value(alt, avgdl, text_needle) for alt_idf, alt, text_needle in group)
        if relevance > 0:
            scored.append((-round(relevance * doc_boost, 9), doc_id))
    if len(scored) < DEPTH:
        return None
    scored.sort()
    # Strictly above: an unlisted document scoring exactly the bound could
    # tie and win on its id.
    if -scored[DEPTH - 1][0] <= limit:
        return None
    return [(doc_id, -negative) for negative, doc_id in scored[:DEPTH]]


def _likely_to_prove(cursor, groups, sources, rare, hits, rows, limit, group_bounds) -> bool:
    """Whether at least DEPTH documents are likely to score above `limit`,
    judged from the list values alone: a listed document is estimated at its
    values (per group the best, times idf) plus, for each group whose lists
    it is not on, the group's bound times the share of documents that have
    the group's commonest alternative. When a query's groups are common in
    different documents ("ktp hilang": 300 documents with KTP in the title,
    300 others with "hilang"), few beat the sum of the bounds, and this says
    so before anything is scored. Only a shortcut: the proof is made on the
    exact scores."""
    if sum(hits[alt] for alt in rare) >= DEPTH:
        return True
    terms = sorted(set(sources.values()))
    if not terms:
        return False
    cursor.execute(
        f"SELECT term, value, doc_id FROM {DOCS_TABLE} WHERE term IN ({', '.join(['%s'] * len(terms))})", terms
    )
    values: dict[str, dict[int, float]] = {}
    for term, value, doc_id in cursor.fetchall():
        values.setdefault(term, {})[doc_id] = value
    per_group = []
    for index, alts in groups.items():
        best: dict[int, float] = {}
        for alt in alts:
            if alt in rare or alt not in sources:
                continue
            weight = idf(rows, hits[alt])
            for doc_id, value in values.get(sources[alt], {}).items():
                if value * weight > best.get(doc_id, 0.0):
                    best[doc_id] = value * weight
        share = min(1.0, max(hits[alt] for alt in alts) / rows)
        per_group.append((best, group_bounds.get(index, 0.0) * share))
    listed = set().union(*(best for best, _ in per_group))
    above = sum(
        1 for doc_id in listed
        if sum(best.get(doc_id, expected) for best, expected in per_group) > limit
    )
    return above + sum(hits[alt] for alt in rare) >= DEPTH
