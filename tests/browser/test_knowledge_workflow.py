"""Community answer → official knowledge in a real browser: a knowledge manager promotes
an answer from the question page, edits the draft and submits it; a second manager
reviews the diff and approves; the public then reads the article and the question links
to it. axe checks the staff pages (review page included) on a phone.

English pages (/en/) are used where the test clicks by visible name, so the names do not
change when the Indonesian translations are updated.
"""

import pytest
from django.utils import translation

from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.tests.factories import AgencyFactory
from layanan.community.tests.factories import AnswerFactory, QuestionFactory
from layanan.knowledge.models import Article, ArticleRevision

from .journeys import blocking_violations, signed_in_page, submit
from .pages import BasePage

@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def path_of(obj) -> str:
    with translation.override("en"):
        return obj.get_absolute_url()


@pytest.fixture
def discussion(live_server):
    agency = AgencyFactory(name="Disdukcapil Kota Denpasar", short_name="Disdukcapil Denpasar",
                           slug="disdukcapil-denpasar")
    question = QuestionFactory(title="Bagaimana cara mengganti KTP elektronik yang rusak?", agency=agency,
                               author=UserFactory(display_name="Penanya Denpasar"))
    answer = AnswerFactory(question=question, author=UserFactory(display_name="Ketut Warga"),
                           body="Bawa KTP yang rusak dan Kartu Keluarga ke Disdukcapil.",
                           body_html="<p>Bawa KTP yang rusak dan Kartu Keluarga ke Disdukcapil.</p>")
    return {
        "question": question,
        "answer": answer,
        "manager_a": staff_of(agency, display_name="Pengelola Ayu"),
        "manager_b": staff_of(agency, display_name="Pengelola Bagus"),
    }


def test_promote_edit_submit_then_a_second_manager_reviews_and_publishes(new_context, live_server, discussion):
    question = discussion["question"]

    # Manager A promotes the community answer from the question page.
    page_a = signed_in_page(new_context, live_server, discussion["manager_a"])
    site_a = BasePage(page_a, live_server.url).open(path_of(question))
    promote = page_a.locator("#jadikan-pengetahuan")
    assert promote.get_by_label("The answer from Ketut Warga", exact=False).is_checked()
    submit(page_a, promote.get_by_role("button", name="Make official knowledge"))
    assert site_a.heading == "Edit article"
    body = page_a.get_by_role("textbox", name="Answer")
    assert body.input_value() == "Bawa KTP yang rusak dan Kartu Keluarga ke Disdukcapil."

    # …edits the draft into an official answer and submits it for review.
    body.fill("Bawa KTP yang rusak dan Kartu Keluarga asli ke Disdukcapil.\n\n## Biaya\nGratis.")
    page_a.get_by_role("textbox", name="Change note").fill("Jawaban komunitas dijadikan resmi, biaya ditambahkan")
    submit(page_a, page_a.get_by_role("button", name="Save and submit for review"))
    assert "Submitted for review" in page_a.locator(".messages").inner_text()
    article = Article.objects.get(source_question_id=question.pk)
    assert article.status == Article.Status.IN_REVIEW

    # A cannot approve their own revision: the review page says another editor must.
    revision = article.revisions.get()
    BasePage(page_a, live_server.url).open(f"/en/kelola/pengetahuan/revisi/{revision.pk}/")
    assert page_a.get_by_role("button", name="Approve and publish").count() == 0
    assert "another editor of the agency must review it" in page_a.content()

    # Nothing is public yet, and the question shows no badge.
    public = new_context().new_page()
    assert BasePage(public, live_server.url).open(path_of(article)).heading != article.title
    BasePage(public, live_server.url).open(path_of(question))
    assert public.locator(".official-knowledge").count() == 0

    # Manager B finds it in the review queue, reads the diff and approves.
    page_b = signed_in_page(new_context, live_server, discussion["manager_b"])
    site_b = BasePage(page_b, live_server.url).open("/en/kelola/pengetahuan/tinjauan/")
    submit(page_b, page_b.locator("table").get_by_role("link", name="Review"))
    assert site_b.heading.startswith("Revision 1")
    diff = page_b.locator(".diff-section")
    assert diff.filter(has_text="Biaya").locator("ins").first.inner_text().endswith("## Biaya")
    assert "Gratis." in page_b.locator(".diff").last.inner_text()
    assert site_b.horizontal_overflow() == 0
    assert not blocking_violations(page_b)
    submit(page_b, page_b.get_by_role("button", name="Approve and publish"))
    assert "Approved and published" in page_b.locator(".messages").inner_text()
    revision.refresh_from_db()
    assert revision.status == ArticleRevision.Status.APPROVED and revision.reviewer == discussion["manager_b"]

    # The public reads the official article, crediting the community author…
    reader = BasePage(public, live_server.url).open(path_of(article))
    assert reader.heading == "Bagaimana cara mengganti KTP elektronik yang rusak?"
    assert "Kartu Keluarga asli" in public.locator(".article-body").inner_text()
    assert "Ketut Warga" in public.locator(".community-credit").inner_text()
    # …and the question page links to it.
    BasePage(public, live_server.url).open(path_of(question))
    badge = public.locator(".official-knowledge")
    assert "Made official knowledge" in badge.inner_text()
    with public.expect_navigation():
        badge.get_by_role("link").click()
    assert reader.heading == article.title


@pytest.mark.parametrize("name", ["list", "edit", "queue", "review", "history", "version"])
def test_knowledge_staff_pages_have_no_serious_accessibility_violations(new_context, live_server, discussion, name):
    from layanan.knowledge.services import workflow

    manager_a, manager_b = discussion["manager_a"], discussion["manager_b"]
    agency = discussion["question"].agency
    article = workflow.create_draft_article(manager_a, agency, title="Berapa lama KTP jadi?",
                                            body_markdown="Satu hari kerja.\n\n## Syarat\n- KK")
    workflow.submit_for_review(manager_a, article.open_revision)
    workflow.approve_and_publish(manager_b, article.revisions.get())
    revision = workflow.save_draft(manager_a, article, title=article.title,
                                   body_markdown="Satu sampai tiga hari kerja.\n\n## Syarat\n- KK\n- Akta lahir",
                                   change_note="Waktu diperbarui")
    workflow.submit_for_review(manager_a, revision)
    paths = {
        "list": "/en/kelola/pengetahuan/",
        "edit": "/en/kelola/pengetahuan/baru/",
        "queue": "/en/kelola/pengetahuan/tinjauan/",
        "review": f"/en/kelola/pengetahuan/revisi/{revision.pk}/",
        "history": f"/en/pengetahuan/{article.slug}/riwayat/",
        "version": f"/en/pengetahuan/{article.slug}/riwayat/1/",
    }
    page = signed_in_page(new_context, live_server, manager_b)
    site = BasePage(page, live_server.url).open(paths[name])
    assert site.horizontal_overflow() == 0
    violations = blocking_violations(page)
    assert not violations, "\n".join(violations)
