"""The search page /cari/: results labelled by type, facets as links,
did-you-mean, pagination, the zero-result page and the empty state."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from layanan.search.presentation import FACET_HEADINGS, PAGE_SIZE, RESULT_TYPE_LABELS
from layanan.search.services.indexing import index_document

from .conftest import make_document
from .html import parse

URL = "/cari/"


def results_of(response):
    """[(title, type label, badges, agency, href)] of the result list, in order."""
    doc = parse(response.content)
    rows = []
    for item in doc.find_all("li", "result"):
        link = item.find("h3").find("a")
        badges = [b.text for b in item.find_all("span", "badge")]
        meta = item.find("p", "card-meta")
        rows.append((link.text, badges[0], badges[1:], meta.text if meta else "", link.get("href")))
    return rows


def query_of(href):
    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def facet_links(response, heading):
    """{label: (href, selected)} for one facet group of the page."""
    aside = parse(response.content).find("aside", "facets")
    if aside is None:
        return {}
    out, current = {}, None
    for el in aside.iter():
        if el.tag == "h3":
            current = el.text
        elif el.tag == "a" and current == heading:
            label = el.children[0].strip() if isinstance(el.children[0], str) else el.text
            out[label] = (el.get("href"), el.get("aria-current") == "true")
    return out


def test_results_are_labelled_by_type_with_official_badge_agency_and_highlighted_snippet(client, corpus):
    index_document(make_document(900, "Cara perpanjangan SIM lewat aplikasi", summary="Perpanjangan SIM online.",
                                 agency="polri", category="berkendara", official=False))
    response = client.get(URL, {"q": "perpanjangan sim"})
    assert response.status_code == 200
    rows = results_of(response)
    titles = [r[0] for r in rows]
    assert set(titles) == {"Perpanjangan SIM C", "Perpanjangan SIM A", "Cara perpanjangan SIM lewat aplikasi"}
    by_title = {r[0]: r for r in rows}
    service = by_title["Perpanjangan SIM C"]
    assert service[1] == str(RESULT_TYPE_LABELS["service"])
    assert service[2] == [gettext("Official")]
    assert service[3] == "Kepolisian Negara Republik Indonesia"
    article = by_title["Cara perpanjangan SIM lewat aplikasi"]
    assert article[1] == str(RESULT_TYPE_LABELS["article"])
    assert article[2] == []  # not official: no badge
    assert b"<mark>" in response.content


def test_question_results_are_labelled_as_community_questions(client, db):
    index_document(make_document(1, "Bagaimana cara legalisir ijazah?", doc_type="question"))
    rows = results_of(client.get(URL, {"q": "legalisir ijazah"}))
    assert rows[0][1] == str(RESULT_TYPE_LABELS["question"])


def test_page_title_and_heading_name_the_query(client, corpus):
    doc = parse(client.get(URL, {"q": "ktp hilang"}).content)
    assert "ktp hilang" in doc.find("title").text
    assert "ktp hilang" in doc.find("h1").text
    # one labelled search form, filled with the query; the header form is not repeated
    forms = doc.find_all("form", role="search")
    assert len(forms) == 1
    field = forms[0].find("input", name="q")
    assert field.get("value") == "ktp hilang"
    assert doc.find("label", **{"for": field.get("id")}) is not None
    assert doc.find("meta", name="robots").get("content") == "noindex"


def test_query_text_is_escaped_everywhere(client, corpus):
    response = client.get(URL, {"q": '<script>alert("x")</script> ktp'})
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_result_links_go_through_the_click_log_to_the_service(client, corpus):
    rows = results_of(client.get(URL, {"q": "skck"}))
    href = rows[0][4]
    assert href.startswith(reverse("search:click"))
    params = query_of(href)
    assert params["to"] == corpus["skck"].get_absolute_url()
    assert params["pos"] == "1" and params["type"] == "service" and params["id"] == str(corpus["skck"].pk)


def test_english_page_links_results_to_english_pages(client, corpus):
    path = corpus["skck"].get_absolute_url()  # Indonesian: no prefix
    rows = results_of(client.get("/en" + URL, {"q": "skck"}))
    assert query_of(rows[0][4])["to"] == "/en" + path
    assert rows[0][4].startswith("/en/cari/klik/")


def test_type_facet_links_filter_and_toggle_off(client, corpus):
    index_document(make_document(900, "Perpanjangan SIM keliling", agency="polri", category="berkendara"))
    response = client.get(URL, {"q": "perpanjangan sim"})
    types = facet_links(response, str(FACET_HEADINGS["type"]))
    service_label, article_label = str(RESULT_TYPE_LABELS["service"]), str(RESULT_TYPE_LABELS["article"])
    assert set(types) == {service_label, article_label}
    href, selected = types[article_label]
    assert not selected

    filtered = client.get(URL + href)
    rows = results_of(filtered)
    assert [r[0] for r in rows] == ["Perpanjangan SIM keliling"]
    types = facet_links(filtered, str(FACET_HEADINGS["type"]))
    href, selected = types[article_label]
    assert selected  # marked with aria-current, and choosing it again removes the filter
    assert "type" not in query_of(href)
    assert len(results_of(client.get(URL + href))) == 3


def test_agency_category_and_region_facets_filter_results(client, corpus, region_jepara):
    index_document(make_document(901, "Akta kelahiran di Jepara", region="33.20", doc_type="service",
                                 agency="disdukcapil-jepara", category="kependudukan"))
    index_document(make_document(902, "Akta kelahiran di Bali", region="51.71", doc_type="service",
                                 agency="disdukcapil-bali", category="kependudukan"))
    response = client.get(URL, {"q": "akta kelahiran"})
    assert len(results_of(response)) == 4  # the three, and the passport (birth certificate required)
    regions = facet_links(response, str(FACET_HEADINGS["region"]))
    assert len(regions) == 2  # national documents are counted but not a choice

    by_agency = client.get(URL, {"q": "akta kelahiran", "agency": "dukcapil"})
    assert [r[0] for r in results_of(by_agency)] == ["Akta kelahiran"]

    href, _ = next(v for k, v in regions.items() if "33.20" in v[0])
    by_region = client.get(URL + href)
    assert {r[0] for r in results_of(by_region)} == {"Akta kelahiran", "Akta kelahiran di Jepara", "Paspor baru"}

    by_category = client.get(URL, {"q": "surat", "category": "keamanan"})
    assert [r[0] for r in results_of(by_category)] == ["SKCK"]


def test_facet_links_keep_the_query_and_other_filters(client, corpus):
    response = client.get(URL, {"q": "ktp", "type": "service"})
    doc = parse(response.content)
    for link in doc.find("aside", "facets").find_all("a"):
        params = query_of(link.get("href"))
        assert params["q"] == "ktp"
        assert "halaman" not in params
    agency_links = [a for a in doc.find("aside", "facets").find_all("a") if "agency=" in a.get("href")]
    assert agency_links and all(query_of(a.get("href"))["type"] == "service" for a in agency_links)


def test_active_filters_can_be_removed_one_by_one(client, corpus):
    response = client.get(URL, {"q": "ktp", "type": "service", "agency": "dukcapil"})
    section = parse(response.content).find("section", "active-filters")
    removes = [query_of(a.get("href")) for a in section.find_all("a")]
    assert {"q": "ktp", "agency": "dukcapil"} in removes
    assert {"q": "ktp", "type": "service"} in removes
    assert {"q": "ktp"} in removes  # remove all


def test_unknown_type_filter_is_ignored(client, corpus):
    response = client.get(URL, {"q": "skck", "type": "nonsense"})
    assert [r[0] for r in results_of(response)] == ["SKCK"]


def test_did_you_mean_links_to_the_corrected_search(client, corpus):
    response = client.get(URL, {"q": "paspr baru", "type": "service"})
    para = parse(response.content).find("p", "did-you-mean")
    link = para.find("a")
    assert link.text == "paspor baru"
    assert query_of(link.get("href")) == {"q": "paspor baru", "type": "service"}


def test_no_did_you_mean_for_a_correct_query(client, corpus):
    assert parse(client.get(URL, {"q": "paspor"}).content).find("p", "did-you-mean") is None


def _ask_path():
    try:
        return reverse("community:ask")
    except NoReverseMatch:
        return "/tanya/baru/"


def test_zero_result_page_offers_to_ask_the_community_and_browse_topics(client, corpus):
    response = client.get(URL, {"q": "xyzzyq"})
    doc = parse(response.content)
    assert doc.find("ol", "results") is None
    section = doc.find("section", "zero-results")
    hrefs = [a.get("href") for a in section.find_all("a")]
    ask = [h for h in hrefs if h.startswith(_ask_path())]
    assert ask and query_of(ask[0]) == {"judul": "xyzzyq"}
    assert reverse("catalog:home") + "#categories-heading" in hrefs


def test_zero_results_because_of_filters_offers_to_search_without_them(client, corpus):
    response = client.get(URL, {"q": "ktp", "agency": "polri"})
    section = parse(response.content).find("section", "zero-results")
    assert {"q": "ktp"} in [query_of(a.get("href")) for a in section.find_all("a") if a.get("href").startswith("?")]


def test_empty_query_shows_examples_and_browse_links(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    doc = parse(response.content)
    examples = doc.find("ul", "search-examples").find_all("a")
    assert len(examples) >= 3
    assert all(query_of(a.get("href"))["q"] for a in examples)
    assert doc.find("section", "zero-results") is None
    assert doc.find("input", name="q").get("value") == ""


@pytest.fixture
def many(db):
    for i in range(1, 26):
        index_document(make_document(i, f"Legalisir ijazah cabang {i}", body="legalisir"))


def test_results_are_paginated_and_positions_continue_across_pages(client, many):
    first = results_of(client.get(URL, {"q": "legalisir"}))
    assert len(first) == PAGE_SIZE
    doc = parse(client.get(URL, {"q": "legalisir"}).content)
    nav = doc.find("nav", "pagination")
    next_link = nav.find("a", rel="next")
    assert query_of(next_link.get("href")) == {"q": "legalisir", "halaman": "2"}

    third = client.get(URL, {"q": "legalisir", "halaman": 3})
    rows = results_of(third)
    assert len(rows) == 25 - 2 * PAGE_SIZE
    assert query_of(rows[0][4])["pos"] == str(2 * PAGE_SIZE + 1)
    assert parse(third.content).find("ol", "results").get("start") == str(2 * PAGE_SIZE + 1)
    all_titles = {r[0] for page in (1, 2, 3) for r in results_of(client.get(URL, {"q": "legalisir", "halaman": page}))}
    assert len(all_titles) == 25


def test_a_page_past_the_end_shows_the_last_page(client, many):
    rows = results_of(client.get(URL, {"q": "legalisir", "halaman": 99}))
    assert len(rows) == 25 - 2 * PAGE_SIZE
    rows = results_of(client.get(URL, {"q": "legalisir", "halaman": "abc"}))
    assert len(rows) == PAGE_SIZE


def test_pagination_keeps_filters(client, many):
    doc = parse(client.get(URL, {"q": "legalisir", "type": "article"}).content)
    href = doc.find("nav", "pagination").find("a", rel="next").get("href")
    assert query_of(href) == {"q": "legalisir", "type": "article", "halaman": "2"}
