"""Full-text backends, chosen from the database vendor: SQLite FTS5 (the
default) or PostgreSQL (tsvector + GIN, pg_trgm). Both index the terms produced
by layanan.search.analysis, so both see the same words."""

from django.db import connection

from .base import SearchBackend


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite_fts5 import SqliteFts5Backend

        return SqliteFts5Backend()
    raise NotImplementedError(f"No search backend for the {connection.vendor} database.")
