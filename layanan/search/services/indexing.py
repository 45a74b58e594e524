"""Keeping the index in step with the content: one document at a time (on
save, through the registry) or everything at once (rebuild_search_index)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import F

from .. import analysis
from ..backends import get_backend
from ..backends.base import IndexEntry
from ..models import SearchDocument, SearchState, VocabularyTerm
from ..registry import IndexedDocument, get_registration, registrations
from . import semantic

MAX_TERM_LENGTH = 80


def _cut(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    return value[: SearchDocument._meta.get_field(field).max_length]


def _apply(row: SearchDocument, doc: IndexedDocument) -> SearchDocument:
    row.doc_type = doc.type
    row.object_id = doc.id
    row.title = _cut(doc.title or "", "title")
    row.summary = doc.summary or ""
    row.body = doc.body or ""
    row.keywords = doc.keywords or ""
    row.url = _cut(doc.url, "url")
    row.agency_slug = _cut(doc.agency_slug or "", "agency_slug")
    row.agency_name = _cut(doc.agency_name or "", "agency_name")
    row.category_slug = _cut(doc.category_slug or "", "category_slug")
    row.category_name = _cut(doc.category_name or "", "category_name")
    row.region_code = _cut(doc.region_code or None, "region_code")
    row.region_name = _cut(doc.region_name or "", "region_name")
    row.official = bool(doc.official)
    row.verified_at = doc.verified_at
    row.updated_at = doc.updated_at
    return row


def embed_rows(rows: list[SearchDocument]) -> int:
    """Give rows whose embedded text changed new semantic vectors (nothing
    when semantic search is unavailable). Returns how many were embedded."""
    if not semantic.available():
        return 0
    stale = []
    for row in rows:
        key = semantic.embedding_key(row.title, row.summary, row.body, row.keywords)
        if row.embedding_key != key or row.embedding is None:
            row.embedding_key = key
            stale.append(row)
    vectors = semantic.embed_documents([(r.title, r.summary, r.body, r.keywords) for r in stale]) or []
    for row, vector in zip(stale, vectors):
        row.embedding = vector
    return len(vectors)


def analyse_row(row: SearchDocument) -> tuple[IndexEntry, set[str], set[str]]:
    """The backend entry of a stored document, with its vocabulary: (entry, words, stems)."""
    title = analysis.analyze(row.title)
    summary = analysis.analyze(f"{row.summary}\n{row.keywords}")
    body = analysis.analyze(row.body)
    entry = IndexEntry(row.pk, title, summary, body, analysis.tokenize(row.title))
    words = set()
    for text in (row.title, row.summary, row.keywords, row.body):
        words |= analysis.vocabulary_words(text)
    stems = set(title) | set(summary) | set(body)
    return (
        entry,
        {w for w in words if len(w) <= MAX_TERM_LENGTH},
        {s for s in stems if len(s) <= MAX_TERM_LENGTH},
    )


def _adjust_vocabulary(kind: str, added: set[str], removed: set[str]) -> None:
    if removed:
        terms = VocabularyTerm.objects.filter(kind=kind, term__in=removed)
        terms.filter(doc_count__gt=0).update(doc_count=F("doc_count") - 1)
        terms.filter(doc_count__lte=0).delete()
    if added:
        existing = set(VocabularyTerm.objects.filter(kind=kind, term__in=added).values_list("term", flat=True))
        if existing:
            VocabularyTerm.objects.filter(kind=kind, term__in=existing).update(doc_count=F("doc_count") + 1)
        VocabularyTerm.objects.bulk_create(
            [VocabularyTerm(kind=kind, term=t, length=len(t), doc_count=1) for t in added - existing],
            ignore_conflicts=True,
        )


@transaction.atomic
def index_document(doc: IndexedDocument) -> SearchDocument:
    """Add or replace one document in the index."""
    backend = get_backend()
    row = SearchDocument.objects.select_for_update().filter(doc_type=doc.type, object_id=doc.id).first()
    old_words: set[str] = set()
    old_stems: set[str] = set()
    if row is not None:
        _, old_words, old_stems = analyse_row(row)
    else:
        row = SearchDocument()
    _apply(row, doc)
    embed_rows([row])
    row.save()
    entry, words, stems = analyse_row(row)
    backend.index([entry])
    _adjust_vocabulary(VocabularyTerm.Kind.WORD, words - old_words, old_words - words)
    _adjust_vocabulary(VocabularyTerm.Kind.STEM, stems - old_stems, old_stems - stems)
    return row


@transaction.atomic
def remove_document(doc_type: str, object_id: int) -> bool:
    """Take one document out of the index; False when it was not there."""
    row = SearchDocument.objects.select_for_update().filter(doc_type=doc_type, object_id=object_id).first()
    if row is None:
        return False
    _, words, stems = analyse_row(row)
    get_backend().delete([row.pk])
    row.delete()
    _adjust_vocabulary(VocabularyTerm.Kind.WORD, set(), words)
    _adjust_vocabulary(VocabularyTerm.Kind.STEM, set(), stems)
    return True


def refresh(doc_type: str, object_id) -> None:
    """Bring one object's document up to date: indexed if indexable, removed if not."""
    registration = get_registration(doc_type)
    doc = registration.document_for(object_id) if registration else None
    if doc is None:
        remove_document(doc_type, object_id)
    else:
        index_document(doc)


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


