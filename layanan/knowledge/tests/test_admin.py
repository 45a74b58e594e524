"""Staff of one agency manage only their agency's articles in the staff admin,
where the text and status are read-only (they change through the review workflow)."""

import pytest
from django.urls import reverse

from layanan.accounts import policies
from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import AgencyFactory
from layanan.knowledge.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def form_data(article=None, **overrides):
    data = {
        "kind": "faq",
        "title": article.title if article else "Pertanyaan baru?",
        "slug": article.slug if article else "pertanyaan-baru",
        "body_markdown": article.body_markdown if article else "Jawaban.",
        "agency": article.agency_id if article else "",
        "status": article.status if article else "draft",
        "category_label": "",
        "keywords": "",
        "source_url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def two_agencies():
    own, other = AgencyFactory(), AgencyFactory()
    return own, other, ArticleFactory(agency=own, title="Milik sendiri?"), ArticleFactory(agency=other, title="Milik lain?")


def test_staff_list_shows_only_own_agency_articles(client, two_agencies):
    own, other, mine, theirs = two_agencies
    client.force_login(staff_of(own))
    response = client.get(reverse("admin:knowledge_article_changelist"))
    assert response.status_code == 200
    assert "Milik sendiri?" in response.text
    assert "Milik lain?" not in response.text


def test_staff_cannot_open_or_edit_another_agencys_article(client, two_agencies):
    own, other, mine, theirs = two_agencies
    client.force_login(staff_of(own))
    url = reverse("admin:knowledge_article_change", args=[theirs.pk])
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, form_data(theirs, body_markdown="Diubah tanpa hak"))
    theirs.refresh_from_db()
    assert theirs.body_markdown != "Diubah tanpa hak"


def test_admin_saves_links_and_keywords_but_never_the_text_or_status(client, two_agencies):
    own, other, mine, theirs = two_agencies
    editor = staff_of(own)
    client.force_login(editor)
    url = reverse("admin:knowledge_article_change", args=[mine.pk])
    response = client.post(url, form_data(mine, keywords="ktp, e-ktp", body_markdown="Diubah tanpa tinjauan",
                                          title="Judul lain?", status="archived"))
    assert response.status_code == 302, response.content
    mine.refresh_from_db()
    assert mine.keywords == "ktp, e-ktp"
    assert mine.body_markdown == "Datang ke kantor dengan membawa **KTP asli**."
    assert mine.title == "Milik sendiri?" and mine.status == Article.Status.PUBLISHED
    entry = AuditEntry.objects.for_target(mine).get()
    assert entry.actor == editor and entry.action == "article.edit" and entry.agency_id == own.pk
    assert entry.data["fields"] == ["keywords"]


def test_new_articles_are_written_in_the_workflow_pages_not_the_admin(client, two_agencies):
    own, *_ = two_agencies
    client.force_login(staff_of(own))
    assert client.get(reverse("admin:knowledge_article_add")).status_code == 403
    changelist = client.get(reverse("admin:knowledge_article_changelist")).text
    assert reverse("knowledge_staff:list") in changelist


def test_staff_cannot_move_an_article_to_another_agency(client, two_agencies):
    own, other, mine, _ = two_agencies
    client.force_login(staff_of(own))
    client.post(reverse("admin:knowledge_article_change", args=[mine.pk]), form_data(mine, agency=other.pk))
    mine.refresh_from_db()
    assert mine.agency == own


def test_officers_and_citizens_cannot_edit_articles(client, two_agencies):
    own, other, mine, _ = two_agencies
    officer = staff_of(own, role=Role.OFFICER)
    assert not policies.can_edit_article(officer, mine)
    client.force_login(officer)
    client.post(reverse("admin:knowledge_article_change", args=[mine.pk]), form_data(mine, body_markdown="Petugas"))
    mine.refresh_from_db()
    assert mine.body_markdown != "Petugas"
    citizen = UserFactory()
    assert not policies.can_edit_article(citizen, mine)
    client.force_login(citizen)
    assert client.get(reverse("admin:knowledge_article_changelist")).status_code == 302


def test_site_admin_sees_every_agencys_articles(client, two_agencies):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:knowledge_article_changelist"))
    assert "Milik sendiri?" in response.text and "Milik lain?" in response.text


def test_publishing_sets_the_first_publication_time_once(two_agencies):
    from layanan.knowledge.services import workflow

    own, *_ = two_agencies
    author, reviewer = staff_of(own), staff_of(own)
    article = workflow.create_draft_article(author, own, title="Kapan kantor buka?", body_markdown="Pukul 8.")
    assert article.published_at is None
    workflow.submit_for_review(author, article.open_revision)
    workflow.approve_and_publish(reviewer, article.revisions.get())
    article.refresh_from_db()
    first = article.published_at
    assert first is not None
    workflow.archive(reviewer, article)
    revision = workflow.save_draft(author, article, title="Kapan kantor buka?", body_markdown="Pukul 8 pagi.",
                                   change_note="Jam diperjelas")
    workflow.submit_for_review(author, revision)
    workflow.approve_and_publish(reviewer, revision)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at == first
    assert list(AuditEntry.objects.for_target(article).values_list("action", flat=True).order_by("id")) == [
        "article.create", "article.submit", "article.approve", "article.publish", "article.archive",
        "article.draft_start", "article.submit", "article.approve", "article.publish"]
