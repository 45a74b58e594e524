"""Background tasks of the search app (django-tasks; see layanan/freshness/tasks.py
for how they are queued and run)."""

from django_tasks import task


@task()
def prune_search_log() -> dict:
    """Delete the search log's searches older than the retention period, with their clicks."""
    from .services.log import prune_search_log as prune

    return prune()


@task()
def refresh_search_top_lists() -> int:
    """Build the SQLite backend's top lists and postings anew (none on PostgreSQL); how many words have a list."""
    from .backends import get_backend

    backend = get_backend()
    return backend.build_top_lists() if hasattr(backend, "build_top_lists") else 0