ProgressCallback = Callable[[str, int, int], None]
# What rebuild_index's progress calls the backend's last step (SQLite: the top lists).
OPTIMIZE_STEP = "top-lists"


@transaction.atomic
def rebuild_index(*, progress: ProgressCallback | None = None, batch_size: int = 500) -> dict:
    """Rebuild the whole index from the registered querysets.

    One transaction: searches keep seeing the old index until the new one is
    complete. Returns {"counts": {type: n}, "skipped": {type: n}, "words": n,
    "stems": n, "seconds": s, "backend": name, "stemmer": name, "embedded": n
    (documents given semantic vectors), "semantic": whether re-ranking is available}.
    """
    started = time.monotonic()
    backend = get_backend()
    backend.clear()
    SearchDocument.objects.all().delete()
    VocabularyTerm.objects.all().delete()
    word_counts: Counter[str] = Counter()
    stem_counts: Counter[str] = Counter()
    counts: dict[str, int] = {}
    skipped: dict[str, int] = {}
    embedded = 0
    for registration in registrations():
        queryset = registration.queryset()
        total = queryset.count()
        done = indexed = 0
        if progress:
            progress(registration.type, 0, total)
        for batch in _batches(queryset.iterator(chunk_size=batch_size), batch_size):
            rows = []
            for obj in batch:
                doc = registration.to_document(obj)
                if doc is not None:
                    rows.append(_apply(SearchDocument(), doc))
            embedded += embed_rows(rows)
            rows = SearchDocument.objects.bulk_create(rows)
            entries = []
            for row in rows:
                entry, words, stems = analyse_row(row)
                entries.append(entry)
                word_counts.update(words)
                stem_counts.update(stems)
            backend.index(entries)
            done += len(batch)
            indexed += len(rows)
            if progress:
                progress(registration.type, done, total)
        counts[registration.type] = indexed
        skipped[registration.type] = done - indexed
    for kind, counter in ((VocabularyTerm.Kind.WORD, word_counts), (VocabularyTerm.Kind.STEM, stem_counts)):
        VocabularyTerm.objects.bulk_create(
            (VocabularyTerm(kind=kind, term=t, length=len(t), doc_count=n) for t, n in counter.items()),
            batch_size=2000,
        )
    if hasattr(backend, "optimize"):
        # SQLite builds its top lists here: tens of seconds at 100 000 documents.
        backend.optimize(progress=(lambda done, total: progress(OPTIMIZE_STEP, done, total)) if progress else None)
    stemmer = analysis.active_stemmer()
    SearchState.objects.update_or_create(key="index", defaults={"value": sum(counts.values()), "text": stemmer})
    return {
        "counts": counts,
        "skipped": skipped,
        "words": len(word_counts),
        "stems": len(stem_counts),
        "seconds": time.monotonic() - started,
        "backend": backend.name,
        "stemmer": stemmer,
        "embedded": embedded,
        "semantic": semantic.available(),
    }


# --- bulk loading -------------------------------------------------------------------

_DOCUMENT_COLUMNS = (
    "doc_type", "object_id", "title", "summary", "body", "keywords", "url", "agency_slug", "agency_name",
    "category_slug", "category_name", "region_code", "region_name", "official", "verified_at", "updated_at",
)


class AnalysedDocument:
    """One document ready for `bulk_index`: its stored columns (as `_apply`
    writes them, in _DOCUMENT_COLUMNS order), its vocabulary, and either its
    backend entry (doc_id 0 until the row exists) or, for backends with a bulk
    loader, the backend's ready-made index columns. Picklable, so
    `analyse_document` can run in worker processes."""

    __slots__ = ("columns", "words", "stems", "entry", "index_columns")

    def __init__(self, columns: tuple, words: frozenset[str], stems: frozenset[str],
                 entry: IndexEntry | None = None, index_columns: tuple | None = None):
        self.columns = columns
        self.words = words
        self.stems = stems
        self.entry = entry
        self.index_columns = index_columns


def _stems_of(tokens: list[str]) -> list[str]:
    return [analysis.stem(t) for t in tokens if t not in analysis.STOPWORDS]


def _words_of(tokens: list[str]) -> set[str]:
    return {t for t in tokens if len(t) >= 3 and t.isalpha() and t not in analysis.STOPWORDS}


