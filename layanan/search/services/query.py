"""Searching: `search()` for result pages and the API, `suggest()` for
search-as-you-type.

A query is analysed with the same pipeline as the documents plus the
editable dictionary (colloquial forms normalised, abbreviations and synonyms
expanded). Plain words that the index has never seen are checked against the
index vocabulary; a close indexed word (edit distance ≤ 1 for words of up to
5 letters, ≤ 2 for longer ones, same first letter) is searched as well and
offered as "did you mean". Any part of the query may match; relevance ranks
documents that match more, and rarer, parts in more important fields higher.
When the embedding model is installed, the best lexical candidates are then
re-ordered by meaning (services/semantic.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import OSA

from .. import analysis
from ..analysis import QueryGroup
from ..backends import base, get_backend
from ..backends.base import Filters
from ..models import SearchDocument, VocabularyTerm
from . import counting, semantic
from .dictionary import current_dictionary
from .snippets import make_snippet

MAX_QUERY_LENGTH = 200
MAX_QUERY_GROUPS = 12
MAX_LIMIT = 100
FACETS = ("type", "agency", "category", "region")
TYPE_LABELS = {"service": _("Service"), "article": _("Article"), "question": _("Question")}


@dataclass
class Hit:
    type: str
    id: int
    title: str
    url: str
    snippet: str  # safe HTML: matched words in <mark>, everything else escaped
    score: float  # higher is better
    agency_slug: str
    agency_name: str
    category_slug: str
    official: bool


@dataclass
class SearchResponse:
    results: list[Hit]
    total: int
    facets: dict[str, list[tuple]] = field(default_factory=dict)  # name → [(value, label, count)]
    did_you_mean: str | None = None
    query: str = ""


# --- typo tolerance -----------------------------------------------------------

def max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def best_correction(word: str, backend=None) -> str | None:
    """The indexed word closest to `word` (fewest edits, then most documents)."""
    backend = backend or get_backend()
    limit = max_edits(word)
    best = None
    for term, doc_count in backend.word_candidates(word, len(word) - limit, len(word) + limit):
        if term == word:
            return None
        distance = OSA.distance(word, term, score_cutoff=limit)
        if distance <= limit:
            key = (distance, -doc_count, term)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def correct_typos(groups: list[QueryGroup], backend=None) -> tuple[list[QueryGroup], dict[str, str]]:
    """Groups with corrections added as alternatives, and {typed word: correction}."""
    candidates = [g for g in groups if g.correctable]
    if not candidates:
        return groups, {}
    words = {g.surface for g in candidates}
    stems = {analysis.stem(w) for w in words}
    known = list(VocabularyTerm.objects.filter(
        Q(kind=VocabularyTerm.Kind.WORD, term__in=words) | Q(kind=VocabularyTerm.Kind.STEM, term__in=stems)
    ).values_list("kind", "term"))  # one read for both
    known_words = {term for kind, term in known if kind == VocabularyTerm.Kind.WORD}
    known_stems = {term for kind, term in known if kind == VocabularyTerm.Kind.STEM}
    corrections: dict[str, str] = {}
    out = []
    for group in groups:
        word = group.surface
        if group.correctable and word not in known_words and analysis.stem(word) not in known_stems:
            correction = corrections.get(word) or best_correction(word, backend)
            if correction:
                corrections[word] = correction
                alternative = (analysis.stem(correction),)
                if alternative not in group.alternatives:
                    group = QueryGroup(group.surface, group.alternatives + (alternative,), group.kind)
        out.append(group)
    return out, corrections


def _did_you_mean(query: str, corrections: dict[str, str]) -> str | None:
    if not corrections:
        return None
    text = analysis.normalize(query)
    for word, correction in corrections.items():
        text = re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", correction, text)
    return text


# --- search -------------------------------------------------------------------

def _region_chain(region: str | None) -> tuple[str, ...] | None:
    """"51.71.02" → ("51.71.02", "51.71", "51")."""
    if not region:
        return None
    parts = region.split(".")
    return tuple(".".join(parts[:i]) for i in range(len(parts), 0, -1))


def _filters(types, agency, category, region) -> Filters:
    if isinstance(types, str):
        types = (types,)
    return Filters(
        types=tuple(types) if types else None,
        agency=agency or None,
        category=category or None,
        region_codes=_region_chain(region),
    )


def _facet_label(dimension: str, value, label: str) -> str:
    if dimension == "type":
        return str(TYPE_LABELS.get(value, value))
    if dimension == "region" and value is None:
        return str(_("National"))
    if not value:
        return str(_("Other"))
    return label or value


def parse_query(q: str, dictionary=None) -> tuple[list[QueryGroup], dict[str, str]]:
    """The analysed query (`dictionary`, by default the current one, applied;
    typos corrected) and the corrections made."""
    if dictionary is None:
        dictionary = current_dictionary()
    groups = analysis.analyze_query(q, dictionary)[:MAX_QUERY_GROUPS]
    return correct_typos(groups)


def search(q, *, types=None, agency=None, category=None, region=None, limit=20, offset=0) -> SearchResponse:
    """Documents matching `q`, best first, with facet counts and "did you mean"."""
    query = " ".join((q or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResponse([], 0, {}, None, query)
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    # Semantic re-ranking orders the first results (semantic.head_size());
    # its query embedding runs in the background while the full-text search does.
    pending = None
    reranking = bool(limit) and semantic.available()
    dictionary = current_dictionary()  # one version check a search (a database read)
    if reranking and offset < semantic.head_size():
        spelled_out = analysis.spelled_out_query(query, dictionary)
        pending = semantic.query_vector_soon([query, spelled_out])
    groups, corrections = parse_query(query, dictionary)
    did_you_mean = _did_you_mean(query, corrections)
    if not groups:
        return SearchResponse([], 0, {}, did_you_mean, query)
    backend = get_backend()
    filters = _filters(types, agency, category, region)
    fresh_since = base.fresh_since()
    counted = counting.count_and_facets_soon(backend, groups, filters, FACETS)
    if pending is not None:
        candidates = backend.search(groups, filters, limit=max(semantic.CANDIDATES, offset + limit), offset=0,
                                    fresh_since=fresh_since)
        rare = backend.rare_documents(groups, filters, semantic.RARE_DOCUMENTS)
    elif reranking:
        ranked = _after_the_head(backend, groups, filters, limit, offset, fresh_since)
    else:
        ranked = backend.search(groups, filters, limit=limit, offset=offset, fresh_since=fresh_since) if limit else []
    total, facet_rows = counted.result()
    if pending is not None:
        ranked = _reranked(backend, pending, candidates, fresh_since, rare)[offset:offset + limit]
    facets = {
        dimension: [(value, _facet_label(dimension, value, label), n) for value, label, n in facet_rows[dimension]]
        for dimension in FACETS
    }
    rows = SearchDocument.objects.only(*HIT_FIELDS).in_bulk([doc_id for doc_id, _ in ranked])
    terms = {t for g in groups for t in g.terms}
    results = []
    for doc_id, score in ranked:
        row = rows.get(doc_id)
        if row is None:
            continue
        results.append(_hit(row, score, make_snippet([row.summary, row.body], terms)))
    return SearchResponse(results, total, facets, did_you_mean, query)


def _reranked(backend, pending, candidates: list[tuple[int, float]], fresh_since,
              rare: list[int]) -> list[tuple[int, float]]:
    """All candidates, best first: the first semantic.CANDIDATES and the
    `rare` documents (those with the query's rarest words, wherever they
    rank lexically) re-ordered by meaning, the rest in lexical order after
    them (they were below every one of those lexically), so pages never
    overlap. A rare document that is not a candidate gets a lexical score
    just below the last candidate's: it ranks below all of them lexically."""
    head, tail = candidates[:semantic.CANDIDATES], candidates[semantic.CANDIDATES:]
    promoted = _promoted(head, rare)
    if promoted:
        lexical = dict(tail)
        floor = min((score for _, score in head), default=1.0) * 0.999
        head = head + [(doc_id, lexical.get(doc_id, floor)) for doc_id in promoted]
        tail = [(doc_id, score) for doc_id, score in tail if doc_id not in promoted]
    facts = backend.rerank_facts([doc_id for doc_id, _ in head], fresh_since)
    head = semantic.rerank(
        pending,
        head,
        vectors={doc_id: f[0] for doc_id, f in facts.items()},
        official={doc_id: f[1] for doc_id, f in facts.items()},
        fresh={doc_id: f[2] for doc_id, f in facts.items()},
    )
    if head and tail:  # keep scores decreasing across the boundary
        floor = min(score for _, score in head)
        top = tail[0][1] or 1.0
        tail = [(doc_id, floor * score / top * 0.999) for doc_id, score in tail]
    return head + tail


