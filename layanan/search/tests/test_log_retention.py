"""The search log keeps a search for the retention period only: older searches
and their clicks are deleted by the daily jobs and by `prune_search_log`."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from layanan.freshness.tasks import daily_tasks
from layanan.search.models import SearchClick, SearchQuery
from layanan.search.services.log import prune_search_log

pytestmark = pytest.mark.django_db


def logged(query, *, days_ago, clicks=0, now):
    entry = SearchQuery.objects.create(search_id=uuid.uuid4(), query=query, result_count=3, language="id")
    SearchQuery.objects.filter(pk=entry.pk).update(created_at=now - days_ago)
    for position in range(1, clicks + 1):
        SearchClick.objects.create(search=entry, result_type="service", result_id=position, position=position)
    return entry


def remaining():
    return sorted(SearchQuery.objects.values_list("query", flat=True))


def test_searches_older_than_the_retention_period_go_with_their_clicks_and_newer_ones_stay(settings):
    settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    logged("lama", days_ago=timedelta(days=31), clicks=2, now=now)
    logged("tepat di batas", days_ago=timedelta(days=30), clicks=1, now=now)
    logged("baru", days_ago=timedelta(days=1), clicks=1, now=now)

    result = prune_search_log(now=now)

    assert result == {"cutoff": (now - timedelta(days=30)).isoformat(), "searches": 1, "clicks": 2}
    assert remaining() == ["baru", "tepat di batas"]
    assert SearchClick.objects.count() == 2
    assert not SearchClick.objects.filter(search__query="lama").exists()


def test_a_dry_run_counts_and_deletes_nothing():
    now = timezone.now()
    logged("lama", days_ago=timedelta(days=400), clicks=3, now=now)
    logged("baru", days_ago=timedelta(days=2), now=now)

    result = prune_search_log(now=now, days=365, dry_run=True)

    assert (result["searches"], result["clicks"]) == (1, 3)
    assert remaining() == ["baru", "lama"] and SearchClick.objects.count() == 3


def test_large_logs_are_deleted_in_batches_oldest_first_with_progress():
    now = timezone.now()
    for day in range(5):
        logged(f"lama {day}", days_ago=timedelta(days=100 + day), clicks=1, now=now)
    logged("baru", days_ago=timedelta(days=1), now=now)
    seen = []

    result = prune_search_log(now=now, days=90, batch_size=2,
                              progress=lambda done, total: seen.append((done, total)))

    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert (result["searches"], result["clicks"]) == (5, 5)
    assert remaining() == ["baru"]


def test_the_retention_period_must_be_at_least_a_day():
    with pytest.raises(ValueError):
        prune_search_log(days=0)


def test_the_command_reports_progress_and_what_it_deleted_in_the_sites_language(capsys):
    now = timezone.now()
    logged("lama", days_ago=timedelta(days=40), clicks=1, now=now)
    logged("baru", days_ago=timedelta(days=5), now=now)

    call_command("prune_search_log", "--days", "30", "--dry-run")
    out = capsys.readouterr().out
    assert "Akan menghapus 1 pencarian dan 1 klik yang tercatat sebelum" in out
    assert remaining() == ["baru", "lama"]

    call_command("prune_search_log", "--days", "30")
    out = capsys.readouterr().out
    assert "1/1 pencarian dihapus" in out
    assert "Menghapus 1 pencarian dan 1 klik yang tercatat sebelum" in out
    assert remaining() == ["baru"]

    with pytest.raises(CommandError):
        call_command("prune_search_log", "--days", "0")


def test_the_daily_jobs_prune_the_search_log(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS = 7
    now = timezone.now()
    logged("lama", days_ago=timedelta(days=8), clicks=1, now=now)
    logged("baru", days_ago=timedelta(hours=1), now=now)
    assert "prune_search_log" in [task.name for task in daily_tasks()]

    call_command("enqueue_daily_jobs")  # the immediate backend runs each job at once

    assert remaining() == ["baru"]
    assert SearchClick.objects.count() == 0
