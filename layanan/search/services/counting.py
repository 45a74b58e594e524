"""A search's total and facets, counted on a database connection of its own
while the caller ranks.

On PostgreSQL both run in the server, one process per connection: on one
connection they wait for each other, on two they run on two CPUs. The
query's embeddings (services/semantic.py) are ready well before the
full-text part ends there, so the CPUs are free for it. Measured at a
million documents: docs/search.md, "PostgreSQL at 1M documents".

Inside a transaction the count stays on the caller's connection: another
connection would not see what the transaction wrote (a test's fixtures, for
one).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connection

# Enough for the searches one process serves at once; a search waits for a
# free thread as it would for a CPU. Each holds one database connection.
WORKERS = 4

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


class _Counted:
    """The result of a count made in the caller's thread."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _executor_for_counts() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="layanan-count")
        return _executor


def _count(backend, groups, filters, dimensions):
    # As around a request: a connection past its CONN_MAX_AGE, or broken, is
    # replaced before the count and closed after it.
    close_old_connections()
    try:
        return backend.count_and_facets(groups, filters, dimensions)
    finally:
        close_old_connections()


def count_and_facets_soon(backend, groups, filters, dimensions):
    """backend.count_and_facets(...), on a connection of its own when the
    backend gains from that (`counts_beside_ranking`) and the caller is not
    in a transaction; `.result()` waits for it."""
    if not backend.counts_beside_ranking or connection.in_atomic_block:
        return _Counted(backend.count_and_facets(groups, filters, dimensions))
    return _executor_for_counts().submit(_count, backend, groups, filters, dimensions)


def close_connections() -> None:
    """Close the counting threads' database connections (before a test
    database is dropped, say); the threads end, and new ones open new
    connections on the next count."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    # A connection can only be closed by its own thread: one task in each
    # thread, held at the barrier until every thread has one.
    barrier = threading.Barrier(WORKERS)

    def close_own_connection():
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass  # fewer threads than tasks: each still closes its own
        connection.close()

    for _ in range(WORKERS):
        executor.submit(close_own_connection)
    executor.shutdown(wait=True)
