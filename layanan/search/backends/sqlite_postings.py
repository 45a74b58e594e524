"""Postings: every document of each common word and dictionary phrase, with
what its bm25 needs, so a query is ranked with array arithmetic (SQLite
backend).

FTS5 scores a match in 2-3 µs (bm25 reads its positions, then the boosts are
looked up), so a query of several common words ("brp biaya perpanjang sim
c", 100 000 matches) cost 20-30 ms at 100 000 documents, however it was cut
into tiers, and the top lists could not prove such rankings. A key's score
in a document is FTS5's bm25 per field, weighted (sqlite_bm25.FIELD_SCORE):

    Σ over fields of weight × idf × tf (k1 + 1) / (tf + k1 (1 - b + b |d| / avgdl))

which needs only the key's term frequency in each field, the document's
length and, for the boost, whether it is official and when it was verified.
`build()` stores those for every document of each word in at least
POSTED_FROM documents and of each multi-word dictionary term matching as
many (table search_postings, one row of packed arrays per key, in id order).
`ranked()` then scores every match of such a query with numpy, exactly as
scoring every match with FTS5 would (test_postings compares the two),
in 1-3 ms instead of 10-30: no bound to prove, no candidates.

Exact between builds: each document indexed or deleted is appended to
search_postings_log, and an indexed document's entries for the posted keys
it contains go to search_postings_delta with that change's `seq`. A key's
row is complete up to its `seq`; a query leaves the documents changed since
out of the stored arrays and adds their latest entries. `rebuild_search_index`
and the daily jobs (tasks.refresh_search_top_lists) build the postings anew,
one key per transaction, folding the changes in; words that became common get
postings then.

With filters (a facet chosen), the best matches are checked against them
until enough pass, or every document is (`_passing`). The backend ranks as
before when no key of a query has postings, more than MAX_CHANGED documents changed since the build, or an
alternative without postings matches more than SCAN_LIMIT documents (such
alternatives are scored by FTS5 and joined in).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import numpy as np
from django.db import transaction

from .base import DOCUMENT_TABLE, FRESH_BOOST, OFFICIAL_BOOST, VOCABULARY_TABLE, Filters, filter_sql
from .sqlite_bm25 import (
    DOCUMENTS,
    FIELD_SCORE,
    FTS_TABLE,
    K1,
    WEIGHTS,
    B,
    Document,
    by_group,
    idf,
    needle,
    phrase,
    statistics,
    varints,
)

TABLE = "search_postings"
LOG_TABLE = "search_postings_log"
DELTA_TABLE = "search_postings_delta"
# fts5vocab's per-token view of the index, to read a word's documents and fields.
INSTANCES = "temp.search_fts_instance"
POSTED_FROM = 1000
SCAN_LIMIT = 5000
MAX_CHANGED = 2000
# With a type or region filter: at least how many of the best matches are
# checked (four times as many as asked for) before every document is.
FILTER_POOL = 500
FIELDS = {"title": 0, "summary": 1, "body": 2}
_EPOCH = datetime(1970, 1, 1)
NEVER = np.iinfo(np.int64).min  # verified: never


def microseconds(value) -> int:
    """A verification time as UTC microseconds since 1970 (NEVER for none),
    comparable the way SQLite compares the stored text."""
    if value is None:
        return int(NEVER)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(dt_timezone.utc).replace(tzinfo=None)
    return (value - _EPOCH) // timedelta(microseconds=1)


# --- packed arrays ------------------------------------------------------------------
# One key's documents, in id order: verified (int64), id (int32), length
# (uint32), tf per field (uint16, title then summary then body, each field's
# array whole), official (uint8): 23 bytes each, in that order so that every
# array starts aligned.
ROW_BYTES = 8 + 4 + 4 + 6 + 1


def pack(ids, tf, length, official, verified) -> bytes:
    return b"".join((
        np.asarray(verified, "<i8").tobytes(), np.asarray(ids, "<i4").tobytes(),
        np.asarray(length, "<u4").tobytes(), np.asarray(tf, "<u2").reshape(3, -1).tobytes(),
        np.asarray(official, "u1").tobytes(),
    ))


def unpack(blob: bytes):
    """(ids, tf (3 × n: title, summary, body), length, official, verified) of a packed row."""
    n = len(blob) // ROW_BYTES
    verified = np.frombuffer(blob, "<i8", n, 0)
    ids = np.frombuffer(blob, "<i4", n, 8 * n)
    length = np.frombuffer(blob, "<u4", n, 12 * n)
    tf = np.frombuffer(blob, "<u2", 3 * n, 16 * n).reshape(3, n)
    official = np.frombuffer(blob, "u1", n, 22 * n)
    return ids, tf, length, official, verified


# --- building -------------------------------------------------------------------------

def clear(cursor) -> None:
    for table in (TABLE, LOG_TABLE, DELTA_TABLE):
        cursor.execute(f"DELETE FROM {table}")


def build(cursor, phrases=(), progress=None) -> int:
    """The postings of every word in at least POSTED_FROM documents and of
    each of `phrases` (tuples of terms: the dictionary's multi-word terms)
    matching as many, built anew; returns how many keys. Each key is
    replaced in its own transaction. `progress(done, total)` after each."""
    # Changes are logged only while some key is stored (record_changes); a
    # first build stores this empty one at once, so that none made while it
    # runs goes unlogged.
    with transaction.atomic():
        cursor.execute(f"INSERT OR IGNORE INTO {TABLE}(key, seq, data) VALUES ('', 0, x'')")
    cursor.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {LOG_TABLE}")
    seq = cursor.fetchone()[0]  # every change after this is in the log
    cursor.execute(
        f"SELECT term, doc_count FROM {VOCABULARY_TABLE} WHERE kind = 'stem' AND doc_count >= %s ORDER BY term",
        [POSTED_FROM],
    )
    common = dict(cursor.fetchall())
    keys: list[tuple[str, ...]] = [(term,) for term in common]
    for terms in dict.fromkeys(tuple(p) for p in phrases if len(p) > 1):
        if all(term in common for term in terms):
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase(terms)])
            if cursor.fetchone()[0] >= POSTED_FROM:
                keys.append(terms)
    names = [" ".join(key) for key in keys]
    with transaction.atomic():
        cursor.execute(f"SELECT key FROM {TABLE}")
        wanted = set(names)
        stale = [row[0] for row in cursor.fetchall() if row[0] and row[0] not in wanted]
        for key in stale:
            cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [key])
            cursor.execute(f"DELETE FROM {DELTA_TABLE} WHERE key = %s", [key])
    if not keys:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"DELETE FROM {LOG_TABLE}")
        return 0
    length, official, verified = _document_facts(cursor)
    cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {INSTANCES} USING fts5vocab(main, '{FTS_TABLE}', 'instance')")
    for done, (key, name) in enumerate(zip(keys, names), 1):
        ids, tf = _word_postings(cursor, key[0]) if len(key) == 1 else _phrase_postings(cursor, key, length)
        # (A document newer than the facts read above is in the log: its entry comes from there.)
        known = ids < len(length)
        ids, tf = ids[known], tf[:, known]
        blob = pack(ids, tf, length[ids], official[ids], verified[ids])
        with transaction.atomic():
            cursor.execute(f"INSERT OR REPLACE INTO {TABLE}(key, seq, data) VALUES (%s, %s, %s)", [name, seq, blob])
            cursor.execute(f"DELETE FROM {DELTA_TABLE} WHERE key = %s", [name])
            # Documents changed while this ran are taken from the log, with
            # their entries for this key (which may be new) written now.
            _write_deltas(cursor, _changed_since(cursor, seq), [name])
        if progress:
            progress(done, len(keys))
    cursor.execute(f"DELETE FROM {TABLE} WHERE key = ''")
    cursor.execute(f"DELETE FROM {LOG_TABLE} WHERE seq <= (SELECT MIN(seq) FROM {TABLE})")
    cursor.execute(f"DELETE FROM {DELTA_TABLE} WHERE seq <= (SELECT MIN(seq) FROM {TABLE})")
    return len(keys)


def _document_facts(cursor):
    """Dense arrays by document id: length in tokens, official, verified (µs)."""
    cursor.execute(f"SELECT MAX(id) FROM {DOCUMENT_TABLE}")
    size = (cursor.fetchone()[0] or 0) + 1
    length = np.zeros(size, np.uint32)
    official = np.zeros(size, np.uint8)
    verified = np.full(size, NEVER, np.int64)
    cursor.execute(f"SELECT id, sz FROM {FTS_TABLE}_docsize")
    for doc_id, sizes in cursor.fetchall():
        if doc_id < size:
            length[doc_id] = sum(varints(bytes(sizes)))
    cursor.execute(f"SELECT id, official, verified_at FROM {DOCUMENT_TABLE}")
    for doc_id, is_official, verified_at in cursor.fetchall():
        official[doc_id] = bool(is_official)
        verified[doc_id] = microseconds(verified_at)
    return length, official, verified


def _word_postings(cursor, term: str):
    cursor.execute(f"SELECT doc, col, COUNT(*) FROM {INSTANCES} WHERE term = %s GROUP BY doc, col", [term])
    rows = cursor.fetchall()
    docs = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    fields = np.fromiter((FIELDS[row[1]] for row in rows), np.int64, len(rows))
    counts = np.fromiter((row[2] for row in rows), np.int64, len(rows))
    ids, where = np.unique(docs, return_inverse=True)
    tf = np.zeros((3, len(ids)), np.int64)
    tf[fields, where] = counts
    return ids, tf


def _phrase_postings(cursor, terms: tuple[str, ...], length):
    cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid", [phrase(terms)])
    ids = [row[0] for row in cursor.fetchall() if row[0] < len(length)]
    text_needle = needle(terms)
    tf = np.zeros((3, len(ids)), np.int64)
    row = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cursor.execute(f"SELECT id, c0, c1, c2 FROM {FTS_TABLE}_content WHERE id IN ({', '.join(['%s'] * len(chunk))})"
                       " ORDER BY id", chunk)
        for doc_id, *texts in cursor.fetchall():
            document = Document(texts, int(length[doc_id]))
            tf[:, row] = document.counts(terms, text_needle)
            row += 1
    return np.asarray(ids, np.int64), tf


# --- changes between builds -----------------------------------------------------------

def _changed_since(cursor, seq: int, limit: int | None = None) -> dict[int, int]:
    """{document id: its latest change} for the changes after `seq`."""
    cursor.execute(
        f"SELECT doc_id, MAX(seq) FROM {LOG_TABLE} WHERE seq > %s GROUP BY doc_id"
        + (" LIMIT %s" if limit is not None else ""),
        [seq] + ([limit] if limit is not None else []),
    )
    return dict(cursor.fetchall())


def record_changes(cursor, doc_ids) -> None:
    """After documents were indexed or deleted: log them, and store the
    entries of those still indexed for the posted keys. Nothing to do
    before the first build."""
    if not doc_ids:
        return
    cursor.execute(f"SELECT key FROM {TABLE}")
    keys = [row[0] for row in cursor.fetchall()]
    if not keys:
        return
    latest = {}
    for doc_id in doc_ids:
        cursor.execute(f"INSERT INTO {LOG_TABLE}(doc_id) VALUES (%s)", [doc_id])
        latest[doc_id] = cursor.lastrowid
    _write_deltas(cursor, latest, keys)


def _write_deltas(cursor, latest: dict[int, int], keys: list[str]) -> None:
    """Each document's entry (with its latest change) for each of `keys` it contains."""
    ids = list(latest)
    rows = []
    split = [(key, tuple(key.split(" "))) for key in keys]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cursor.execute(
            f"SELECT c.id, c.c0, c.c1, c.c2, z.sz, d.official, d.verified_at FROM {FTS_TABLE}_content c"
            f" CROSS JOIN {FTS_TABLE}_docsize z ON z.id = c.id CROSS JOIN {DOCUMENTS} ON d.id = c.id"
            f" WHERE c.id IN ({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        for doc_id, title, summary, body, sizes, is_official, verified_at in cursor.fetchall():
            document = Document((title, summary, body), sum(varints(bytes(sizes))))
            words = set(f"{title or ''} {summary or ''} {body or ''}".split())
            for name, terms in split:
                if not words.issuperset(terms):
                    continue
                text_needle = needle(terms)
                tf = document.counts(terms, text_needle)
                if any(tf):
                    rows.append((name, latest[doc_id], doc_id, *tf, document.length, int(bool(is_official)),
                                 microseconds(verified_at)))
    cursor.executemany(
        f"INSERT OR REPLACE INTO {DELTA_TABLE}(key, seq, doc_id, tf_title, tf_summary, tf_body, length, official,"
        " verified) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )


# --- ranking ---------------------------------------------------------------------------

def ranked(cursor, alternatives, fresh_since, k: int, filters: Filters = Filters()) -> list[tuple[int, float]] | None:
    """The first `k` results [(document id, score)] of the query among the
    documents passing `filters`, exactly as scoring every match ranks them
    (score descending, then id), or None when the postings cannot rank it
    (see the module)."""
    groups = by_group(alternatives)
    keys = list(dict.fromkeys(alt for _, alt in alternatives))
    names = {" ".join(alt): alt for alt in keys}
    cursor.execute(f"SELECT key, seq, data FROM {TABLE} WHERE key IN ({', '.join(['%s'] * len(names))})",
                   list(names))
    stored = {names[key]: (seq, data) for key, seq, data in cursor.fetchall()}
    if not stored:
        return None
    oldest = min(seq for seq, _ in stored.values())
    changed = _changed_since(cursor, oldest, MAX_CHANGED + 1)
    if len(changed) > MAX_CHANGED:
        return None
    fresh = microseconds(fresh_since)
    # Alternatives without postings: scored by FTS5, if they match few documents.
    scored: dict[tuple[str, ...], tuple] = {}
    for alt in keys:
        if alt in stored:
            continue
        cursor.execute(
            f"WITH s AS MATERIALIZED (SELECT rowid AS id, {FIELD_SCORE} AS s FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s LIMIT %s)"
            f" SELECT s.id, s.s, d.official, d.verified_at >= %s FROM s CROSS JOIN {DOCUMENTS} ON d.id = s.id",
            [phrase(alt), SCAN_LIMIT + 1, fresh_since],
        )
        rows = cursor.fetchall()
        if len(rows) > SCAN_LIMIT:
            return None
        scored[alt] = (
            np.fromiter((row[0] for row in rows), np.int64, len(rows)),
            np.fromiter((row[1] for row in rows), np.float64, len(rows)),
            np.fromiter((bool(row[2]) for row in rows), bool, len(rows)),
            np.fromiter((bool(row[3]) for row in rows), bool, len(rows)),
        )
    deltas = _deltas(cursor, [" ".join(alt) for alt in stored], changed)
    rows, avgdl = statistics(cursor)
    for alt, (seq, data) in stored.items():
        ids, tf, length, official, verified = unpack(data)
        since = [doc_id for doc_id, change in changed.items() if change > seq]
        if since:
            keep = ~np.isin(ids, np.asarray(since, np.int64))
            ids, tf, length, official, verified = ids[keep], tf[:, keep], length[keep], official[keep], verified[keep]
        extra = [row for row in deltas.get(" ".join(alt), ()) if row[0] > seq]
        if extra:
            order = np.argsort([row[1] for row in extra])
            extra = [extra[i] for i in order]
            ids = np.concatenate([ids, np.asarray([row[1] for row in extra], np.int64)])
            tf = np.concatenate([tf, np.asarray([row[2:5] for row in extra], np.int64).reshape(-1, 3).T], axis=1)
            length = np.concatenate([length, np.asarray([row[5] for row in extra], np.int64)])
            official = np.concatenate([official, np.asarray([row[6] for row in extra], np.uint8)])
            verified = np.concatenate([verified, np.asarray([row[7] for row in extra], np.int64)])
        scored[alt] = (ids.astype(np.int64), _scores(tf, length, avgdl, idf(rows, len(ids))),
                       official.astype(bool), verified >= fresh)
    size = 1 + max((int(v[0].max()) for v in scored.values() if len(v[0])), default=-1)
    if size == 0:
        return []
    relevance = np.zeros(size)
    matched = np.zeros(size, bool)
    is_official = np.zeros(size, bool)
    is_fresh = np.zeros(size, bool)
    for alts in groups.values():
        best = np.zeros(size)
        for alt in alts:
            ids, scores, official, fresh_flags = scored[alt]
            best[ids] = np.maximum(best[ids], scores)
            matched[ids] = True
            is_official[ids] = official
            is_fresh[ids] = fresh_flags
        relevance += best
    ids = np.flatnonzero(matched)
    boost = (1.0 + np.where(is_official[ids], OFFICIAL_BOOST, 0.0)) + np.where(is_fresh[ids], FRESH_BOOST, 0.0)
    raw = relevance[ids] * boost
    # Rounded to 1e-9 as the SQL ranking rounds, so ties fall to the id the same way.
    score = np.round(raw, 9)
    if filters != Filters():
        ids, score, raw = _passing(cursor, ids, score, raw, k, filters)
    order = _best(ids, score, k)
    return list(zip(ids[order].tolist(), _sqlite_round(cursor, raw[order].tolist())))


def _best(ids, score, k: int):
    """Indices of the first `k` by score descending, then id."""
    if len(ids) > k:
        cut = np.partition(score, len(score) - k)[len(score) - k]
        top = np.flatnonzero(score >= cut)
        return top[np.lexsort((ids[top], -score[top]))[:k]]
    return np.lexsort((ids, -score))[:k]


def _passing(cursor, ids, score, raw, k: int, filters: Filters):
    """The matches that pass the filters, enough of them for the first `k`.
    An agency or category filter passes few documents: they are read
    through its index. A type or region filter is checked on the best
    matches first (at least FILTER_POOL, four times `k`), and on every
    document only when too few of those pass. Measured at 100 000
    documents, ranking the 34 bench queries took 310 → 163 ms in all with
    an agency filter, 274 → 185 ms with a type filter, against FTS5."""
    where_sql, where_params = filter_sql(filters)
    # An agency or a category is the filter of few documents: read them through its index.
    selective = bool(filters.agency or filters.category)
    pool = ids[:0] if selective else _best(ids, score, max(FILTER_POOL, 4 * k))
    passing = []
    for start in range(0, len(pool), 500):
        chunk = ids[pool[start:start + 500]].tolist()
        cursor.execute(f"SELECT d.id FROM {DOCUMENTS} WHERE d.id IN ({', '.join(['%s'] * len(chunk))}){where_sql}",
                       chunk + where_params)
        passing += [row[0] for row in cursor.fetchall()]
    if len(passing) < k and len(pool) < len(ids):
        cursor.execute(f"SELECT d.id FROM {DOCUMENT_TABLE} d WHERE 1 = 1{where_sql}", where_params)
        passing = [row[0] for row in cursor.fetchall()]
    keep = np.isin(ids, np.asarray(passing, np.int64))
    return ids[keep], score[keep], raw[keep]


def _sqlite_round(cursor, values: list[float]) -> list[float]:
    """ROUND(value, 9) as SQLite computes it (its decimal conversion can
    differ from numpy's in the last bit), so scores equal the SQL ranking's."""
    out: list[float] = []
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        cursor.execute("SELECT " + ", ".join(["ROUND(%s, 9)"] * len(chunk)), chunk)
        out.extend(float(value) for value in cursor.fetchone())
    return out


def _deltas(cursor, names: list[str], changed: dict[int, int]) -> dict[str, list[tuple]]:
    """{key: [(seq, doc id, tf title, tf summary, tf body, length, official,
    verified)]}: the entries of changed documents as of their latest change."""
    if not changed or not names:
        return {}
    cursor.execute(
        f"SELECT key, seq, doc_id, tf_title, tf_summary, tf_body, length, official, verified FROM {DELTA_TABLE}"
        f" WHERE key IN ({', '.join(['%s'] * len(names))}) AND seq >= %s",
        names + [min(changed.values())],
    )
    out: dict[str, list[tuple]] = {}
    for key, seq, *row in cursor.fetchall():
        if changed.get(row[0]) == seq:
            out.setdefault(key, []).append((seq, *row))
    return out


def _scores(tf, length, avgdl: float, key_idf: float):
    """FIELD_SCORE for each document, in the order of FTS5's own arithmetic
    (bm25: idf × (tf (k1 + 1)) / (tf + k1 (1 - b + b |d| / avgdl)) per field,
    then weighted and summed title, summary, body). A field without the key
    adds 0 in FTS5 too, so only the documents having it in a field are
    computed for that field (few, for titles); where most have it, every
    document is (a 0 adds 0), which is cheaper than picking them out."""
    norm = K1 * ((1 - B) + B * length.astype(np.float64) / avgdl)
    total = np.zeros(len(length))
    for field, weight in enumerate(WEIGHTS):
        present = np.flatnonzero(tf[field])
        if 2 * present.size > len(length):
            counts = tf[field].astype(np.float64)
            total += weight * (key_idf * (counts * (K1 + 1.0)) / (counts + norm))
        elif present.size:
            counts = tf[field][present].astype(np.float64)
            total[present] += weight * (key_idf * (counts * (K1 + 1.0)) / (counts + norm[present]))
    return total
