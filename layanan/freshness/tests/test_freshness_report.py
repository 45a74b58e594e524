"""`manage.py freshness_report [--agency SLUG] [--json]` for monitoring."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from layanan.catalog.tests.factories import ServiceFactory
from layanan.knowledge.tests.factories import ArticleFactory

from .conftest import indonesian, make_overdue

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("freshness_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(world):
    make_overdue(world.service, days=10)
    soon = ArticleFactory(title="Apakah paspor bisa diwakilkan?", agency=world.agency)
    soon.verified_at = timezone.now() - timedelta(days=soon.effective_review_interval_days - 2)
    soon.save()
    unverified = ServiceFactory(name="Sertifikat Tanah", slug="sertifikat-tanah", agency=world.other_agency,
                                verified_at=None)
    make_overdue(ServiceFactory(name="Layanan Draf", agency=world.agency, status="draft"))
    return soon, unverified


def test_json_lists_overdue_unverified_and_due_soon_published_items(world, due):
    soon, unverified = due
    data = json.loads(run("--json"))
    assert data["counts"] == {"overdue": 1, "unverified": 1, "due-soon": 1}
    by_slug = {item["slug"]: item for item in data["items"]}
    assert set(by_slug) == {world.service.slug, soon.slug, unverified.slug}
    overdue = by_slug[world.service.slug]
    assert overdue["type"] == "service" and overdue["state"] == "overdue" and overdue["agency"] == "imigrasi"
    assert overdue["days_overdue"] == 10 and overdue["owner"] == world.editor.username
    assert overdue["url"].endswith("/layanan/paspor-biasa/")
    assert by_slug[soon.slug]["type"] == "article" and by_slug[soon.slug]["state"] == "due-soon"
    assert by_slug[unverified.slug]["state"] == "unverified" and by_slug[unverified.slug]["review_due_at"] is None


def test_agency_option_limits_the_report(world, due):
    data = json.loads(run("--agency", "bpn", "--json"))
    assert data["agency"] == "bpn"
    assert [item["slug"] for item in data["items"]] == ["sertifikat-tanah"]


def test_the_table_is_for_people(world, due):
    out = run("--agency", "imigrasi")
    lines = out.splitlines()
    assert world.agency.name in lines[0]
    assert any("Pembuatan Paspor Biasa" in line and indonesian("overdue") in line for line in lines)
    assert any("Apakah paspor bisa diwakilkan?" in line for line in lines)
    assert "Sertifikat Tanah" not in out


def test_nothing_due_is_said_plainly(world):
    assert indonesian("Nothing is overdue or due soon.") in run()
    assert json.loads(run("--json"))["items"] == []


def test_an_unknown_agency_is_an_error(world):
    with pytest.raises(CommandError):
        run("--agency", "tidak-ada")
