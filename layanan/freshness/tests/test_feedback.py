"""Was this information helpful? Yes / No (why?), on every service and article page,
without JavaScript, counted per page, never storing personal data."""

import pytest

from layanan.freshness.models import Feedback
from layanan.privacy.models import PersonalDataEvent

from .conftest import indonesian

pytestmark = pytest.mark.django_db

NIK = "3171011708450001"


@pytest.mark.parametrize("page", ["service", "article"])
def test_every_service_and_article_page_has_the_feedback_form_and_the_report_and_suggest_links(client, world, page):
    obj = getattr(world, page)
    prefix = "layanan" if page == "service" else "pengetahuan"
    html = client.get(obj.get_absolute_url()).content.decode()
    assert f'action="/{prefix}/{obj.slug}/umpan-balik/"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert f'href="/{prefix}/{obj.slug}/laporkan/"' in html
    assert f'href="/{prefix}/{obj.slug}/sarankan/"' in html


def test_yes_is_counted_for_the_page_and_thanks_the_citizen(client, world):
    response = client.post(f"/layanan/{world.service.slug}/umpan-balik/", {"helpful": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == world.service.get_absolute_url() + "#feedback"
    assert [str(m) for m in response.context["messages"]] == [indonesian("Thank you for your feedback.")]
    assert list(Feedback.objects.values_list("service_id", "article_id", "helpful")) == [
        (world.service.pk, None, True)
    ]


def test_no_asks_why_and_stores_the_reason_with_personal_data_masked(client, world):
    response = client.post(f"/pengetahuan/{world.article.slug}/umpan-balik/", {"helpful": "no"})
    assert response.status_code == 302
    assert response["Location"] == f"/pengetahuan/{world.article.slug}/umpan-balik/alasan/"
    feedback = Feedback.objects.get()
    assert feedback.article == world.article and feedback.helpful is False and feedback.comment == ""

    form = client.get(response["Location"])
    assert form.status_code == 200
    client.post(response["Location"], {"comment": f"Paspor saya belum jadi, NIK {NIK}, hubungi 0812-3456-7890"})

    feedback.refresh_from_db()
    assert NIK not in feedback.comment and "0812" not in feedback.comment
    assert "Paspor saya belum jadi" in feedback.comment
    # Nothing anywhere keeps the raw text: only the masking event, with kinds and counts.
    assert not any(NIK in str(v) for v in Feedback.objects.values_list())
    event = PersonalDataEvent.objects.get()
    assert event.target_type == "freshness.feedback" and event.field == "comment"


def test_the_reason_is_optional(client, world):
    client.post(f"/layanan/{world.service.slug}/umpan-balik/", {"helpful": "no"})
    response = client.post(f"/layanan/{world.service.slug}/umpan-balik/alasan/", {"comment": ""})
    assert response.status_code == 302
    assert Feedback.objects.get().comment == ""


def test_only_the_browser_that_said_no_can_add_the_reason(client, world):
    client.post(f"/layanan/{world.service.slug}/umpan-balik/", {"helpful": "no"})
    client.cookies.clear()
    response = client.post(f"/layanan/{world.service.slug}/umpan-balik/alasan/", {"comment": "diubah orang lain"})
    assert response.status_code == 302
    assert Feedback.objects.get().comment == ""


def test_feedback_is_counted_per_page(client, world):
    for answer in ("yes", "yes", "no"):
        client.post(f"/layanan/{world.service.slug}/umpan-balik/", {"helpful": answer})
    client.post(f"/pengetahuan/{world.article.slug}/umpan-balik/", {"helpful": "no"})
    assert Feedback.objects.filter(service=world.service, helpful=True).count() == 2
    assert Feedback.objects.filter(service=world.service, helpful=False).count() == 1
    assert Feedback.objects.filter(article=world.article).count() == 1


def test_feedback_needs_a_post_and_a_yes_or_no(client, world):
    assert client.get(f"/layanan/{world.service.slug}/umpan-balik/").status_code == 405
    assert client.post(f"/layanan/{world.service.slug}/umpan-balik/", {"helpful": "maybe"}).status_code == 302
    assert not Feedback.objects.exists()


def test_unpublished_pages_take_no_feedback_from_the_public(client, world):
    world.service.status = "draft"
    world.service.save()
    assert client.post(f"/layanan/{world.service.slug}/umpan-balik/", {"helpful": "yes"}).status_code == 404
    assert client.post("/layanan/tidak-ada/umpan-balik/", {"helpful": "yes"}).status_code == 404


def test_feedback_is_rate_limited_per_ip_address(client, world, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "feedback": {"user": "100/h", "ip": "2/h"}}
    url = f"/layanan/{world.service.slug}/umpan-balik/"
    assert client.post(url, {"helpful": "yes"}).status_code == 302
    assert client.post(url, {"helpful": "yes"}).status_code == 302
    response = client.post(url, {"helpful": "yes"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Feedback.objects.count() == 2
