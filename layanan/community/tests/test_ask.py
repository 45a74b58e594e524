"""The ask flow: suggestions first (with and without JavaScript), deflection, then posting."""

import pytest
from django.urls import reverse

from layanan.catalog.tests.factories import ServiceFactory
from layanan.community.models import DeflectionEvent, Question
from layanan.community.services import moderation
from layanan.community.services.deflection import record_deflection, suggestions_for
from layanan.community.services.posting import answer_question, ask_question
from layanan.knowledge.tests.factories import ArticleFactory
from layanan.search.models import SearchDocument

from .text import masked, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(world, index_now):
    """Indexed content that answers questions about lost ID cards (KTP)."""
    def build():
        service = ServiceFactory(
            name="Penggantian KTP Elektronik Hilang", slug="ktp-hilang", agency=world.agency,
            summary="Penggantian KTP elektronik yang hilang atau rusak, dengan surat kehilangan.",
        )
        article = ArticleFactory(title="Apa syarat mengganti KTP yang hilang?", slug="syarat-ktp-hilang",
                                 agency=world.agency, body_markdown="Surat kehilangan dari polisi dan KK.")
        answered = ask_question(world.asker, "KTP hilang saat mudik, bagaimana menggantinya?", "",
                                agency=world.agency).post
        answer_question(world.officer, answered, "Bawa surat kehilangan ke Disdukcapil.", official=True)
        unanswered = ask_question(world.citizen, "KTP hilang di kereta, apa yang harus dilakukan?", "").post
        return {"service": service, "article": article, "answered": answered, "unanswered": unanswered}
    return index_now(build)


# --- suggestions ---------------------------------------------------------------------------

def test_suggestions_include_services_articles_and_answered_questions_only(answers):
    found = {(hit.type, hit.id) for hit in suggestions_for("KTP hilang bagaimana mengganti")}
    assert ("service", answers["service"].pk) in found
    assert ("article", answers["article"].pk) in found
    assert ("question", answers["answered"].pk) in found
    assert ("question", answers["unanswered"].pk) not in found


def test_hidden_questions_leave_the_index(answers, world, index_now):
    index_now(moderation.hide_post, world.moderator, answers["answered"])
    assert not SearchDocument.objects.filter(doc_type="question", object_id=answers["answered"].pk).exists()


def test_question_documents_hold_masked_text_only(world, index_now):
    def build():
        q = ask_question(world.asker, "NIK 3171011708450001 tidak terdaftar, kenapa?",
                         "HP 0812-3456-7890").post
        answer_question(world.citizen, q, "Email saja ke warga@contoh.id")
        return q
    question = index_now(build)
    document = SearchDocument.objects.get(doc_type="question", object_id=question.pk)
    text = f"{document.title} {document.summary} {document.body}"
    assert "3171011708450001" not in text and "0812-3456-7890" not in text and "warga@contoh.id" not in text


