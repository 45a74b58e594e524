"""Promoting community answers to official knowledge: who may, what the draft holds,
and the question's "made official knowledge" link, which appears only once a
second person has approved and published the article."""

import pytest
from django.urls import reverse
from django.utils import translation

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory
from layanan.community.services.posting import PermissionDenied, answer_question, ask_question
from layanan.community.services.promotion import AlreadyPromoted, NothingToPromote, promote_to_article
from layanan.community.tests.factories import AnswerFactory, QuestionFactory
from layanan.knowledge.models import Article, ArticleRevision
from layanan.knowledge.services import workflow
from layanan.knowledge.services.workflow import FourEyesRequired

pytestmark = pytest.mark.django_db

BADGE = "Made official knowledge"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def place(db):
    agency = AgencyFactory(name="Disdukcapil Kota Denpasar", short_name="Disdukcapil Denpasar")
    other = AgencyFactory(name="Kantor Imigrasi Denpasar", short_name="Imigrasi")
    question = QuestionFactory(title="Bagaimana cara mengganti KTP yang rusak?", agency=agency)
    answer = AnswerFactory(question=question, author=UserFactory(display_name="Ketut Warga"),
                           body="Bawa KTP yang rusak dan KK ke Disdukcapil.",
                           body_html="<p>Bawa KTP yang rusak dan KK ke Disdukcapil.</p>")
    return {
        "agency": agency, "other": other, "question": question, "answer": answer,
        "manager": staff_of(agency, display_name="Pengelola A"),
        "second": staff_of(agency, display_name="Pengelola B"),
    }


def en(path):
    return f"/en{path}"


def question_url(obj):
    """The unprefixed path of a question or article, whatever language the last request activated."""
    with translation.override("id"):
        return obj.get_absolute_url()


def test_a_manager_of_the_routed_agency_promotes_an_answer_to_a_draft_that_links_and_credits(place):
    article = promote_to_article(place["manager"], answer=place["answer"])
    assert article.status == Article.Status.DRAFT and article.agency == place["agency"]
    assert article.title == "Bagaimana cara mengganti KTP yang rusak?"
    assert article.body_markdown == "Bawa KTP yang rusak dan KK ke Disdukcapil."
    assert article.source_question_id == place["question"].pk and article.source_answer_id == place["answer"].pk
    assert list(article.credited_authors.all()) == [place["answer"].author]
    revision = article.revisions.get()
    assert revision.status == ArticleRevision.Status.DRAFT and revision.author == place["manager"]
    assert revision.significance == ArticleRevision.Significance.MAJOR
    promote = AuditEntry.objects.get(action="community.promote")
    assert promote.actor == place["manager"] and promote.agency_id == place["agency"].pk
    assert promote.data["article"] == article.pk
    assert AuditEntry.objects.for_target(article).get().action == "article.create"


def test_the_agency_of_a_linked_service_is_responsible_too(place):
    service_agency = AgencyFactory(name="Dinas Perhubungan")
    question = QuestionFactory(agency=None)
    question.services.add(ServiceFactory(agency=service_agency))
    answer = AnswerFactory(question=question)
    article = promote_to_article(staff_of(service_agency), answer=answer)
    assert article.agency == service_agency and article.service.agency == service_agency


@pytest.mark.parametrize("who", ["other agency manager", "officer", "citizen", "anonymous-like inactive"])
def test_nobody_else_may_promote(place, who):
    user = {
        "other agency manager": lambda: staff_of(place["other"]),
        "officer": lambda: staff_of(place["agency"], role=Role.OFFICER),
        "citizen": lambda: UserFactory(),
        "anonymous-like inactive": lambda: staff_of(place["agency"], is_active=False),
    }[who]()
    with pytest.raises(PermissionDenied):
        promote_to_article(user, answer=place["answer"])
    with pytest.raises(PermissionDenied):
        promote_to_article(user, question=place["question"])
    assert not Article.objects.exists()


def test_an_agency_admin_of_the_responsible_agency_may_promote(place):
    admin = staff_of(place["agency"], role=Role.AGENCY_ADMIN)
    assert promote_to_article(admin, answer=place["answer"]).agency == place["agency"]


def test_hidden_answers_are_not_promoted(place):
    place["answer"].is_hidden = True
    place["answer"].save()
    with pytest.raises(PermissionDenied):
        promote_to_article(place["manager"], answer=place["answer"])
    with pytest.raises(NothingToPromote):
        promote_to_article(place["manager"], question=place["question"])


def test_only_the_masked_public_text_goes_into_the_draft(place):
    asker = UserFactory(display_name="Penanya")
    question = ask_question(asker, "Bagaimana mengganti KTP rusak?", "KTP saya rusak.", agency=place["agency"]).post
    answered = answer_question(UserFactory(display_name="Made"), question,
                               "Hubungi saya di 081234567890, saya bantu. Bawa KK ke kantor.").post
    assert answered.private_body
    article = promote_to_article(place["manager"], answer=answered)
    assert "081234567890" not in article.body_markdown
    assert article.body_markdown == answered.body


