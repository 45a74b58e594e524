"""The daily job on real queues: enqueued by `enqueue_daily_jobs`, run by a real
worker pass of the database queue (`db_worker --batch`) and of RQ on Redis (a
burst worker), mailing through a real SMTP server on loopback."""

import os
import uuid

import django_rq
import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from rq import SimpleWorker

from layanan.freshness.tasks import daily_tasks, send_freshness_digests

from .conftest import is_escalation, make_overdue

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_the_daily_jobs_include_publication_the_digest_and_the_search_upkeep():
    names = [task.name for task in daily_tasks()]
    assert names[-3:] == ["send_freshness_digests", "prune_search_log", "refresh_search_top_lists"]
    from layanan.knowledge.services import workflow

    if hasattr(workflow, "publish_scheduled_articles"):
        assert names == ["publish_scheduled_articles", "send_freshness_digests", "prune_search_log",
                         "refresh_search_top_lists"]


@pytest.mark.django_db(transaction=True)
def test_enqueued_on_the_database_queue_and_run_by_a_db_worker_pass(world, smtp_server, settings, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_overdue(world.service, days=3)

    call_command("enqueue_daily_jobs")

    assert "send_freshness_digests" in capsys.readouterr().out
    queued = DBTaskResult.objects.get(task_path="layanan.freshness.tasks.send_freshness_digests")
    assert queued.status == "READY"
    assert smtp_server.messages == []  # nothing runs until a worker takes it

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.exception_class_path
    assert queued.return_value == {"agencies": 1, "digests": 2, "escalations": 0, "failed": 0}
    digest = smtp_server.only_message_to(world.editor.email)
    assert world.service.name in smtp_server.body(digest)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_enqueued_on_rq_in_redis_and_run_by_a_burst_worker(world, smtp_server, settings):
    """Needs Redis at TEST_REDIS_URL (db 15); fails, never skips, without it."""
    queue_name = f"test-freshness-{uuid.uuid4().hex[:12]}"  # runs on one Redis never share a queue
    settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL}, queue_name: {"URL": TEST_REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    make_overdue(world.service, days=30)
    queue = django_rq.get_queue(queue_name)
    try:
        result = send_freshness_digests.using(queue_name=queue_name).enqueue()
        assert queue.count == 1
        assert smtp_server.messages == []

        worker = django_rq.get_worker(queue_name, worker_class=SimpleWorker,
                                      job_class="django_tasks_rq.backend.Job")
        assert worker.work(burst=True) is True

        assert queue.count == 0
        finished = send_freshness_digests.get_result(result.id)
        assert finished.status == "SUCCESSFUL"
        assert finished.return_value == {"agencies": 1, "digests": 2, "escalations": 1, "failed": 0}
        assert world.service.name in smtp_server.body(smtp_server.only_message_to(world.editor.email))
        escalations = [m for m in smtp_server.messages if world.admin.email in m["To"] and is_escalation(m)]
        assert len(escalations) == 1
    finally:
        queue.delete(delete_jobs=True)
        for registry in (queue.finished_job_registry, queue.failed_job_registry):
            for job_id in registry.get_job_ids():
                registry.remove(job_id, delete_job=True)


@pytest.mark.django_db
def test_with_the_immediate_backend_the_command_runs_the_jobs_at_once(world, smtp_server):
    make_overdue(world.service, days=3)
    call_command("enqueue_daily_jobs")
    assert {m["To"] for m in smtp_server.messages} == {world.editor.email, world.admin.email}
