"""Public community pages through the test client: lists, filters, the question page."""

import json
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from layanan.accounts.tests.factories import UserFactory
from layanan.catalog.tests.factories import ServiceFactory
from layanan.community.models import Question
from layanan.community.services import moderation
from layanan.community.services.comments import add_comment
from layanan.community.services.posting import answer_question, ask_question
from layanan.community.services.voting import accept_answer
from layanan.community.templatetags.community_tags import masked_kinds_label

from .factories import AnswerFactory, QuestionFactory
from .text import said

pytestmark = pytest.mark.django_db


def ask(user, title, body="", **kwargs):
    return ask_question(user, title, body, **kwargs).post


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


# --- question list ---------------------------------------------------------------

def test_question_list_shows_visible_questions_with_counts_and_badges(client, world):
    solved = ask(world.asker, "Bagaimana cara mengganti KTP yang hilang?", services=[world.service])
    answer = answer_question(world.officer, solved, "Datang ke Disdukcapil.", official=True).post
    accept_answer(world.asker, answer)
    open_question = ask(world.citizen, "Berapa lama pembuatan paspor baru?")
    hidden = ask(world.citizen, "Iklan jual beli pulsa murah sekali")
    moderation.hide_post(world.moderator, hidden)

    response = client.get(reverse("community:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert solved.title in html and open_question.title in html
    assert hidden.title not in html
    assert said("Official answer") in html and said("Solved") in html


@pytest.mark.parametrize("status, expected", [
    ("", {"unanswered", "official", "solved"}),
    ("belum-dijawab", {"unanswered"}),
    ("jawaban-resmi", {"official"}),
    ("selesai", {"solved"}),
])
def test_question_list_filters_by_status(client, world, status, expected):
    questions = {
        "unanswered": ask(world.citizen, "Pertanyaan yang belum dijawab siapa pun"),
        "official": ask(world.citizen, "Pertanyaan dengan jawaban resmi instansi", agency=world.agency),
        "solved": ask(world.asker, "Pertanyaan yang sudah selesai dan diterima"),
    }
    answer_question(world.officer, questions["official"], "Jawaban resmi.", official=True)
    accept_answer(world.asker, answer_question(world.citizen, questions["solved"], "Begini caranya.").post)

    response = client.get(reverse("community:list"), {"status": status} if status else {})

    shown = {key for key, q in questions.items() if q.title in response.content.decode()}
    assert shown == expected


def test_question_list_filters_by_service_agency_and_tag(client, world):
    other_service = ServiceFactory(agency=world.other_agency, name="Paspor Biasa", slug="paspor-biasa")
    about_ktp = ask(world.citizen, "KTP rusak bagaimana menggantinya?", services=[world.service],
                    tags=["ktp"])
    about_passport = ask(world.citizen, "Paspor hilang di luar negeri bagaimana?", services=[other_service],
                         tags=["paspor"])
    direct_to_agency = ask(world.citizen, "Jam buka kantor dinas kependudukan?", agency=world.agency)

    by_service = client.get(reverse("community:list"), {"layanan": "ktp-elektronik"}).content.decode()
    by_agency = client.get(reverse("community:list"), {"instansi": "disdukcapil"}).content.decode()
    by_tag = client.get(reverse("community:tag", args=["paspor"])).content.decode()

    assert about_ktp.title in by_service and about_passport.title not in by_service
    assert direct_to_agency.title not in by_service
    assert about_ktp.title in by_agency and direct_to_agency.title in by_agency
    assert about_passport.title not in by_agency
    assert about_passport.title in by_tag and about_ktp.title not in by_tag


def test_unknown_filters_are_not_found(client, world):
    assert client.get(reverse("community:list"), {"layanan": "tidak-ada"}).status_code == 404
    assert client.get(reverse("community:list"), {"instansi": "tidak-ada"}).status_code == 404
    assert client.get(reverse("community:tag", args=["tidak-ada"])).status_code == 404


def test_question_list_paginates(client, world, settings):
    settings.LAYANAN_PAGE_SIZE = 3
    for n in range(7):
        QuestionFactory(title=f"Pertanyaan nomor {n} tentang layanan")
    first = client.get(reverse("community:list"))
    third = client.get(reverse("community:list"), {"halaman": 3})
    assert len(first.context["page"].object_list) == 3
    assert len(third.context["page"].object_list) == 1
    assert 'rel="next"' in first.content.decode()


def test_empty_lists_invite_the_first_question(client, world):
    empty = client.get(reverse("community:list")).content.decode()
    unanswered = client.get(reverse("community:list"), {"status": "belum-dijawab"}).content.decode()
    assert said("No questions here yet.") in empty and reverse("community:ask") in empty
    assert said("Every question here has an answer.") in unanswered


def test_question_list_query_count_does_not_grow_with_questions(client, world, django_assert_max_num_queries):
    for n in range(3):
        ask(world.citizen, f"Pertanyaan pendek nomor {n} tentang KTP", tags=["ktp", f"t{n}"],
            services=[world.service])
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("community:list"))
    for n in range(12):
        ask(world.citizen, f"Pertanyaan tambahan nomor {n} tentang KTP", tags=["ktp", f"u{n}"],
            services=[world.service])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("community:list"))