def _promoted(head: list[tuple[int, float]], rare: list[int]) -> dict[int, None]:
    """The rare documents that are not among the first lexical candidates."""
    in_head = {doc_id for doc_id, _ in head}
    return dict.fromkeys(doc_id for doc_id in rare if doc_id not in in_head)


def _after_the_head(backend, groups, filters, limit, offset, fresh_since) -> list[tuple[int, float]]:
    """A page after the re-ranked head (offset ≥ semantic.head_size()): the
    lexical order from the CANDIDATES-th result on, without the rare
    documents the head took in, so no document shows on two pages."""
    first = semantic.CANDIDATES
    head = backend.search(groups, filters, limit=first, offset=0, fresh_since=fresh_since)
    promoted = _promoted(head, backend.rare_documents(groups, filters, semantic.RARE_DOCUMENTS))
    rest = backend.search(groups, filters, limit=offset + limit - first, offset=first, fresh_since=fresh_since)
    rest = [(doc_id, score) for doc_id, score in rest if doc_id not in promoted]
    start = offset - first - len(promoted)
    return rest[start:start + limit]


# What a result needs from its document (the summary and body for the snippet).
HIT_FIELDS = ("doc_type", "object_id", "title", "url", "summary", "body", "agency_slug", "agency_name",
              "category_slug", "official")


