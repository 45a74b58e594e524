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


@transaction.atomic
def rebuild_index(*, progress: ProgressCallback | None = None, batch_size: int = 500) -> dict:
    """Rebuild the whole index from the registered querysets.

    One transaction: searches keep seeing the old index until the new one is
    complete. Returns {"counts": {type: n}, "skipped": {type: n}, "words": n,
    "stems": n, "seconds": s, "backend": name, "stemmer": name}.
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
            embed_rows(rows)
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
        backend.optimize()
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
    }