# --- question page ---------------------------------------------------------------

def test_wrong_slug_and_short_address_redirect_to_the_question(client, world):
    question = ask(world.citizen, "Bagaimana cara membuat akta kelahiran?")
    wrong = client.get(reverse("community:question", args=[question.pk, "salah"]))
    short = client.get(reverse("community:question-short", args=[question.pk]))
    assert wrong.status_code == 301 and wrong["Location"] == question.get_absolute_url()
    assert short.status_code == 301 and short["Location"] == question.get_absolute_url()


def test_answers_are_ordered_official_then_accepted_then_by_score(client, world):
    question = ask(world.asker, "Syarat membuat KTP untuk pemilih pemula?", services=[world.service])
    low = answer_question(UserFactory(), question, "Jawaban kurang membantu.").post
    high = answer_question(UserFactory(), question, "Jawaban yang banyak disukai.").post
    accepted = answer_question(UserFactory(), question, "Jawaban yang dipilih penanya.").post
    official = answer_question(world.officer, question, "Jawaban resmi dari dinas.", official=True).post
    high.score = 5
    high.save()
    accept_answer(world.asker, accepted)

    response = client.get(question.get_absolute_url())

    assert [a.pk for a in response.context["answers"]] == [official.pk, accepted.pk, high.pk, low.pk]
    html = response.content.decode()
    assert html.index(f'id="jawaban-{official.pk}"') < html.index(f'id="jawaban-{accepted.pk}"')
    official_block = html[html.index(f'id="jawaban-{official.pk}"'):html.index(f'id="jawaban-{accepted.pk}"')]
    assert "badge-official" in official_block and world.agency.name in official_block


def test_hidden_question_is_not_found_for_the_public_and_greyed_for_moderators(client, world):
    question = ask(world.citizen, "Pertanyaan yang disembunyikan moderator")
    moderation.hide_post(world.moderator, question)
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(world.citizen)
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(world.moderator)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert "post-hidden" in response.content.decode()
    assert json_ld(response) == []


def test_hidden_answers_are_invisible_to_the_public_and_greyed_for_moderators(client, world):
    question = ask(world.asker, "Apakah KTP bisa diurus di kecamatan?")
    kept = answer_question(world.citizen, question, "Bisa, di beberapa kecamatan.").post
    spam = answer_question(UserFactory(), question, "Beli followers murah di sini").post
    moderation.hide_post(world.moderator, spam)

    public = client.get(question.get_absolute_url()).content.decode()
    client.force_login(world.moderator)
    moderated = client.get(question.get_absolute_url()).content.decode()

    assert "Beli followers" not in public and kept.body in public
    assert "Beli followers" in moderated and said("Hidden by a moderator") in moderated


def test_locked_question_shows_a_notice_and_no_answer_form(client, world):
    question = ask(world.asker, "Pertanyaan yang dikunci moderator")
    moderation.set_locked(world.moderator, question, True)
    client.force_login(world.citizen)
    html = client.get(question.get_absolute_url()).content.decode()
    assert said("This question is locked by a moderator: it takes no new answers or edits.") in html
    assert reverse("community:answer", args=[question.pk]) not in html
    response = client.post(reverse("community:answer", args=[question.pk]), {"body": "Jawaban saya"})
    assert response.status_code == 403


