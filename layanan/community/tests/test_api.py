"""The community API under /api/v1/: public reads, token-authenticated writes, errors, limits and schema."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from layanan.accounts.models import Role
from layanan.accounts.services.api_tokens import create_api_token
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.models import Service
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory
from layanan.community.models import Question, Tag, Vote
from layanan.community.services.moderation import set_locked
from layanan.community.services.posting import answer_question, ask_question

from .factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
NIK = "3171011708450001"  # a valid NIK: province 31, birth date 17-08-45, serial 0001
PHONE = "0812-3456-7890"


@pytest.fixture
def client():
    """An API client that reads messages in English (the tests compare them with the msgids)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def key_for(user) -> str:
    return create_api_token(user)[1]


def auth(key) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}


def post(client, path, data=None, key=None, **headers):
    return client.post(path, json.dumps(data or {}), content_type="application/json", **auth(key), **headers)


def ids(response):
    return [item["id"] for item in response.json()["results"]]


def ask(user=None, title="Bagaimana cara membuat KTP elektronik?", body="Saya baru 17 tahun.", **kwargs):
    return ask_question(user or UserFactory(), title, body, **kwargs).post


# --- tokens -------------------------------------------------------------------------------


def test_token_from_the_management_command_asks_a_question(client):
    UserFactory(username="budi", display_name="Budi Warga")
    out = StringIO()
    call_command("create_api_token", "budi", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()

    response = post(client, "/api/v1/questions", {"title": "Bagaimana cara mengurus akta kelahiran?"}, key)

    assert response.status_code == 201
    assert response.json()["author"] == "Budi Warga"
    assert Question.objects.get().author.username == "budi"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer lyn_salah", "Token abc", "Basic dXNlcjpwYXNz"])
@pytest.mark.parametrize("path, data", [
    ("/api/v1/questions", {"title": "Bagaimana cara membuat paspor baru?"}),
    ("/api/v1/questions/{question}/answers", {"body": "Datang ke kantor imigrasi."}),
    ("/api/v1/answers/{answer}/vote", {"value": 1}),
    ("/api/v1/answers/{answer}/accept", {}),
])
def test_every_write_without_a_valid_token_is_a_json_401_and_changes_nothing(client, header, path, data):
    answer = AnswerFactory()
    path = path.format(question=answer.question_id, answer=answer.pk)
    headers = {} if header is None else {"HTTP_AUTHORIZATION": header}

    response = client.post(path, json.dumps(data), content_type="application/json", **headers)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert Question.objects.count() == 1 and answer.question.answers.count() == 1
    assert not Vote.objects.exists()
    answer.question.refresh_from_db()
    assert answer.question.accepted_answer is None


def test_a_session_login_alone_does_not_authenticate_writes(client):
    client.force_login(UserFactory())
    response = post(client, "/api/v1/questions", {"title": "Bagaimana cara membuat paspor baru?"})
    assert response.status_code == 401


# --- GET /questions ---------------------------------------------------------------------


def test_question_list_item_has_counts_links_routing_and_only_the_display_name(client):
    agency = AgencyFactory(slug="dukcapil", name="Ditjen Dukcapil")
    service = ServiceFactory(slug="ktp-el", name="KTP Elektronik", agency=agency)
    asker = UserFactory(username="rahasia_login", email="rahasia@contoh.id", display_name="Warga Bali")
    question = ask(asker, services=[service], tags=["KTP", "Pindah domisili"])

    response = client.get("/api/v1/questions")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    (item,) = body["results"]
    assert item == {
        "id": question.pk,
        "title": "Bagaimana cara membuat KTP elektronik?",
        "url": f"{BASE}{question.get_absolute_url()}",
        "answer_count": 0,
        "has_official_answer": False,
        "solved": False,
        "score": 0,
        "created_at": item["created_at"],
        "last_activity_at": item["last_activity_at"],
        "agency": {"slug": "dukcapil", "name": "Ditjen Dukcapil"},
        "services": [{"slug": "ktp-el", "name": "KTP Elektronik", "url": f"{BASE}/layanan/ktp-el/"}],
        "tags": [{"slug": "ktp", "name": "KTP"}, {"slug": "pindah-domisili", "name": "Pindah domisili"}],
        "author": "Warga Bali",
        "personal_data_masked": False,
    }
    assert item["url"].startswith(f"{BASE}/") and str(question.pk) in item["url"]
    assert "rahasia" not in response.content.decode()


def test_question_list_is_paginated_most_recently_active_first(client):
    questions = [QuestionFactory() for _ in range(3)]
    answer_question(UserFactory(), questions[0], "Jawaban yang membuat pertanyaan ini aktif lagi.")

    first = client.get("/api/v1/questions", {"page_size": 2})

    assert first.json()["count"] == 3
    assert ids(first) == [questions[0].pk, questions[2].pk]
    assert first.json()["next"] == f"{BASE}/api/v1/questions?page=2&page_size=2"
    assert ids(client.get(first.json()["next"])) == [questions[1].pk]


def test_hidden_and_merged_questions_are_not_listed(client):
    shown = QuestionFactory()
    QuestionFactory(is_hidden=True)
    QuestionFactory(duplicate_of=shown)

    assert ids(client.get("/api/v1/questions")) == [shown.pk]


def test_filters_by_service_agency_tag_and_status(client):
    agency, other = AgencyFactory(slug="imigrasi"), AgencyFactory()
    passport = ServiceFactory(slug="paspor", agency=agency)
    by_service = ask(services=[passport], tags=["paspor"])  # routed to imigrasi through the service
    direct = ask(agency=agency)
    elsewhere = ask(agency=other, tags=["paspor"])
    answered = ask()
    answer_question(UserFactory(), answered, "Jawaban warga biasa.")
    official = ask(agency=other)
    answer_question(staff_of(other, role=Role.OFFICER), official, "Jawaban resmi instansi.", official=True)
    solved = QuestionFactory()
    solved.accepted_answer = AnswerFactory(question=solved)
    solved.answer_count = 1
    solved.save()

    def listed(**query):
        response = client.get("/api/v1/questions", query)
        assert response.status_code == 200, response.content
        return set(ids(response))

    assert listed(service="paspor") == {by_service.pk}
    assert listed(agency="imigrasi") == {by_service.pk, direct.pk}
    assert listed(tag="paspor") == {by_service.pk, elsewhere.pk}
    assert listed(tag="paspor", agency="imigrasi") == {by_service.pk}
    assert listed(status="unanswered") == {by_service.pk, direct.pk, elsewhere.pk}
    assert listed(status="official") == {official.pk}
    assert listed(status="solved") == {solved.pk}


@pytest.mark.parametrize("param, value", [
    ("service", "tidak-ada"), ("agency", "tidak-ada"), ("tag", "tidak-ada"), ("status", "baru"),
    ("page_size", "0"), ("page", "x"),
])
def test_unknown_filter_values_are_a_422_naming_the_parameter(client, param, value):
    response = client.get("/api/v1/questions", {param: value})

    assert response.status_code == 422
    assert any(error["loc"][-1] == param for error in response.json()["detail"])


def test_an_unpublished_service_is_an_unknown_filter_and_is_not_shown_on_questions(client):
    draft = ServiceFactory(slug="draf", status=Service.Status.DRAFT)
    ask(services=[draft])

    assert client.get("/api/v1/questions", {"service": "draf"}).status_code == 422
    assert client.get("/api/v1/questions").json()["results"][0]["services"] == []


def test_question_list_costs_the_same_queries_for_3_and_30_questions(client):
    def queries_for(n):
        Question.objects.all().delete()
        agency = AgencyFactory()
        for i in range(n):
            ask(services=[ServiceFactory(agency=agency)], tags=[f"tag {i}", "umum"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/questions", {"page_size": 100})
        assert response.json()["count"] == n
        return len(captured)

    assert queries_for(3) == queries_for(30) <= 5


# --- GET /questions/{id} and /questions/{id}/answers ------------------------------------------


@pytest.fixture
def discussed():
    """A question with answers to order: low and high score, accepted, official, hidden."""
    agency = AgencyFactory(slug="samsat", name="Samsat")
    question = QuestionFactory(agency=agency)
    old_low = AnswerFactory(question=question, score=1)
    high = AnswerFactory(question=question, score=7)
    accepted = AnswerFactory(question=question, score=0)
    official = AnswerFactory(question=question, score=-1, official_agency=agency)
    AnswerFactory(question=question, score=50, is_hidden=True, body="Disembunyikan moderator")
    question.accepted_answer = accepted
    question.answer_count = 5
    question.has_official_answer = True
    question.save()
    return question, [official, accepted, high, old_low]


def test_question_detail_orders_answers_official_accepted_then_by_score_without_hidden(client, discussed):
    question, expected = discussed

    response = client.get(f"/api/v1/questions/{question.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == question.pk and body["solved"] is True
    assert body["accepted_answer_id"] == expected[1].pk
    assert [a["id"] for a in body["answers"]] == [a.pk for a in expected]
    official, accepted = body["answers"][:2]
    assert official["official_agency"] == {"slug": "samsat", "name": "Samsat"}
    assert official["accepted"] is False and accepted["accepted"] is True
    assert accepted["official_agency"] is None
    assert set(official) == {
        "id", "question_id", "body", "body_html", "author", "official_agency", "score", "accepted",
        "created_at", "personal_data_masked",
    }
    assert official["author"] == expected[0].author.display_name
    assert "Disembunyikan" not in response.content.decode()


def test_answers_endpoint_is_paginated_in_the_same_order(client, discussed):
    question, expected = discussed

    first = client.get(f"/api/v1/questions/{question.pk}/answers", {"page_size": 3})
    rest = client.get(first.json()["next"])

    assert first.json()["count"] == 4
    assert ids(first) + ids(rest) == [a.pk for a in expected]


@pytest.mark.parametrize("state", ["unknown", "hidden", "merged"])
def test_unknown_hidden_or_merged_question_is_a_json_404(client, state):
    question = QuestionFactory()
    if state == "hidden":
        question.is_hidden = True
    elif state == "merged":
        question.duplicate_of = QuestionFactory()
    question.save()
    question_id = question.pk if state != "unknown" else question.pk + 1000

    for path in (f"/api/v1/questions/{question_id}", f"/api/v1/questions/{question_id}/answers"):
        response = client.get(path, headers={"accept-language": "en"})
        assert response.status_code == 404
        assert response.json() == {"detail": "No question has this id."}


def test_question_detail_query_count_does_not_grow_with_its_answers(client, django_assert_max_num_queries):
    question = QuestionFactory()
    AnswerFactory.create_batch(10, question=question, official_agency=AgencyFactory())
    with django_assert_max_num_queries(5):
        assert len(client.get(f"/api/v1/questions/{question.pk}").json()["answers"]) == 10


# --- POST /questions ------------------------------------------------------------------------


def test_asking_masks_personal_data_in_storage_and_response_and_reports_what(client):
    asker = UserFactory()
    key = key_for(asker)

    response = post(client, "/api/v1/questions", {
        "title": f"KTP hilang, NIK saya {NIK}, bagaimana?",
        "body": f"Hubungi saya di {PHONE} ya.",
    }, key)

    assert response.status_code == 201
    body = response.json()
    assert body["masked"] == ["nik", "telepon"]
    assert body["personal_data_masked"] is True
    assert NIK not in response.content.decode() and PHONE not in response.content.decode()
    assert "0001" in body["title"] and "7890" in body["body"]
    stored = Question.objects.get(pk=body["id"])
    assert NIK not in stored.title and PHONE not in stored.body
    assert NIK in stored.private_title and PHONE in stored.private_body
    # Public reads show that something was masked, never what or the original.
    read = client.get(f"/api/v1/questions/{stored.pk}")
    text = read.content.decode()
    assert NIK not in text and PHONE not in text
    assert "masked" not in read.json() and "private" not in text
    assert "telepon" not in text and read.json()["personal_data_masked"] is True


def test_asking_about_a_service_routes_to_its_agency_with_tags(client):
    agency = AgencyFactory(slug="kantor-imigrasi", name="Kantor Imigrasi")
    ServiceFactory(slug="paspor-baru", agency=agency)

    response = post(client, "/api/v1/questions", {
        "title": "Berapa lama paspor baru selesai dibuat?", "body": "Saya mau umrah.",
        "service": "paspor-baru", "tags": ["Paspor", "Umrah"],
    }, key_for(UserFactory()))

    assert response.status_code == 201
    body = response.json()
    assert body["agency"] == {"slug": "kantor-imigrasi", "name": "Kantor Imigrasi"}
    assert [s["slug"] for s in body["services"]] == ["paspor-baru"]
    assert [t["slug"] for t in body["tags"]] == ["paspor", "umrah"]
    assert body["masked"] == [] and body["answers"] == [] and body["body_html"] == "<p>Saya mau umrah.</p>"
    assert set(Tag.objects.values_list("slug", flat=True)) == {"paspor", "umrah"}
    assert client.get(f"/api/v1/questions/{body['id']}").json()["title"] == body["title"]


@pytest.mark.parametrize("data, field", [
    ({"title": "KTP?"}, "title"),  # too short for the service's rule
    ({"title": "   Apa ya?      "}, "title"),  # short once trimmed
    ({"body": "Tanpa judul"}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": "Bagaimana cara membuat paspor?", "service": "tidak-ada"}, "service"),
    ({"title": "Bagaimana cara membuat paspor?", "agency": "tidak-ada"}, "agency"),
    ({"title": "Bagaimana cara membuat paspor?", "tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
])
def test_bad_question_input_is_a_422_naming_the_field(client, data, field):
    response = post(client, "/api/v1/questions", data, key_for(UserFactory()), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"][:3] for e in errors] == [["body", "payload", field]]
    assert all(e["msg"] for e in errors)
    assert not Question.objects.exists()


def test_short_title_message_is_clear_in_the_clients_language(client):
    response = post(client, "/api/v1/questions", {"title": "KTP?"}, key_for(UserFactory()),
                    HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {"detail": [{
        "type": "value_error", "loc": ["body", "payload", "title"],
        "msg": "The title is too short: write at least 10 characters.",
    }]}


def test_malformed_json_is_a_json_400(client):
    response = client.post("/api/v1/questions", "{bukan json", content_type="application/json",
                           **auth(key_for(UserFactory())))
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Question.objects.exists()


@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/questions/satu"),
    ("get", "/api/v1/questions/satu/answers"),
    ("post", "/api/v1/questions/satu/answers"),
    ("post", "/api/v1/answers/satu/vote"),
    ("post", "/api/v1/answers/satu/accept"),
])
def test_an_id_that_is_not_a_number_is_a_422_naming_it(client, method, path):
    response = getattr(client, method)(path, content_type="application/json", **auth(key_for(UserFactory())))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "path"


# --- POST /questions/{id}/answers ------------------------------------------------------------


def test_answering_masks_personal_data_and_reports_it(client):
    question = ask()
    answerer = UserFactory(display_name="Tetangga Baik")

    response = post(client, f"/api/v1/questions/{question.pk}/answers",
                    {"body": f"Telepon saja saya di {PHONE}, atau surel tetangga@contoh.id"},
                    key_for(answerer))

    assert response.status_code == 201
    body = response.json()
    assert body["masked"] == ["email", "telepon"]
    assert body["author"] == "Tetangga Baik" and body["official_agency"] is None
    assert body["accepted"] is False and body["question_id"] == question.pk
    assert PHONE not in response.content.decode() and "tetangga@contoh.id" not in response.content.decode()
    stored = question.answers.get()
    assert PHONE in stored.private_body and PHONE not in stored.body
    question.refresh_from_db()
    assert question.answer_count == 1


def test_official_answer_only_from_staff_of_the_agency_the_question_is_routed_to(client):
    owner, bystander = AgencyFactory(slug="disdukcapil", name="Disdukcapil"), AgencyFactory()
    # Routed to the owner only through its service; the question names another agency.
    question = ask(services=[ServiceFactory(agency=owner)], agency=AgencyFactory())
    path = f"/api/v1/questions/{question.pk}/answers"

    refused = {
        "citizen": UserFactory(),
        "staff of another agency": staff_of(bystander, role=Role.AGENCY_ADMIN),
        "moderator": UserFactory(is_moderator=True),
    }
    for who, user in refused.items():
        response = post(client, path, {"body": "Jawaban resmi.", "official": True}, key_for(user),
                        HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403, who
        assert response.json() == {"detail": (
            "Only staff of the agency this question is routed to can answer for it officially."
        )}
    assert not question.answers.exists()

    officer = staff_of(owner, role=Role.OFFICER)
    response = post(client, path, {"body": "Bisa diurus di kantor kecamatan.", "official": True},
                    key_for(officer))
    assert response.status_code == 201
    assert response.json()["official_agency"] == {"slug": "disdukcapil", "name": "Disdukcapil"}

    # The same officer answering without `official` answers as a person.
    response = post(client, path, {"body": "Sebagai warga juga: bawa fotokopi KK."}, key_for(officer))
    assert response.json()["official_agency"] is None
    question.refresh_from_db()
    assert question.has_official_answer and question.answer_count == 2


def test_answering_a_locked_question_is_refused(client):
    question = ask()
    set_locked(UserFactory(is_moderator=True), question, True)

    response = post(client, f"/api/v1/questions/{question.pk}/answers", {"body": "Terlambat."},
                    key_for(UserFactory()), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == {"detail": "This question is locked: it takes no new answers."}


@pytest.mark.parametrize("state", ["unknown", "hidden", "merged"])
def test_answering_an_unknown_hidden_or_merged_question_is_a_404(client, state):
    question = QuestionFactory(
        is_hidden=state == "hidden", duplicate_of=QuestionFactory() if state == "merged" else None
    )
    question_id = question.pk + 1000 if state == "unknown" else question.pk

    response = post(client, f"/api/v1/questions/{question_id}/answers", {"body": "Jawaban."},
                    key_for(UserFactory()))

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("data", [{"body": "   "}, {"body": "x"}, {}, {"body": "Oke", "official": "bukan"}])
def test_bad_answer_input_is_a_422(client, data):
    question = ask()
    response = post(client, f"/api/v1/questions/{question.pk}/answers", data, key_for(UserFactory()))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"
    assert not question.answers.exists()


# --- POST /answers/{id}/vote -----------------------------------------------------------------


def test_voting_up_then_again_withdraws_and_the_other_way_changes(client):
    answer = AnswerFactory()
    voter = UserFactory(reputation=60)
    key = key_for(voter)
    path = f"/api/v1/answers/{answer.pk}/vote"

    def vote(value):
        return post(client, path, {"value": value}, key).json()

    assert vote(1) == {"answer_id": answer.pk, "score": 1, "your_vote": 1}
    assert vote(1) == {"answer_id": answer.pk, "score": 0, "your_vote": 0}
    assert post(client, path, {"value": 1}, key).json()["score"] == 1
    response = post(client, path, {"value": -1}, key)
    assert response.status_code == 200
    assert response.json() == {"answer_id": answer.pk, "score": -1, "your_vote": -1}
    assert Vote.objects.get().value == -1
    answer.author.refresh_from_db()
    assert answer.author.reputation == -2


def test_voting_on_your_own_answer_is_refused(client):
    answer = AnswerFactory()

    response = post(client, f"/api/v1/answers/{answer.pk}/vote", {"value": 1}, key_for(answer.author),
                    HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot vote on your own answer."}
    assert not Vote.objects.exists()


def test_voting_down_needs_reputation(client):
    answer = AnswerFactory()

    response = post(client, f"/api/v1/answers/{answer.pk}/vote", {"value": -1}, key_for(UserFactory()),
                    HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == {"detail": "Voting down needs at least 50 reputation points."}


@pytest.mark.parametrize("data", [
    {"value": 0}, {"value": 2}, {"value": "naik"}, {"value": "1"}, {"value": True}, {"value": 1.0}, {},
])
def test_a_vote_other_than_1_or_minus_1_is_a_422(client, data):
    answer = AnswerFactory()
    response = post(client, f"/api/v1/answers/{answer.pk}/vote", data, key_for(UserFactory()))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"
    assert not Vote.objects.exists()


@pytest.mark.parametrize("state", ["unknown", "hidden answer", "hidden question"])
def test_voting_on_an_unknown_or_hidden_answer_is_a_404(client, state):
    answer = AnswerFactory(is_hidden=state == "hidden answer")
    if state == "hidden question":
        Question.objects.filter(pk=answer.question_id).update(is_hidden=True)
    answer_id = answer.pk + 1000 if state == "unknown" else answer.pk

    response = post(client, f"/api/v1/answers/{answer_id}/vote", {"value": 1}, key_for(UserFactory()),
                    HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "No answer has this id."}


# --- POST /answers/{id}/accept ---------------------------------------------------------------


def test_only_the_asker_accepts_an_answer(client):
    asker = UserFactory()
    question = ask(asker)
    first = answer_question(UserFactory(), question, "Jawaban pertama.").post
    second = answer_question(UserFactory(), question, "Jawaban kedua yang benar.").post
    path = f"/api/v1/answers/{second.pk}/accept"

    for outsider in (UserFactory(), second.author, staff_of(AgencyFactory()), UserFactory(is_moderator=True)):
        response = post(client, path, key=key_for(outsider), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert response.json() == {"detail": "Only the person who asked can accept an answer."}

    response = post(client, path, key=key_for(asker))
    assert response.status_code == 200
    body = response.json()
    assert body["solved"] is True and body["accepted_answer_id"] == second.pk
    assert [a["id"] for a in body["answers"]] == [second.pk, first.pk]
    assert body["answers"][0]["accepted"] is True
    question.refresh_from_db()
    assert question.accepted_answer == second
    assert client.get("/api/v1/questions", {"status": "solved"}).json()["count"] == 1


@pytest.mark.parametrize("state", ["unknown", "hidden"])
def test_accepting_an_unknown_or_hidden_answer_is_a_404(client, state):
    answer = AnswerFactory(is_hidden=state == "hidden")
    answer_id = answer.pk + 1000 if state == "unknown" else answer.pk

    response = post(client, f"/api/v1/answers/{answer_id}/accept", key=key_for(answer.question.author))

    assert response.status_code == 404


# --- rate limits ----------------------------------------------------------------------------


def test_posting_past_the_limit_is_a_429_with_retry_after(client, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "post": {"user": "2/h", "ip": "100/h"}}
    key = key_for(UserFactory())
    question = ask()

    first = post(client, "/api/v1/questions", {"title": "Pertanyaan pertama saya hari ini"}, key)
    answer = post(client, f"/api/v1/questions/{question.pk}/answers", {"body": "Jawaban."}, key)
    assert first.status_code == answer.status_code == 201
    for path, data in (
        ("/api/v1/questions", {"title": "Pertanyaan ketiga saya hari ini"}),
        (f"/api/v1/questions/{question.pk}/answers", {"body": "Jawaban lagi."}),
    ):
        response = post(client, path, data, key, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 3600
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"].startswith("Too many attempts. Please try again in ")

    assert Question.objects.count() == 2 and question.answers.count() == 1
    # Another user is not held back by this one's limit.
    assert post(client, "/api/v1/questions", {"title": "Pertanyaan dari orang lain"},
                key_for(UserFactory())).status_code == 201


def test_voting_past_the_limit_is_a_429(client, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "vote": {"user": "1/h", "ip": "100/h"}}
    key = key_for(UserFactory())
    first, second = AnswerFactory(), AnswerFactory()

    assert post(client, f"/api/v1/answers/{first.pk}/vote", {"value": 1}, key).status_code == 200
    response = post(client, f"/api/v1/answers/{second.pk}/vote", {"value": 1}, key)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Vote.objects.count() == 1


def test_the_ip_limit_holds_across_accounts(client, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "post": {"user": "10/h", "ip": "1/h"}}

    assert post(client, "/api/v1/questions", {"title": "Pertanyaan dari akun pertama"},
                key_for(UserFactory())).status_code == 201
    assert post(client, "/api/v1/questions", {"title": "Pertanyaan dari akun kedua"},
                key_for(UserFactory())).status_code == 429


# --- OpenAPI schema --------------------------------------------------------------------------


def test_openapi_schema_is_valid_and_describes_every_community_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    paths = schema["paths"]

    operations = {
        ("/api/v1/questions", "get"): ("list_questions", {"200", "404", "422"}),
        ("/api/v1/questions/{question_id}", "get"): ("get_question", {"200", "404", "422"}),
        ("/api/v1/questions/{question_id}/answers", "get"): ("list_answers", {"200", "404", "422"}),
        ("/api/v1/questions", "post"): ("create_question", {"201", "400", "401", "403", "422", "429"}),
        ("/api/v1/questions/{question_id}/answers", "post"):
            ("create_answer", {"201", "400", "401", "403", "404", "422", "429"}),
        ("/api/v1/answers/{answer_id}/vote", "post"):
            ("vote_answer", {"200", "400", "401", "403", "404", "422", "429"}),
        ("/api/v1/answers/{answer_id}/accept", "post"):
            ("accept_answer", {"200", "400", "401", "403", "404", "422"}),
    }
    for (path, method), (operation_id, statuses) in operations.items():
        operation = paths[path][method]
        assert operation["operationId"] == operation_id
        assert statuses <= set(operation["responses"]), operation_id
        if method == "post":
            assert operation["security"] == [{"BearerTokenAuth": []}]
            assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }
        else:
            assert "security" not in operation
        if "429" in operation["responses"]:
            assert "Retry-After" in operation["responses"]["429"]["headers"]

    assert schema["components"]["schemas"]["VoteIn"]["properties"]["value"]["enum"] == [1, -1]
    filters = {p["name"] for p in paths["/api/v1/questions"]["get"]["parameters"]}
    assert {"service", "agency", "tag", "status", "page", "page_size"} <= filters
    # Private text never appears in any response schema.
    dumped = json.dumps(schema["components"]["schemas"])
    assert "private_body" not in dumped and "private_title" not in dumped and "masked_kinds" not in dumped
