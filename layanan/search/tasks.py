"""Background tasks of the search app (django-tasks; see layanan/freshness/tasks.py
for how they are queued and run)."""

from django_tasks import task


@task()
def prune_search_log() -> dict:
    """Delete the search log's searches older than the retention period, with their clicks."""
    from .services.log import prune_search_log as prune

    return prune()
