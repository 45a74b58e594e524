"""Public knowledge pages: published answers only, drafts for their editors."""

import pytest
from django.test import override_settings
from django.urls import reverse

from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.models import Service
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory
from layanan.knowledge.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_article_page_shows_question_answer_agency_service_and_verification(client):
    service = ServiceFactory(name="Penerbitan Paspor Baru")
    article = ArticleFactory(
        title="Bagaimana cara membuat paspor?",
        body_markdown="Daftar lewat **M-Paspor**.<script>alert(1)</script>",
        agency=service.agency, service=service, source_url="https://contoh.go.id/faq",
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert "<h1>Bagaimana cara membuat paspor?</h1>" in html
    assert "<strong>M-Paspor</strong>" in html
    assert "alert(1)" not in html
    assert service.agency.name in html
    assert service.get_absolute_url() in html
    assert "Terakhir diverifikasi" in html or "Last verified" in html
    assert '"@type": "FAQPage"' in html
    assert article.get_absolute_url() == f"/pengetahuan/{article.slug}/"


def test_english_page_lives_under_en(client):
    article = ArticleFactory()
    response = client.get(f"/en/pengetahuan/{article.slug}/")
    assert response.status_code == 200
    assert "Last verified" in response.text


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED])
def test_unpublished_article_is_not_found_for_the_public(client, status):
    article = ArticleFactory(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unknown_slug_is_not_found(client):
    assert client.get(reverse("knowledge:article", args=["tidak-ada"])).status_code == 404


def test_editor_of_the_agency_previews_a_draft_but_other_staff_do_not(client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(staff_of(AgencyFactory()))
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(staff_of(article.agency))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Draf" in response.text or "Draft" in response.text


def test_unverified_article_says_so(client):
    article = ArticleFactory(verified_at=None)
    response = client.get(article.get_absolute_url())
    assert "freshness-unverified" in response.text


def test_link_to_an_unpublished_service_is_hidden_from_the_public(client):
    service = ServiceFactory(status=Service.Status.DRAFT)
    article = ArticleFactory(service=service, agency=service.agency)
    assert service.get_absolute_url() not in client.get(article.get_absolute_url()).text


def test_list_shows_published_articles_only(client):
    published = ArticleFactory(title="Apa itu JHT?")
    ArticleFactory(title="Draf rahasia", status=Article.Status.DRAFT)
    response = client.get(reverse("knowledge:article-list"))
    assert response.status_code == 200
    assert published.get_absolute_url() in response.text
    assert "Draf rahasia" not in response.text


def test_list_has_an_empty_state(client):
    response = client.get(reverse("knowledge:article-list"))
    assert response.status_code == 200
    assert 'class="empty"' in response.text


@override_settings(LAYANAN_PAGE_SIZE=2)
def test_list_is_paginated(client):
    for i in range(5):
        ArticleFactory(title=f"Pertanyaan {i}")
    first = client.get(reverse("knowledge:article-list"))
    assert first.text.count('class="card"') == 2
    assert 'rel="next"' in first.text
    last = client.get(reverse("knowledge:article-list"), {"halaman": 3})
    assert last.text.count('class="card"') == 1


def test_list_can_be_limited_to_one_agency(client):
    a = ArticleFactory(title="Dari instansi A")
    ArticleFactory(title="Dari instansi B")
    response = client.get(reverse("knowledge:article-list"), {"instansi": a.agency.slug})
    assert "Dari instansi A" in response.text and "Dari instansi B" not in response.text
    assert client.get(reverse("knowledge:article-list"), {"instansi": "tidak-ada"}).status_code == 404
