"""The agency's freshness dashboard: who sees it, what it lists, re-verify, and a
number of queries that does not grow with the number of items."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from layanan.accounts.tests.factories import UserFactory
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import ServiceFactory
from layanan.freshness.models import InaccuracyReport, SuggestedEdit
from layanan.freshness.services.feedback import record_feedback
from layanan.knowledge.tests.factories import ArticleFactory

from .conftest import logged_in, make_overdue

pytestmark = pytest.mark.django_db


def url(world):
    return f"/kelola/kesegaran/{world.agency.slug}/"


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(url(world))
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("who", ["citizen", "other_editor"])
def test_citizens_and_other_agencies_staff_are_refused(client, world, who):
    assert logged_in(client, getattr(world, who)).get(url(world)).status_code == 403


def test_unknown_agency_is_404(client, world):
    assert logged_in(client, world.editor).get("/kelola/kesegaran/tidak-ada/").status_code == 404


def test_officers_see_the_dashboard_without_actions(client, world):
    response = logged_in(client, world.officer).get(url(world))
    assert response.status_code == 200
    assert response.context["can_act"] is False
    assert "/verifikasi/" not in response.content.decode()


def test_site_admins_see_every_agency(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert logged_in(client, admin).get(url(world)).status_code == 200


def test_the_index_leads_staff_to_their_agency(client, world):
    response = logged_in(client, world.editor).get("/kelola/kesegaran/")
    assert response.status_code == 302 and response["Location"] == url(world)
    assert logged_in(client, world.citizen).get("/kelola/kesegaran/").status_code == 403


def test_the_staff_area_index_links_to_the_dashboard(client, world):
    response = logged_in(client, world.editor).get("/kelola/")
    assert 'href="/kelola/kesegaran/"' in response.content.decode()


def test_items_are_grouped_by_freshness_with_dates_owners_reports_suggestions_and_feedback(client, world):
    make_overdue(world.service, days=20)
    soon = ServiceFactory(name="Perpanjangan Paspor", agency=world.agency)
    soon.verified_at = timezone.now() - timedelta(days=soon.effective_review_interval_days - 3)
    soon.save()
    unverified = ArticleFactory(title="Apakah paspor bisa diwakilkan?", agency=world.agency, verified_at=None)
    ServiceFactory(name="Layanan BPN", agency=world.other_agency)
    record_feedback(world.service, helpful=True)
    record_feedback(world.service, helpful=False)
    report = InaccuracyReport(description="Alamat kantor pindah")
    report.target = world.article
    report.save()
    suggestion = SuggestedEdit(proposer=world.citizen, field="summary", proposed_text="Ringkasan baru",
                               reason="r", source_url="https://contoh.go.id")
    suggestion.target = world.service
    suggestion.save()

    response = logged_in(client, world.editor).get(url(world))
    groups = {state: [item.obj for item in items] for state, _label, items in response.context["groups"]}
    assert groups["overdue"] == [world.service]
    assert groups["due-soon"] == [soon]
    assert groups["unverified"] == [unverified]
    assert groups["fresh"] == [world.article]
    html = response.content.decode()
    assert "Layanan BPN" not in html
    assert "Alamat kantor pindah" in html and "Ringkasan baru" not in html  # suggestions open on their page
    assert f"/kelola/kesegaran/{world.agency.slug}/saran/{suggestion.pk}/" in html
    overdue_item = next(i for _s, _l, items in response.context["groups"] for i in items if i.obj == world.service)
    assert (overdue_item.helpful, overdue_item.not_helpful) == (1, 1)
    assert overdue_item.days_overdue == 20
    assert world.editor.public_name in html  # the owner


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(client, world):
    logged_in(client, world.editor)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world)).status_code == 200
        return len(captured)

    baseline = count()
    for i in range(5):
        owner = UserFactory()
        service = ServiceFactory(agency=world.agency, owner=owner, verified_by=owner)
        make_overdue(service, days=i + 1)
        ArticleFactory(agency=world.agency, owner=owner)
        record_feedback(service, helpful=False)
        report = InaccuracyReport(description="salah", reporter=UserFactory())
        report.target = service
        report.save()
        suggestion = SuggestedEdit(proposer=UserFactory(), field="name", proposed_text="x", reason="r",
                                   source_url="https://contoh.go.id")
        suggestion.target = service
        suggestion.save()
    assert count() == baseline


def test_re_verify_records_who_and_when_without_changing_content(client, world):
    make_overdue(world.service)
    revisions = world.service.revisions.count()
    before = world.service.to_document()
    response = logged_in(client, world.editor).post(f"{url(world)}layanan/{world.service.pk}/verifikasi/")
    assert response.status_code == 302
    world.service.refresh_from_db()
    assert world.service.verified_by == world.editor
    assert timezone.now() - world.service.verified_at < timedelta(minutes=1)
    assert world.service.freshness() == "fresh"
    assert world.service.to_document() == before and world.service.revisions.count() == revisions
    assert AuditEntry.objects.filter(action="service.verify", actor=world.editor).exists()


def test_re_verify_an_article(client, world):
    make_overdue(world.article)
    logged_in(client, world.admin).post(f"{url(world)}artikel/{world.article.pk}/verifikasi/")
    world.article.refresh_from_db()
    assert world.article.verified_by == world.admin and world.article.freshness() == "fresh"
    assert AuditEntry.objects.filter(action="article.verify", actor=world.admin).exists()


@pytest.mark.parametrize("who, agency, status", [
    ("officer", "agency", 403), ("other_editor", "agency", 403), ("other_editor", "other_agency", 404),
])
def test_re_verify_is_for_the_owning_agencys_editors(client, world, who, agency, status):
    make_overdue(world.service)
    response = logged_in(client, getattr(world, who)).post(
        f"/kelola/kesegaran/{getattr(world, agency).slug}/layanan/{world.service.pk}/verifikasi/")
    assert response.status_code == status
    world.service.refresh_from_db()
    assert world.service.freshness() == "overdue"


def test_re_verify_needs_a_post(client, world):
    response = logged_in(client, world.editor).get(f"{url(world)}layanan/{world.service.pk}/verifikasi/")
    assert response.status_code == 405


def test_article_changes_in_review_are_listed_with_a_link_to_review_them(client, world):
    from layanan.knowledge.services import workflow

    revision = workflow.save_draft(world.editor, world.article, title=world.article.title,
                                   body_markdown="Paspor selesai dalam 3 hari kerja.", change_note="Aturan baru")
    workflow.submit_for_review(world.editor, revision)
    response = logged_in(client, world.admin).get(url(world))
    assert [r.pk for r in response.context["reviews"]] == [revision.pk]
    assert revision.get_absolute_url() in response.content.decode()