def analyse_document(doc: IndexedDocument) -> AnalysedDocument:
    """What `analyse_row` computes for the stored form of `doc`, tokenising
    each text once (analyse_row tokenises the title three times and the body
    twice). No database access: safe to run in worker processes."""
    row = _apply(SearchDocument(), doc)
    title, summary, keywords, body = row.title, row.summary, row.keywords, row.body
    title_tokens = analysis.tokenize(title)
    summary_tokens = analysis.tokenize(summary)
    body_tokens = analysis.tokenize(body)
    if keywords:
        keyword_tokens = analysis.tokenize(keywords)
        summary_keyword_tokens = analysis.tokenize(f"{summary}\n{keywords}")
    else:  # normalisation strips the trailing newline: the same tokens as the summary
        keyword_tokens, summary_keyword_tokens = [], summary_tokens
    entry = IndexEntry(0, _stems_of(title_tokens), _stems_of(summary_keyword_tokens), _stems_of(body_tokens),
                       title_tokens)
    words = _words_of(title_tokens) | _words_of(summary_tokens) | _words_of(keyword_tokens) | _words_of(body_tokens)
    stems = set(entry.title) | set(entry.summary) | set(entry.body)
    analysed = AnalysedDocument(
        tuple(getattr(row, column) for column in _DOCUMENT_COLUMNS),
        frozenset(w for w in words if len(w) <= MAX_TERM_LENGTH),
        frozenset(s for s in stems if len(s) <= MAX_TERM_LENGTH),
    )
    bulk_columns = getattr(get_backend(), "bulk_index_columns", None)
    if bulk_columns is not None:
        analysed.index_columns = bulk_columns(entry)
    else:
        analysed.entry = entry
    return analysed


def _add_vocabulary(word_counts: Counter, stem_counts: Counter) -> None:
    """Add document counts to the vocabulary (new terms are created)."""
    for kind, counter in ((VocabularyTerm.Kind.WORD, word_counts), (VocabularyTerm.Kind.STEM, stem_counts)):
        terms = list(counter)
        for start in range(0, len(terms), 500):
            chunk = terms[start:start + 500]
            existing = list(VocabularyTerm.objects.filter(kind=kind, term__in=chunk))
            for term in existing:
                term.doc_count += counter[term.term]
            VocabularyTerm.objects.bulk_update(existing, ["doc_count"], batch_size=500)
            known = {term.term for term in existing}
            VocabularyTerm.objects.bulk_create(
                [VocabularyTerm(kind=kind, term=t, length=len(t), doc_count=counter[t]) for t in chunk
                 if t not in known],
                batch_size=500,
            )


def bulk_index(documents: Iterable[IndexedDocument | AnalysedDocument], *, batch_size: int = 2000,
               progress: Callable[[int], None] | None = None) -> dict:
    """Add many new documents at once: the same rows, index entries and
    vocabulary counts as `index_document` for each, much faster.

    `documents` may be `IndexedDocument`s (analysed here) or the results of
    `analyse_document`, e.g. computed in worker processes. Documents already
    in the index (same type and id) are removed first. No semantic vectors
    are computed (a document without vectors is re-ranked with the median
    similarity; `rebuild_search_index` gives every document its vectors).
    On PostgreSQL the rows are written with COPY and, when the index was
    empty, its GIN indexes are built once at the end
    (`PostgresBackend.bulk_loader`); elsewhere with multi-row inserts. One
    transaction: all or nothing. Each document may appear once. Returns
    {"documents": n, "words": distinct new words, "stems": …, "seconds": s}."""
    started = time.monotonic()
    with transaction.atomic():
        done, word_counts, stem_counts = _bulk_index(documents, batch_size, progress)
    return {"documents": done, "words": len(word_counts), "stems": len(stem_counts),
            "seconds": time.monotonic() - started}


def _bulk_index(documents, batch_size, progress):
    backend = get_backend()
    word_counts: Counter[str] = Counter()
    stem_counts: Counter[str] = Counter()
    loader_factory = getattr(backend, "bulk_loader", None)
    loader = loader_factory(_DOCUMENT_COLUMNS) if loader_factory is not None else None
    done = 0
    for batch in _batches(documents, batch_size):
        batch = [d if isinstance(d, AnalysedDocument) else analyse_document(d) for d in batch]
        _remove_existing(batch)
        for d in batch:
            word_counts.update(d.words)
            stem_counts.update(d.stems)
        if loader is not None:
            loader.add(batch)
        else:
            rows = SearchDocument.objects.bulk_create(
                [SearchDocument(**dict(zip(_DOCUMENT_COLUMNS, d.columns))) for d in batch]
            )
            entries = []
            for row, d in zip(rows, batch):
                d.entry.doc_id = row.pk
                entries.append(d.entry)
            backend.index(entries)
        done += len(batch)
        if progress:
            progress(done)
    if loader is not None:
        loader.add_vocabulary(word_counts, stem_counts)
        loader.finish()
    else:
        _add_vocabulary(word_counts, stem_counts)
        if hasattr(backend, "optimize"):
            backend.optimize()
    return done, word_counts, stem_counts


def _remove_existing(batch: list[AnalysedDocument]) -> None:
    keys: dict[str, list[int]] = {}
    for d in batch:
        keys.setdefault(d.columns[0], []).append(d.columns[1])
    for doc_type, object_ids in keys.items():
        for object_id in SearchDocument.objects.filter(doc_type=doc_type, object_id__in=object_ids).values_list(
            "object_id", flat=True
        ):
            remove_document(doc_type, object_id)
