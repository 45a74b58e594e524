"""Community Q&A in a real browser: ask with suggestions as you type, post, a citizen answers,
the asker accepts, the agency answers officially (pinned first with its badge); the same
ask flow without JavaScript; and axe on the list, question and ask pages.

English pages (/en/) are used where the test clicks by visible name, so the names do not
change when the Indonesian translations are updated.
"""

import re

import pytest

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.community.models import DeflectionEvent, Question
from layanan.community.services.posting import answer_question, ask_question

from .conftest import PHONE
from .journeys import blocking_violations, signed_in_page, submit
from .pages import BasePage

@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_ask_suggest_post_answer_accept_and_official_answer(new_context, live_server, catalog):
    asker = UserFactory(display_name="Siti Penanya")
    helper = UserFactory(display_name="Budi Penolong")
    officer = staff_of(catalog.prerequisite.agency, role=Role.OFFICER, display_name="Petugas Dukcapil")

    # The asker types a title: what already answers it appears while typing.
    page = signed_in_page(new_context, live_server, asker)
    site = BasePage(page, live_server.url).open("/en/tanya/baru/")
    assert site.heading == "Ask a question"
    page.locator("#id_judul").press_sequentially("Cara membuat KTP elektronik", delay=20)
    suggestion = page.locator("[data-suggest-results] .suggestion", has_text="Pembuatan KTP Elektronik").first
    suggestion.wait_for()
    assert suggestion.get_by_role("button", name=re.compile("This answers my question")).is_visible()

    # It does not answer everything, so they go on and post the full question.
    submit(page, page.locator("[data-title-form] button[type=submit]"))
    assert page.locator("#id_title").input_value() == "Cara membuat KTP elektronik"
    page.locator("#id_title").fill("Cara membuat KTP elektronik kalau belum punya KK sendiri?")
    page.locator("#id_body").fill("Saya masih ikut KK orang tua. Nomor HP saya 0812-3456-7890.")
    page.locator("#id_service").select_option("ktp-elektronik")
    page.locator("#id_tags").fill("ktp, kk")
    submit(page, page.get_by_role("button", name="Post your question"))
    question = Question.objects.get()
    assert page.url == live_server.url + "/en" + question.get_absolute_url()
    messages = page.locator(".messages").inner_text()
    assert "Your question is published" in messages and "1 phone number" in messages
    assert "0812-3456-7890" in page.locator(".private-original").inner_text()  # the author sees the original
    assert site.horizontal_overflow() == 0

    # Another citizen answers.
    other = signed_in_page(new_context, live_server, helper)
    BasePage(other, live_server.url).open("/en" + question.get_absolute_url())
    assert "0812-3456-7890" not in other.content()  # the public sees the masked text
    other.locator("#id_body").fill("Bawa KK orang tua dan akta kelahiran ke Disdukcapil.")
    submit(other, other.get_by_role("button", name="Post your answer"))
    assert "Thank you, your answer is published" in other.locator(".messages").inner_text()

    # The asker accepts it.
    page.reload()
    submit(page, page.get_by_role("button", name="Accept this answer"))
    accepted = page.locator("article.answer-accepted")
    assert "Budi Penolong" in accepted.inner_text()
    assert "Accepted by the asker" in accepted.inner_text()

    # Agency staff answer officially: pinned first, with the agency's badge.
    staff = signed_in_page(new_context, live_server, officer)
    BasePage(staff, live_server.url).open("/en" + question.get_absolute_url())
    official_box = staff.get_by_label(re.compile("Answer officially for"))
    official_box.check()
    staff.locator("#id_body").fill("Pembuatan KTP-el bisa dengan KK orang tua. Tidak dipungut biaya.")
    submit(staff, staff.get_by_role("button", name="Post your answer"))
    answers = staff.locator("article.post[id^=jawaban-]")
    assert answers.count() == 2
    first = answers.first
    assert "answer-official" in first.get_attribute("class")
    assert "Official answer" in first.locator(".badge-official").inner_text()
    assert catalog.prerequisite.agency.name in first.inner_text()
    assert "Budi Penolong" in answers.nth(1).inner_text()
    assert BasePage(staff, live_server.url).horizontal_overflow() == 0

    # The asker is told in the header (the first answer was read when they accepted it).
    page.goto(live_server.url + "/en/tanya/")
    assert page.locator(".main-nav .nav-count").inner_text().startswith("1")


def test_ask_flow_without_javascript_shows_suggestions_and_counts_the_deflection(new_context, live_server, catalog):
    page = new_context(java_script_enabled=False).new_page()
    site = BasePage(page, live_server.url).open("/en/tanya/baru/")
    page.locator("#id_judul").fill("Syarat pembuatan SIM A")
    submit(page, page.locator("[data-title-form] button[type=submit]"))

    suggestion = page.locator(".suggestion", has_text="Pembuatan SIM A")
    assert suggestion.count() >= 1
    assert page.get_by_role("button", name="Continue asking").is_visible()
    submit(page, suggestion.first.get_by_role("button", name=re.compile("This answers my question")))

    assert page.url == live_server.url + "/en" + catalog.service.get_absolute_url()
    assert site.heading == "Pembuatan SIM A"
    event = DeflectionEvent.objects.get()
    assert (event.query, event.result_type, event.result_id) == ("Syarat pembuatan SIM A", "service",
                                                                 catalog.service.pk)


def test_anonymous_visitor_continuing_without_javascript_is_asked_to_log_in(new_context, live_server, catalog):
    page = new_context(java_script_enabled=False).new_page()
    BasePage(page, live_server.url).open("/en/tanya/baru/?judul=Berapa+biaya+perpanjangan+STNK")
    submit(page, page.get_by_role("button", name="Continue asking"))
    assert "/akun/masuk/" in page.url and "langkah" in page.url


@pytest.fixture
def discussion(catalog):
    asker = UserFactory(display_name="Penanya Uji")
    officer = staff_of(catalog.prerequisite.agency, role=Role.OFFICER)
    question = ask_question(asker, "Apakah KTP elektronik bisa dibuat di luar domisili?",
                            "Saya bekerja di kota lain.", services=[catalog.prerequisite], tags=["ktp"]).post
    answer_question(UserFactory(display_name="Warga Membantu"), question, "Bisa, di Disdukcapil mana saja.")
    answer_question(officer, question, "Bisa, **perekaman** dapat dilakukan di luar domisili.", official=True)
    return {"question": question, "asker": asker}


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("page_name", ["list", "question", "ask", "suggestions"])
def test_community_pages_have_no_serious_accessibility_violations(
    new_context, live_server, discussion, page_name, language
):
    # Signed in as the asker, so the page shows every control: votes, accept, answer form, follow.
    page = signed_in_page(new_context, live_server, discussion["asker"])
    paths = {
        "list": "/tanya/",
        "question": discussion["question"].get_absolute_url(),
        "ask": "/tanya/baru/",
        "suggestions": "/tanya/baru/?judul=KTP+elektronik+di+luar+domisili",
    }
    site = BasePage(page, live_server.url).open(language + paths[page_name])
    assert not blocking_violations(page)
    assert page.viewport_size == PHONE and site.horizontal_overflow() == 0