def test_a_merged_duplicate_redirects_to_the_original_with_a_notice(client, world):
    original = ask(world.citizen, "Cara memperpanjang SIM yang sudah mati?")
    duplicate = ask(world.asker, "SIM saya mati, bagaimana perpanjangnya?")
    moderation.merge_duplicate(world.moderator, duplicate, original)
    response = client.get(duplicate.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == original.get_absolute_url()
    notice = said("The question “%(title)s” was asked before, so it was merged into this one. "
                  "Its answers are here.", title=duplicate.title)
    assert notice in response.content.decode()


def test_private_original_is_shown_to_the_author_and_agency_staff_only(client, world):
    question = ask(world.asker, "KTP hilang, NIK saya 3171011708450001 bagaimana?",
                   "Hubungi saya di 0812-3456-7890", services=[world.service])
    public = client.get(question.get_absolute_url()).content.decode()
    assert "3171011708450001" not in public and "0812-3456-7890" not in public

    for viewer, sees in [(world.asker, True), (world.officer, True), (world.citizen, False),
                         (world.moderator, False)]:
        client.force_login(viewer)
        html = client.get(question.get_absolute_url()).content.decode()
        assert ("3171011708450001" in html) is sees, viewer
        assert ("0812-3456-7890" in html) is sees, viewer
        if sees:
            assert "private-original" in html
            assert escape(masked_kinds_label(["nik", "telepon"])) in html


def test_private_original_of_an_answer_follows_the_same_rule(client, world):
    question = ask(world.asker, "Bagaimana cara mengurus KTP yang rusak?", agency=world.agency)
    answer_question(world.citizen, question, "Saya bisa bantu, WA saya 081234567890")
    for viewer, sees in [(world.citizen, True), (world.officer, True), (world.asker, False)]:
        client.force_login(viewer)
        assert ("081234567890" in client.get(question.get_absolute_url()).content.decode()) is sees


def test_question_page_json_ld_is_a_qa_page_with_the_official_answer_accepted(client, world):
    question = ask(world.asker, "Berapa biaya pembuatan KTP elektronik?", "Saya baru 17 tahun.",
                   services=[world.service])
    community = answer_question(world.citizen, question, "Gratis, tidak dipungut biaya.").post
    official = answer_question(world.officer, question, "Pembuatan KTP-el **tidak dipungut biaya**.",
                               official=True).post
    accept_answer(world.asker, community)

    [data] = json_ld(client.get(question.get_absolute_url()))

    assert data["@context"] == "https://schema.org" and data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question"
    assert entity["name"] == question.title and entity["text"] == "Saya baru 17 tahun."
    assert entity["answerCount"] == 2 and entity["upvoteCount"] == 0
    assert entity["datePublished"] == question.created_at.isoformat()
    assert entity["author"] == {"@type": "Person", "name": "Penanya",
                                "url": "http://testserver" + world.asker.get_absolute_url()}
    accepted = entity["acceptedAnswer"]
    assert accepted["author"]["@type"] == "GovernmentOrganization"
    assert accepted["author"]["name"] == world.agency.name
    assert accepted["text"] == "Pembuatan KTP-el tidak dipungut biaya."
    assert accepted["url"] == "http://testserver" + official.get_absolute_url()
    assert [a["text"] for a in entity["suggestedAnswer"]] == ["Gratis, tidak dipungut biaya."]


def test_json_ld_uses_the_askers_choice_without_an_official_answer_and_is_absent_without_answers(
    client, world
):
    question = ask(world.asker, "Apakah e-KTP bisa dicetak ulang tanpa biaya?")
    assert json_ld(client.get(question.get_absolute_url())) == []
    first = answer_question(world.citizen, question, "Bisa, gratis.").post
    answer_question(UserFactory(), question, "Tanya ke kelurahan.")
    accept_answer(world.asker, first)
    [data] = json_ld(client.get(question.get_absolute_url()))
    assert data["mainEntity"]["acceptedAnswer"]["text"] == "Bisa, gratis."
    assert data["mainEntity"]["acceptedAnswer"]["author"]["@type"] == "Person"
    assert len(data["mainEntity"]["suggestedAnswer"]) == 1


def test_json_ld_never_contains_masked_originals(client, world):
    question = ask(world.asker, "Email saya warga@contoh.id tidak bisa daftar?", "NIK 3171011708450001")
    answer_question(world.citizen, question, "Coba hubungi 0812-3456-7890")
    client.force_login(world.asker)  # even the author's page
    text = json.dumps(json_ld(client.get(question.get_absolute_url())))
    assert "warga@contoh.id" not in text and "3171011708450001" not in text and "0812-3456-7890" not in text


def test_question_page_query_count_does_not_grow_with_answers_or_comments(client, world, django_assert_max_num_queries):
    question = ask(world.asker, "Pertanyaan dengan banyak jawaban tentang KTP", services=[world.service],
                   tags=["ktp"])
    answer_question(world.officer, question, "Jawaban resmi.", official=True)
    answer_question(world.citizen, question, "Jawaban warga.")
    client.force_login(world.officer)
    with django_assert_max_num_queries(30) as few:
        assert client.get(question.get_absolute_url()).status_code == 200
    for n in range(10):
        extra = AnswerFactory(question=question, body=f"Jawaban tambahan {n}")
        add_comment(world.citizen, extra, f"Komentar di jawaban tambahan {n}")
        add_comment(world.asker, question, f"Komentar di pertanyaan {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(question.get_absolute_url())


def test_viewing_a_question_counts_the_view(client, world):
    question = ask(world.citizen, "Pertanyaan yang dilihat banyak orang")
    client.get(question.get_absolute_url())
    client.get(question.get_absolute_url())
    question.refresh_from_db()
    assert question.view_count == 2


def test_history_page_lists_question_and_answer_revisions(client, world):
    from layanan.community.services.posting import edit_post

    question = ask(world.asker, "Pertanyaan yang kemudian diubah penanya", "Versi pertama")
    edit_post(world.asker, question, title=question.title, body="Versi kedua", note="lebih jelas")
    answer_question(world.citizen, question, "Jawaban versi awal")
    response = client.get(reverse("community:history", args=[question.pk, question.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Versi pertama" in html and "Versi kedua" in html and "lebih jelas" in html
    assert "Jawaban versi awal" in html
    assert len(response.context["page"].object_list) == 3
    wrong = client.get(reverse("community:history", args=[question.pk, "salah"]))
    assert wrong.status_code == 302


# --- catalog pages and profiles -----------------------------------------------------

def test_service_and_agency_pages_show_citizen_questions(client, world):
    about_service = ask(world.citizen, "Bisakah KTP elektronik dibuat di luar domisili?",
                        services=[world.service])
    to_agency = ask(world.citizen, "Jam pelayanan Disdukcapil di hari Sabtu?", agency=world.agency)
    hidden = ask(world.citizen, "Pertanyaan tersembunyi tentang KTP elektronik", services=[world.service])
    moderation.hide_post(world.moderator, hidden)

    service_page = client.get(world.service.get_absolute_url()).content.decode()
    agency_page = client.get(world.agency.get_absolute_url()).content.decode()

    assert said("Questions from citizens") in service_page
    assert about_service.title in service_page and to_agency.title not in service_page
    assert hidden.title not in service_page
    assert f"{reverse('community:ask')}?layanan=ktp-elektronik" in service_page
    assert about_service.title in agency_page and to_agency.title in agency_page


def test_public_profile_lists_questions_and_answers_but_never_hidden_ones(client, world):
    question = ask(world.citizen, "Pertanyaan publik milik warga baik")
    elsewhere = ask(world.asker, "Pertanyaan orang lain yang dijawab warga")
    answer_question(world.citizen, elsewhere, "Jawaban publik dari warga baik")
    hidden_answer = answer_question(world.citizen, elsewhere, "Jawaban yang disembunyikan").post
    moderation.hide_post(world.moderator, hidden_answer)
    hidden_question = ask(world.citizen, "Pertanyaan warga yang disembunyikan")
    moderation.hide_post(world.moderator, hidden_question)

    html = client.get(world.citizen.get_absolute_url()).content.decode()

    assert question.title in html and elsewhere.title in html
    assert hidden_question.title not in html and "Jawaban yang disembunyikan" not in html


def test_question_str_is_used_in_the_admin_without_error(world):
    assert str(Question.objects.create(title="Judul pertanyaan cukup panjang", body="", body_html=""))
