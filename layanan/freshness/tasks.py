"""Background tasks (django-tasks). Which queue runs them is settings.TASKS:
the database queue with `manage.py db_worker` by default, RQ on Redis in
production (docs/freshness.md). `manage.py enqueue_daily_jobs`, run daily by
cron or a systemd timer, enqueues them.

Tasks take and return only JSON-ready values, as every backend requires.
"""

from django_tasks import task


@task()
def send_freshness_digests() -> dict:
    """Email each agency's daily freshness digest and escalate what stays overdue."""
    from .services.digest import send_digests

    return send_digests()


@task()
def publish_scheduled_articles() -> int:
    """Publish the knowledge articles whose scheduled date has come (knowledge workflow)."""
    from layanan.knowledge.services.workflow import publish_scheduled_articles as publish

    return len(publish())


def daily_tasks():
    """The tasks `enqueue_daily_jobs` enqueues, in order."""
    from layanan.search.tasks import prune_search_log, refresh_search_top_lists

    tasks = [send_freshness_digests, prune_search_log, refresh_search_top_lists]
    try:
        from layanan.knowledge.services import workflow
    except ImportError:
        return tasks
    if hasattr(workflow, "publish_scheduled_articles"):
        tasks.insert(0, publish_scheduled_articles)
    return tasks
