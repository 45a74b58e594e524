"""Acting on the question page: answering, voting, accepting, following, editing, reporting,
and the rate limits on posting, voting and reporting."""

import pytest
from django.utils.html import escape
from django.urls import reverse

from layanan.accounts import policies
from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.community.models import Answer, Flag, Vote
from layanan.community.services.posting import answer_question, ask_question
from layanan.community.views.common import rate_limit_message

from .text import masked, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(world):
    return ask_question(world.asker, "Bagaimana cara mengganti KTP yang rusak?", "Sudah ke kelurahan.",
                        services=[world.service]).post


def login_url(next_path):
    return f"{reverse('accounts:login')}?next={next_path}"


# --- answering -----------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_log_in_before_answering(client, question):
    html = client.get(question.get_absolute_url()).content.decode()
    assert said("Log in to answer") in html
    response = client.post(reverse("community:answer", args=[question.pk]), {"body": "Jawaban"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Answer.objects.exists()


def test_a_citizen_answers_and_is_told_what_was_masked(client, world, question):
    client.force_login(world.citizen)
    page = client.get(question.get_absolute_url()).content.decode()
    assert 'name="official"' not in page  # no checkbox for citizens

    response = client.post(reverse("community:answer", args=[question.pk]),
                           {"body": "Bawa KK asli. Kalau bingung WA saya 0812-3456-7890."}, follow=True)

    answer = Answer.objects.get()
    assert response.redirect_chain[-1][0] == answer.get_absolute_url()
    assert not answer.is_official and "0812-3456-7890" not in answer.body
    html = response.content.decode()
    assert said("Thank you, your answer is published.") in html
    assert masked(telepon=1) in html


def test_agency_staff_see_the_official_checkbox_and_answer_with_the_badge(client, world, question):
    client.force_login(world.officer)
    page = client.get(question.get_absolute_url()).content.decode()
    assert said("Answer officially for %(agency)s", agency=world.agency.name) in page

    client.post(reverse("community:answer", args=[question.pk]),
                {"body": "Silakan datang dengan KTP rusak dan KK.", "official": "on"})

    answer = Answer.objects.get()
    assert answer.official_agency == world.agency
    assert AuditEntry.objects.filter(action="community.official_answer", agency_id=world.agency.pk).exists()
    question.refresh_from_db()
    assert question.has_official_answer


def test_staff_of_another_agency_cannot_answer_officially(client, world, question):
    outsider = staff_of(world.other_agency, role=Role.OFFICER)
    client.force_login(outsider)
    assert 'name="official"' not in client.get(question.get_absolute_url()).content.decode()
    client.post(reverse("community:answer", args=[question.pk]), {"body": "Jawaban biasa.", "official": "on"})
    assert Answer.objects.get().official_agency is None  # the field is not offered, so it is ignored


def test_an_empty_answer_shows_an_error_summary_linked_to_the_field(client, world, question):
    client.force_login(world.citizen)
    response = client.post(reverse("community:answer", args=[question.pk]), {"body": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_body"' in html
    assert 'aria-invalid="true"' in html
    assert not Answer.objects.exists()


# --- voting and accepting ------------------------------------------------------------------

def test_voting_shows_the_users_vote_pressed_and_a_second_press_withdraws_it(client, world, question):
    answer = answer_question(world.citizen, question, "Datang ke Disdukcapil.").post
    voter = UserFactory()
    client.force_login(voter)
    url = reverse("community:vote", args=["jawaban", answer.pk])

    response = client.post(url, {"value": "1"})
    assert response.status_code == 302 and response["Location"] == answer.get_absolute_url()
    answer.refresh_from_db()
    assert answer.score == 1
    html = client.get(question.get_absolute_url()).content.decode()
    block = html[html.index(f'id="jawaban-{answer.pk}"'):]
    assert f'aria-pressed="true" aria-label="{said("Useful: vote this answer up")}"' in block

    client.post(url, {"value": "1"})
    answer.refresh_from_db()
    assert answer.score == 0 and not Vote.objects.exists()


def test_no_vote_buttons_on_ones_own_post_and_voting_down_needs_reputation(client, world, question):
    answer = answer_question(world.citizen, question, "Jawaban warga.").post
    client.force_login(world.citizen)
    html = client.get(question.get_absolute_url()).content.decode()
    block = html[html.index(f'id="jawaban-{answer.pk}"'):]
    assert said("Useful: vote this answer up") not in block
    vote_url = reverse("community:vote", args=["jawaban", answer.pk])
    assert client.post(vote_url, {"value": "1"}).status_code == 403

    newcomer = UserFactory()
    client.force_login(newcomer)
    down = said("Not useful: vote this answer down")
    assert down not in client.get(question.get_absolute_url()).content.decode()
    assert client.post(vote_url, {"value": "-1"}).status_code == 403

    client.force_login(UserFactory(reputation=60))
    assert down in client.get(question.get_absolute_url()).content.decode()
    client.post(reverse("community:vote", args=["jawaban", answer.pk]), {"value": "-1"})
    answer.refresh_from_db()
    assert answer.score == -1


def test_questions_can_be_voted_on_too(client, world, question):
    client.force_login(world.citizen)
    client.post(reverse("community:vote", args=["pertanyaan", question.pk]), {"value": "1"})
    question.refresh_from_db()
    assert question.score == 1


def test_only_the_asker_sees_and_uses_the_accept_button(client, world, question):
    answer = answer_question(world.citizen, question, "Begini caranya.").post
    client.force_login(world.citizen)
    assert said("Accept this answer") not in client.get(question.get_absolute_url()).content.decode()
    assert client.post(reverse("community:accept", args=[answer.pk])).status_code == 403

    client.force_login(world.asker)
    assert said("Accept this answer") in client.get(question.get_absolute_url()).content.decode()
    response = client.post(reverse("community:accept", args=[answer.pk]), follow=True)
    question.refresh_from_db()
    assert question.accepted_answer == answer
    assert said("Accepted by the asker") in response.content.decode()


# --- following and notifications ---------------------------------------------------------

def test_following_and_unfollowing_a_question(client, world, question):
    client.force_login(world.citizen)
    client.post(reverse("community:follow", args=[question.pk]), {"action": "follow"})
    assert question.followers.filter(pk=world.citizen.pk).exists()
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'value="unfollow"' in html
    client.post(reverse("community:follow", args=[question.pk]), {"action": "unfollow"})
    assert not question.followers.filter(pk=world.citizen.pk).exists()


def test_anonymous_follow_goes_to_login(client, question):
    response = client.post(reverse("community:follow", args=[question.pk]))
    assert response["Location"] == login_url(question.get_absolute_url())


# --- editing ---------------------------------------------------------------------------

def test_the_author_edits_with_the_original_prefilled_and_history_grows(client, world):
    question = ask_question(world.asker, "KTP hilang, bagaimana cara menggantinya?",
                            "NIK 3171011708450001").post
    client.force_login(world.asker)
    url = reverse("community:edit", args=["pertanyaan", question.pk])
    form_html = client.get(url).content.decode()
    assert "3171011708450001" in form_html  # the author sees their own original

    response = client.post(url, {"title": question.title, "body": "NIK 3171011708450001, sudah lapor polisi",
                                 "note": "tambah info"}, follow=True)

    question.refresh_from_db()
    assert "sudah lapor polisi" in question.body and "3171011708450001" not in question.body
    assert question.revisions.count() == 2
    assert masked(nik=1) in response.content.decode()


def test_others_cannot_edit_without_reputation(client, world, question):
    client.force_login(world.citizen)
    assert client.get(reverse("community:edit", args=["pertanyaan", question.pk])).status_code == 403
    client.force_login(UserFactory(reputation=1000))
    assert client.get(reverse("community:edit", args=["pertanyaan", question.pk])).status_code == 200


# --- reporting -----------------------------------------------------------------------------

def test_reporting_needs_reputation_and_says_so(client, world, question):
    client.force_login(world.citizen)
    response = client.get(reverse("community:flag", args=["pertanyaan", question.pk]))
    assert response.status_code == 403
    assert str(policies.REPUTATION_TO_FLAG) in response.content.decode()
    assert said("Reporting needs a little reputation") in response.content.decode()


def test_reporting_a_duplicate_needs_the_other_question(client, world, question):
    original = ask_question(world.citizen, "KTP rusak, cara menggantinya bagaimana?", "").post
    reporter = UserFactory(reputation=20)
    client.force_login(reporter)
    url = reverse("community:flag", args=["pertanyaan", question.pk])

    missing = client.post(url, {"reason": "duplicate"})
    assert missing.status_code == 200 and 'href="#id_duplicate_of"' in missing.content.decode()
    unknown = client.post(url, {"reason": "duplicate", "duplicate_of": "99999"})
    assert said("There is no question with that number or address.") in unknown.content.decode()

    address = f"http://testserver{original.get_absolute_url()}"
    done = client.post(url, {"reason": "duplicate", "duplicate_of": address})
    assert done.status_code == 302
    flag = Flag.objects.get()
    assert flag.duplicate_of == original and flag.question == question


def test_reporting_an_answer_offers_no_duplicate_reason(client, world, question):
    answer = answer_question(world.citizen, question, "Jawaban berisi iklan.").post
    client.force_login(world.officer)  # agency staff may always report
    html = client.get(reverse("community:flag", args=["jawaban", answer.pk])).content.decode()
    assert 'value="duplicate"' not in html and 'value="spam"' in html
    client.post(reverse("community:flag", args=["jawaban", answer.pk]), {"reason": "spam", "note": "iklan"})
    assert Flag.objects.get().answer == answer


def test_reporting_twice_is_answered_politely(client, world, question):
    client.force_login(world.officer)
    url = reverse("community:flag", args=["pertanyaan", question.pk])
    client.post(url, {"reason": "spam"})
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert said("You have already reported this. Moderators will look at it.") in response.content.decode()
    assert Flag.objects.count() == 1


# --- rate limits ----------------------------------------------------------------------------

@pytest.fixture
def tight_limits(settings):
    settings.LAYANAN_RATE_LIMITS = {
        "post": {"user": "1/h", "ip": "100/h"},
        "vote": {"user": "1/m", "ip": "100/h"},
        "flag": {"user": "1/d", "ip": "100/d"},
    }


def test_answering_too_fast_gets_429_with_a_clear_message_and_keeps_the_text(
    client, world, question, tight_limits
):
    client.force_login(world.citizen)
    url = reverse("community:answer", args=[question.pk])
    assert client.post(url, {"body": "Jawaban pertama."}).status_code == 302

    response = client.post(url, {"body": "Jawaban kedua yang panjang."})

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert escape(rate_limit_message("post", int(response["Retry-After"]))) in html
    assert "Jawaban kedua yang panjang." in html  # what they wrote is still in the form
    assert Answer.objects.count() == 1


def test_asking_too_fast_gets_429(client, world, tight_limits):
    client.force_login(world.citizen)
    data = {"title": "Pertanyaan pertama yang cukup panjang", "body": ""}
    assert client.post(reverse("community:ask"), data).status_code == 302
    response = client.post(reverse("community:ask"), {**data, "title": "Pertanyaan kedua yang cukup panjang"})
    assert response.status_code == 429
    assert escape(rate_limit_message("post", int(response["Retry-After"]))) in response.content.decode()
    assert "Pertanyaan kedua yang cukup panjang" in response.content.decode()


def test_voting_too_fast_gets_429(client, world, question, tight_limits):
    first = answer_question(world.citizen, question, "Jawaban satu.").post
    second = answer_question(world.officer, question, "Jawaban dua.").post
    client.force_login(UserFactory())
    first_vote = client.post(reverse("community:vote", args=["jawaban", first.pk]), {"value": "1"})
    assert first_vote.status_code == 302
    response = client.post(reverse("community:vote", args=["jawaban", second.pk]), {"value": "1"})
    assert response.status_code == 429
    assert escape(rate_limit_message("vote", int(response["Retry-After"]))) in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 60


def test_reporting_too_often_gets_429(client, world, question, tight_limits):
    other = ask_question(world.citizen, "Pertanyaan lain yang juga dilaporkan", "").post
    client.force_login(world.officer)
    assert client.post(reverse("community:flag", args=["pertanyaan", question.pk]),
                       {"reason": "spam"}).status_code == 302
    response = client.post(reverse("community:flag", args=["pertanyaan", other.pk]), {"reason": "spam"})
    assert response.status_code == 429
    assert escape(rate_limit_message("flag", int(response["Retry-After"]))) in response.content.decode()


def test_rate_limits_apply_per_ip_address_as_well(client, world, question, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "post": {"user": "100/h", "ip": "1/h"}}
    client.force_login(world.citizen)
    client.post(reverse("community:answer", args=[question.pk]), {"body": "Jawaban pertama."})
    client.force_login(UserFactory())  # a second account on the same address
    response = client.post(reverse("community:answer", args=[question.pk]), {"body": "Jawaban lain."})
    assert response.status_code == 429


@pytest.mark.parametrize("seconds, phrase", [
    (1, "1 second"), (59, "59 seconds"), (60, "1 minute"), (61, "2 minutes"), (7140, "119 minutes"),
    (7199, "2 hours"),
    (7200, "2 hours"), (86400, "24 hours"),
])
def test_waiting_times_are_said_in_round_units(seconds, phrase):
    from django.utils import translation

    from layanan.community.views.common import wait_phrase

    with translation.override("en"):
        assert wait_phrase(seconds) == phrase