def _hit(row: SearchDocument, score: float, snippet) -> Hit:
    return Hit(
        type=row.doc_type,
        id=row.object_id,
        title=row.title,
        url=row.url,
        snippet=snippet,
        score=round(score, 6),
        agency_slug=row.agency_slug,
        agency_name=row.agency_name,
        category_slug=row.category_slug,
        official=row.official,
    )


# --- search-as-you-type -----------------------------------------------------------

_CHUNK = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")


def suggest(prefix, limit=8, *, types=None) -> list[Hit]:
    """Documents whose title has every typed word, the last one as a prefix:
    official first, then shorter titles. Plain title matching (no stemming,
    no dictionary), so it stays fast and predictable as the user types."""
    text = analysis.normalize((prefix or "")[:MAX_QUERY_LENGTH])
    chunks = _CHUNK.findall(text)
    if not chunks:
        return []
    complete = prefix[-1:].isspace()
    head = chunks if complete else chunks[:-1]
    words = analysis.tokenize(" ".join(head))
    last = "" if complete else re.sub(r"[^\w]", "", chunks[-1])
    if not words and len(last) < 2:
        return []
    limit = max(1, min(int(limit), 20))
    ids = get_backend().suggest(words, last, _filters(types, None, None, None), limit=limit)
    rows = SearchDocument.objects.only(*HIT_FIELDS).in_bulk(ids)
    hits = []
    for position, doc_id in enumerate(ids):
        row = rows.get(doc_id)
        if row is not None:
            summary = " ".join(row.summary.split()[:20])
            hits.append(_hit(row, float(limit - position), mark_safe(escape(summary))))
    return hits