def test_a_question_with_its_answers_becomes_one_draft_crediting_the_community_authors(place):
    question = place["question"]
    official = AnswerFactory(question=question, official_agency=place["agency"], author=place["second"],
                             body="Jawaban resmi: datang ke kantor.", score=1)
    AnswerFactory(question=question, is_hidden=True, body="Tersembunyi.")
    third = AnswerFactory(question=question, author=UserFactory(display_name="Wayan"), body="Bisa lewat aplikasi.",
                          score=5)
    article = promote_to_article(place["manager"], question=question)
    assert article.source_answer_id is None
    assert article.body_markdown.split("\n\n---\n\n") == [official.body, third.body, place["answer"].body]
    assert "Tersembunyi." not in article.body_markdown
    # The agency's own answer is not community work: its author is not credited.
    assert set(article.credited_authors.all()) == {third.author, place["answer"].author}


def test_promoting_the_same_answer_twice_returns_the_existing_article(place):
    article = promote_to_article(place["manager"], answer=place["answer"])
    with pytest.raises(AlreadyPromoted) as excinfo:
        promote_to_article(place["second"], answer=place["answer"])
    assert excinfo.value.article == article
    assert Article.objects.count() == 1


def test_the_promoter_cannot_publish_alone_and_the_link_appears_only_after_a_second_approval(client, place):
    question, manager, second = place["question"], place["manager"], place["second"]
    article = promote_to_article(manager, answer=place["answer"])

    def badge_shown():
        client.logout()
        return BADGE in client.get(en(question_url(question))).text

    assert not badge_shown()
    revision = article.open_revision
    workflow.submit_for_review(manager, revision)
    assert not badge_shown()
    with pytest.raises(FourEyesRequired):
        workflow.approve_and_publish(manager, revision)
    assert not badge_shown()

    workflow.approve_and_publish(second, revision)
    page = client.get(en(question_url(question))).text
    assert BADGE in page and en(question_url(article)) in page

    # The article page links back to the question and credits the community author by display name.
    article_page = client.get(en(question_url(article))).text
    with translation.override("en"):
        assert reverse("community:question-short", args=[question.pk]) in article_page
    assert "Ketut Warga" in article_page

    workflow.archive(second, Article.objects.get(pk=article.pk))
    assert not badge_shown()


def test_the_question_page_offers_promotion_to_managers_of_the_responsible_agency_only(client, place):
    path = en(question_url(place["question"]))
    client.force_login(place["manager"])
    page = client.get(path).text
    assert "Make official knowledge" in page
    with translation.override("id"):
        assert reverse("community_staff:promote", args=[place["question"].pk]) in page
    assert f'id="promote-{place["answer"].pk}"' in page and 'id="promote-question"' in page
    for user in (staff_of(place["other"]), staff_of(place["agency"], role=Role.OFFICER), UserFactory()):
        client.force_login(user)
        assert "Make official knowledge" not in client.get(path).text
    client.logout()
    assert "Make official knowledge" not in client.get(path).text


def test_promoting_from_the_question_page_opens_the_draft_for_editing(client, place):
    with translation.override("id"):
        action = reverse("community_staff:promote", args=[place["question"].pk])
    assert client.get(action).status_code == 405
    anonymous = client.post(action, {"source": place["answer"].pk})
    assert anonymous.status_code == 302 and "masuk" in anonymous["Location"]

    client.force_login(staff_of(place["other"]))
    assert client.post(action, {"source": place["answer"].pk}).status_code == 403

    client.force_login(place["manager"])
    response = client.post(action, {"source": place["answer"].pk})
    article = Article.objects.get()
    with translation.override("id"):
        assert response["Location"] == reverse("knowledge_staff:edit", args=[article.pk])
    again = client.post(action, {"source": place["answer"].pk})
    with translation.override("id"):
        assert again["Location"] == reverse("knowledge_staff:article", args=[article.pk])
    assert Article.objects.count() == 1
    # The page now lists the draft instead of offering the same answer again.
    page = client.get(en(question_url(place["question"]))).text
    assert f'id="promote-{place["answer"].pk}"' not in page
    with translation.override("id"):
        assert reverse("knowledge_staff:article", args=[article.pk]) in page


def test_an_answer_of_another_question_cannot_be_smuggled_in(client, place):
    stranger = AnswerFactory()
    client.force_login(place["manager"])
    with translation.override("id"):
        action = reverse("community_staff:promote", args=[place["question"].pk])
    assert client.post(action, {"source": stranger.pk}).status_code == 404
    assert not Article.objects.exists()