def test_suggestions_endpoint_returns_plain_json(client, answers):
    response = client.get(reverse("community:suggestions"), {"q": "ktp hilang"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "ktp hilang"
    types = {r["type"] for r in data["results"]}
    assert {"service", "article", "question"} <= types
    for result in data["results"]:
        assert set(result) == {"type", "type_label", "id", "title", "url", "summary", "agency"}
        assert "<" not in result["summary"]  # no HTML for the script to insert


def test_suggestions_endpoint_localises_addresses(client, answers):
    data = client.get("/en" + reverse("community:suggestions"), {"q": "ktp hilang"}).json()
    assert data["results"] and all(r["url"].startswith("/en/") for r in data["results"])


def test_suggestions_need_a_few_letters(client, answers):
    assert client.get(reverse("community:suggestions"), {"q": "k"}).json()["results"] == []


# --- deflection ------------------------------------------------------------------------------

def test_this_answers_my_question_records_a_deflection_and_goes_to_the_item(client, answers, world):
    client.force_login(world.citizen)
    response = client.post(reverse("community:deflect"), {
        "q": "ktp hilang waktu mudik", "type": "article", "id": answers["article"].pk,
    })
    assert response.status_code == 302
    assert response["Location"] == answers["article"].get_absolute_url()
    event = DeflectionEvent.objects.get()
    assert (event.query, event.result_type, event.result_id, event.user) == (
        "ktp hilang waktu mudik", "article", answers["article"].pk, world.citizen)


def test_anonymous_deflections_count_too(client, answers):
    client.post(reverse("community:deflect"), {"q": "ktp", "type": "service", "id": answers["service"].pk})
    assert DeflectionEvent.objects.get().user is None


def test_deflection_refuses_unknown_or_hidden_items_and_never_redirects_elsewhere(client, answers, world):
    url = reverse("community:deflect")
    assert client.post(url, {"q": "x", "type": "service", "id": 999999}).status_code == 404
    assert client.post(url, {"q": "x", "type": "evil", "id": 1}).status_code == 404
    assert client.post(url, {"q": "x", "type": "service", "id": "x"}).status_code == 404
    moderation.hide_post(world.moderator, answers["answered"])
    assert record_deflection(None, "x", "question", answers["answered"].pk) is None
    response = client.post(reverse("community:deflect"), {
        "q": "x", "type": "service", "id": answers["service"].pk, "url": "https://evil.example/",
    })
    assert response["Location"] == answers["service"].get_absolute_url()
    assert not DeflectionEvent.objects.filter(result_type="question").exists()


def test_deflection_needs_post_with_a_csrf_token(answers):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(reverse("community:deflect")).status_code == 405
    response = strict.post(reverse("community:deflect"), {"type": "service", "id": answers["service"].pk})
    assert response.status_code == 403


# --- the no-JavaScript two-step flow ----------------------------------------------------------

def test_step_one_asks_only_for_the_title(client, world):
    response = client.get(reverse("community:ask"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="judul"' in html and 'name="body"' not in html
    assert 'src="/static/community/ask.js"' in html and "<script>" not in html


def test_step_one_shows_suggestions_with_deflect_buttons_and_continue(client, answers):
    response = client.get(reverse("community:ask"), {"judul": "KTP hilang bagaimana menggantinya"})
    html = response.content.decode()
    assert response.context["step"] == "suggestions"
    assert answers["article"].title in html and answers["service"].name in html
    assert html.count(said("This answers my question")) >= 3
    assert html.count(f'action="{reverse("community:deflect")}"') >= 3
    assert said("Continue asking") in html and 'name="langkah" value="2"' in html


def test_a_too_short_title_is_explained(client, world):
    response = client.get(reverse("community:ask"), {"judul": "KTP"})
    html = response.content.decode()
    assert response.context["step"] == 1
    assert said("Write your question in at least %(limit_value)d characters.", limit_value=10) in html
    assert 'href="#id_judul"' in html


def test_anonymous_users_see_suggestions_but_log_in_to_continue(client, answers):
    assert client.get(reverse("community:ask"), {"judul": "KTP hilang bagaimana"}).status_code == 200
    response = client.get(reverse("community:ask"), {"judul": "KTP hilang bagaimana", "langkah": "2"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert "langkah%3D2" in response["Location"]
    posted = client.post(reverse("community:ask"), {"title": "KTP hilang bagaimana menggantinya"})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("accounts:login"))
    assert not Question.objects.filter(title__startswith="KTP hilang bagaimana").exists()


def test_step_two_prefills_the_title_and_the_service(client, world):
    client.force_login(world.citizen)
    response = client.get(reverse("community:ask"),
                          {"judul": "KTP rusak karena banjir", "langkah": "2", "layanan": "ktp-elektronik"})
    form = response.context["form"]
    assert form.initial == {"title": "KTP rusak karena banjir", "service": "ktp-elektronik"}
    html = response.content.decode()
    assert 'value="KTP rusak karena banjir"' in html
    assert '<option value="ktp-elektronik" selected>' in html


def test_posting_a_question_routes_it_and_tells_what_was_masked(client, world):
    client.force_login(world.citizen)
    response = client.post(reverse("community:ask"), {
        "title": "KTP rusak karena banjir, bagaimana?",
        "body": "NIK saya 3171011708450001, telepon 0812-3456-7890.",
        "service": "ktp-elektronik",
        "tags": "ktp, banjir",
    }, follow=True)
    question = Question.objects.get()
    assert response.redirect_chain[-1][0] == question.get_absolute_url()
    assert question.agency == world.agency and list(question.services.all()) == [world.service]
    assert sorted(t.slug for t in question.tags.all()) == ["banjir", "ktp"]
    html = response.content.decode()
    assert said("Your question is published. We will tell you when someone answers.") in html
    assert masked(nik=1, telepon=1) in html
    assert question.followers.filter(pk=world.citizen.pk).exists()


def test_posting_validates_each_field_with_a_linked_error_summary(client, world):
    client.force_login(world.citizen)
    response = client.post(reverse("community:ask"), {
        "title": "Pendek", "service": "tidak-ada", "tags": "a, b, c, d, e, f",
    })
    html = response.content.decode()
    assert response.status_code == 200 and not Question.objects.exists()
    for field in ("title", "service", "tags"):
        assert f'href="#id_{field}"' in html
