"""The workflow pages under /kelola/pengetahuan/: plain forms over real HTTP, scoped by agency."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from layanan.audit.models import AuditEntry
from layanan.knowledge.models import Article, ArticleRevision
from layanan.knowledge.services import workflow

from .factories import ArticleFactory, published_article

pytestmark = pytest.mark.django_db

R = ArticleRevision.Status
EN = "/en"


def url(name, *args):
    """The Indonesian (unprefixed) path, whatever language the last request activated."""
    with translation.override("id"):
        return reverse(f"knowledge_staff:{name}", args=args)


def in_review(team, body="Bawa KK asli dan akta kelahiran."):
    article = published_article(team.author, team.reviewer, team.agency, body_markdown="Bawa KK.")
    revision = workflow.save_draft(team.author, article, title=article.title, body_markdown=body,
                                   change_note="Akta kelahiran ditambahkan")
    workflow.submit_for_review(team.author, revision)
    return article, revision


def test_the_pages_live_under_kelola_pengetahuan_before_the_admin_in_both_languages(client, team):
    assert url("list") == "/kelola/pengetahuan/"
    assert url("review-queue") == "/kelola/pengetahuan/tinjauan/"
    _article, revision = in_review(team)
    client.force_login(team.reviewer)
    for prefix in ("", EN):
        for path in (url("list"), url("review-queue"), url("create"), url("revision", revision.pk)):
            response = client.get(prefix + path)
            assert response.status_code == 200, path
            assert response.templates[0].name.startswith("knowledge/staff/")


def test_anonymous_visitors_are_sent_to_log_in_and_people_without_an_editor_role_are_refused(client, team):
    response = client.get(url("list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    for user in (team.citizen, team.officer):
        client.force_login(user)
        assert client.get(url("list")).status_code == 403
        assert client.get(url("review-queue")).status_code == 403


def test_the_list_shows_the_agencys_articles_by_state(client, team):
    published = published_article(team.author, team.reviewer, team.agency, title="Sudah terbit?")
    workflow.create_draft_article(team.author, team.agency, title="Masih draf?", body_markdown="Isi.")
    ArticleFactory(agency=team.other_agency, title="Milik Imigrasi?")
    client.force_login(team.reviewer)

    page = client.get(EN + url("list")).text
    assert "Sudah terbit?" in page and "Masih draf?" in page and "Milik Imigrasi?" not in page
    drafts = client.get(EN + url("list"), {"status": "draf"}).text
    assert "Masih draf?" in drafts and "Sudah terbit?" not in drafts
    assert "Sudah terbit?" in client.get(EN + url("list"), {"status": "terbit"}).text
    assert "Drafts (1)" in page and "Published (1)" in page
    assert url("article", published.pk) in page


def test_another_agencys_article_and_revisions_do_not_exist_for_staff(client, team):
    article, revision = in_review(team)
    client.force_login(team.outsider)
    for path in (url("article", article.pk), url("edit", article.pk), url("revision", revision.pk)):
        assert client.get(path).status_code == 404
    assert client.post(url("approve", revision.pk)).status_code == 404
    assert client.post(url("reject", revision.pk), {"comment": "Tidak"}).status_code == 404
    assert client.post(url("archive", article.pk)).status_code == 404
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.IN_REVIEW


def test_a_new_article_is_written_as_a_draft_for_one_of_the_editors_agencies(client, team):
    client.force_login(team.author)
    form = client.get(EN + url("create")).text
    assert team.agency.name in form and team.other_agency.name not in form
    data = {"agency": team.agency.pk, "kind": "faq", "title": "Berapa biaya KTP?", "body_markdown": "Gratis.",
            "change_note": "Versi pertama", "significance": "major"}

    refused = client.post(url("create"), {**data, "agency": team.other_agency.pk})
    assert refused.status_code == 200 and not Article.objects.filter(title="Berapa biaya KTP?").exists()

    response = client.post(url("create"), {**data, "action": "save"})
    article = Article.objects.get(title="Berapa biaya KTP?")
    assert response.status_code == 302 and response["Location"] == url("article", article.pk)
    assert article.agency == team.agency and article.status == Article.Status.DRAFT
    assert article.revisions.get().status == R.DRAFT
    assert AuditEntry.objects.for_target(article).get().action == "article.create"


def test_a_form_with_errors_says_what_is_wrong(client, team):
    client.force_login(team.author)
    response = client.post(EN + url("create"), {"agency": team.agency.pk, "kind": "faq", "title": "",
                                                "body_markdown": "", "change_note": "", "significance": "minor"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text and 'href="#id_title"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_editing_a_published_article_saves_a_draft_and_can_submit_it(client, team):
    article = published_article(team.author, team.reviewer, team.agency, body_markdown="Lama.")
    client.force_login(team.author)
    form = client.get(url("edit", article.pk))
    assert form.status_code == 200 and "Lama." in form.text
    data = {"title": article.title, "body_markdown": "Baru.", "change_note": "Diperbarui", "significance": "minor"}

    client.post(url("edit", article.pk), {**data, "action": "save"})
    revision = article.revisions.get(number=2)
    assert revision.status == R.DRAFT
    article.refresh_from_db()
    assert article.body_markdown == "Lama." and article.is_published

    client.post(url("edit", article.pk), {**data, "body_markdown": "Baru sekali.", "action": "submit"})
    revision.refresh_from_db()
    assert revision.status == R.IN_REVIEW and revision.body_markdown == "Baru sekali."
    # While in review the text cannot be edited: the edit page sends back to the article.
    assert client.get(url("edit", article.pk))["Location"] == url("article", article.pk)
    client.post(url("withdraw", article.pk))
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.DRAFT
    client.post(url("submit", article.pk))
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.IN_REVIEW


def test_the_review_queue_lists_revisions_and_tells_authors_they_cannot_review_their_own(client, team):
    _article, revision = in_review(team)
    client.force_login(team.author)
    mine = client.get(EN + url("review-queue")).text
    assert "Akta kelahiran ditambahkan" in mine and "You wrote this: another editor must review it." in mine
    page = client.get(EN + url("revision", revision.pk)).text
    assert "Approve and publish" not in page and "another editor of the agency must review it" in page

    client.force_login(team.reviewer)
    theirs = client.get(EN + url("review-queue")).text
    assert revision.get_absolute_url() in theirs and "You wrote this" not in theirs
    client.force_login(team.outsider)
    assert "Akta kelahiran ditambahkan" not in client.get(EN + url("review-queue")).text


def test_the_review_page_shows_what_changed_against_the_published_version(client, team):
    _article, revision = in_review(team, body="Bawa KK asli.\n\n## Biaya\n<b>Gratis</b>")
    client.force_login(team.reviewer)
    page = client.get(EN + url("revision", revision.pk)).text
    assert "Changes compared with the published version" in page
    assert '<li class="diff-change">' in page
    assert "<ins><span class=\"visually-hidden\">[added: </span> asli" in page
    assert "&lt;b&gt;Gratis&lt;/b&gt;" in page  # diff lines are text, never markup
    assert "<h3 id=\"diff-2\">Biaya</h3>" in page
    assert "Approve and publish" in page and "Reject and send back" in page
    # Compare with any other revision.
    first = client.get(EN + url("revision", revision.pk), {"dari": 1}).text
    assert "Changes from revision 1 to revision 2" in first


def test_approving_from_the_review_page_publishes_and_the_public_sees_it(client, team):
    article, revision = in_review(team)
    client.force_login(team.reviewer)
    response = client.post(url("approve", revision.pk), {"publish_at": ""})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == R.APPROVED and revision.reviewer == team.reviewer
    client.logout()
    assert "Bawa KK asli dan akta kelahiran." in client.get(article.get_absolute_url()).text


def test_the_author_posting_an_approval_is_refused(client, team):
    _article, revision = in_review(team)
    client.force_login(team.author)
    assert client.post(url("approve", revision.pk), {"publish_at": ""}).status_code == 403
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.IN_REVIEW


def test_approval_can_schedule_publication_but_not_in_the_past(client, team):
    article, revision = in_review(team)
    client.force_login(team.reviewer)
    past = timezone.localtime() - timedelta(days=1)
    response = client.post(EN + url("approve", revision.pk), {"publish_at": past.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 400 and "Choose a time in the future" in response.text
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.IN_REVIEW

    future = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    client.post(url("approve", revision.pk), {"publish_at": future.strftime("%Y-%m-%dT%H:%M")})
    revision.refresh_from_db()
    assert revision.is_scheduled and revision.publish_at == future
    assert Article.objects.get(pk=article.pk).body_markdown == "Bawa KK."
    assert "Scheduled (1)" in client.get(EN + url("list")).text


def test_rejecting_needs_a_comment_which_the_author_then_sees(client, team):
    article, revision = in_review(team)
    client.force_login(team.reviewer)
    response = client.post(EN + url("reject", revision.pk), {"comment": ""})
    assert response.status_code == 400 and "This field is required." in response.text
    client.post(url("reject", revision.pk), {"comment": "Tambahkan biaya."})
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.REJECTED

    client.force_login(team.author)
    form = client.get(EN + url("edit", article.pk)).text
    assert "Revision 2 was sent back" in form and "Tambahkan biaya." in form
    assert "Bawa KK asli dan akta kelahiran." in form


def test_archive_and_verify_buttons(client, team):
    article = published_article(team.author, team.reviewer, team.agency)
    client.force_login(team.admin)
    client.post(url("verify", article.pk))
    article.refresh_from_db()
    assert article.verified_by == team.admin
    client.post(url("archive", article.pk))
    assert Article.objects.get(pk=article.pk).status == Article.Status.ARCHIVED
    # Archiving again is not possible; the page says so instead of failing.
    response = client.post(EN + url("archive", article.pk), follow=True)
    assert "Only a published article can be archived." in response.text


def test_the_staff_article_page_and_the_admin_link_to_each_other(client, team):
    article = published_article(team.author, team.reviewer, team.agency)
    client.force_login(team.author)
    page = client.get(EN + url("article", article.pk)).text
    assert reverse("admin:knowledge_article_change", args=[article.pk]) in page
    assert "(live)" in page and article.get_absolute_url() in page
    admin = client.get(reverse("admin:knowledge_article_change", args=[article.pk]))
    assert admin.status_code == 200 and url("article", article.pk) in admin.text


def test_the_pages_work_without_javascript(client, team):
    """Every action is a plain form post: no page needs a script to act."""
    _article, revision = in_review(team)
    client.force_login(team.reviewer)
    page = client.get(url("revision", revision.pk)).text
    assert f'action="{url("approve", revision.pk)}"' in page and 'method="post"' in page
    assert 'type="datetime-local"' in page
