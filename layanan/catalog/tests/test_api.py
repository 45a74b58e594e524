"""The public catalog API under /api/v1/: shapes, filters, pagination, errors, schema and docs."""

import re
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate

from layanan.catalog.models import Agency, Region, Service, ServiceChannel
from layanan.catalog.tests.factories import (
    AgencyFactory,
    CategoryFactory,
    FeeFactory,
    RegionFactory,
    RequirementFactory,
    ServiceFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
CATALOG_PATHS = ("/api/v1/services", "/api/v1/services/{slug}", "/api/v1/agencies", "/api/v1/agencies/{slug}")


@pytest.fixture
def bali():
    province = RegionFactory(code="51", name="Bali", level=Region.Level.PROVINCE)
    city = RegionFactory(code="51.71", name="Kota Denpasar", level=Region.Level.CITY, parent=province)
    return province, city


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


# --- GET /services -----------------------------------------------------------------


def test_service_list_is_paginated_with_absolute_next_and_previous_links(client):
    for i in range(5):
        ServiceFactory(name=f"Layanan {i}", slug=f"layanan-{i}")

    first = client.get("/api/v1/services", {"page_size": 2})
    assert first.status_code == 200
    body = first.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 5
    assert slugs(first) == ["layanan-0", "layanan-1"]
    assert body["previous"] is None
    assert body["next"] == f"{BASE}/api/v1/services?page=2&page_size=2"

    second = client.get(body["next"])
    assert slugs(second) == ["layanan-2", "layanan-3"]
    assert second.json()["previous"] == f"{BASE}/api/v1/services?page=1&page_size=2"

    last = client.get(second.json()["next"])
    assert slugs(last) == ["layanan-4"]
    assert last.json()["next"] is None


def test_pagination_links_keep_the_filters(client):
    category = CategoryFactory(slug="berkendara")
    for i in range(3):
        ServiceFactory(category=category, slug=f"sim-{i}")

    body = client.get("/api/v1/services", {"category": "berkendara", "page_size": 1}).json()

    assert body["next"] == f"{BASE}/api/v1/services?category=berkendara&page=2&page_size=1"


def test_default_page_size_is_the_site_page_size(client, settings):
    ServiceFactory.create_batch(settings.LAYANAN_PAGE_SIZE + 1)

    body = client.get("/api/v1/services").json()

    assert len(body["results"]) == settings.LAYANAN_PAGE_SIZE
    assert body["next"] is not None


def test_service_list_item_has_category_agency_region_freshness_and_public_url(client, bali):
    _, denpasar = bali
    verified = timezone.now() - timedelta(days=10)
    ServiceFactory(
        slug="ktp-denpasar", name="KTP-el di Denpasar", summary="Ringkas.", region=denpasar,
        category=CategoryFactory(slug="kependudukan", name="Kependudukan", name_en="Civil registration"),
        agency=AgencyFactory(slug="disdukcapil-denpasar", name="Disdukcapil Kota Denpasar"),
        verified_at=verified,
    )

    (item,) = client.get("/api/v1/services").json()["results"]

    assert item["slug"] == "ktp-denpasar"
    assert item["name"] == "KTP-el di Denpasar"
    assert item["summary"] == "Ringkas."
    assert item["category"] == {
        "slug": "kependudukan", "name": "Kependudukan", "name_en": "Civil registration"
    }
    assert item["agency"] == {"slug": "disdukcapil-denpasar", "name": "Disdukcapil Kota Denpasar"}
    assert item["region"] == {"code": "51.71", "name": "Kota Denpasar", "level": "kota"}
    assert item["freshness"] == "fresh"
    assert item["verified_at"].startswith(verified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))
    assert item["review_due_at"] is not None
    assert item["url"] == f"{BASE}/layanan/ktp-denpasar/"


def test_freshness_reports_overdue_and_unverified_services(client):
    ServiceFactory(slug="lama", verified_at=timezone.now() - timedelta(days=400), review_interval_days=180)
    ServiceFactory(slug="belum", verified_at=None)

    items = {i["slug"]: i for i in client.get("/api/v1/services").json()["results"]}

    assert items["lama"]["freshness"] == "overdue"
    assert items["belum"]["freshness"] == "unverified"
    assert items["belum"]["verified_at"] is None and items["belum"]["review_due_at"] is None


def test_public_url_is_the_default_language_page_whatever_the_client_language(client):
    ServiceFactory(slug="paspor")

    response = client.get("/api/v1/services", headers={"accept-language": "en"})

    assert response.json()["results"][0]["url"] == f"{BASE}/layanan/paspor/"


def test_only_published_services_are_listed(client):
    ServiceFactory(slug="terbit")
    ServiceFactory(slug="draf", status=Service.Status.DRAFT)
    ServiceFactory(slug="arsip", status=Service.Status.ARCHIVED)

    response = client.get("/api/v1/services")

    assert slugs(response) == ["terbit"]
    assert response.json()["count"] == 1


def test_filter_by_category_and_agency(client):
    driving = CategoryFactory(slug="berkendara")
    police = AgencyFactory(slug="korlantas")
    ServiceFactory(slug="sim-a", category=driving, agency=police)
    ServiceFactory(slug="stnk", category=driving)
    ServiceFactory(slug="skck", agency=police)

    assert slugs(client.get("/api/v1/services", {"category": "berkendara"})) == ["sim-a", "stnk"]
    assert slugs(client.get("/api/v1/services", {"agency": "korlantas"})) == ["sim-a", "skck"]
    both = client.get("/api/v1/services", {"category": "berkendara", "agency": "korlantas"})
    assert slugs(both) == ["sim-a"]


def test_region_filter_includes_national_services_and_those_of_the_region_and_its_parents(client, bali):
    province, city = bali
    java = RegionFactory(code="35", name="Jawa Timur", level=Region.Level.PROVINCE)
    badung = RegionFactory(code="51.03", name="Kabupaten Badung", level=Region.Level.REGENCY, parent=province)
    ServiceFactory(name="A nasional", slug="nasional")
    ServiceFactory(name="B provinsi Bali", slug="bali", region=province)
    ServiceFactory(name="C kota Denpasar", slug="denpasar", region=city)
    ServiceFactory(name="D kabupaten Badung", slug="badung", region=badung)
    ServiceFactory(name="E Jawa Timur", slug="jatim", region=java)

    assert slugs(client.get("/api/v1/services", {"region": "51.71"})) == ["nasional", "bali", "denpasar"]
    assert slugs(client.get("/api/v1/services", {"region": "51"})) == ["nasional", "bali"]
    assert len(slugs(client.get("/api/v1/services"))) == 5


@pytest.mark.parametrize("param", ["category", "agency", "region"])
def test_unknown_filter_value_is_a_422_naming_the_parameter(client, param):
    response = client.get("/api/v1/services", {param: "tidak-ada"})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", param]
    assert error["msg"]


@pytest.mark.parametrize(
    "query, field",
    [({"page": "0"}, "page"), ({"page": "satu"}, "page"), ({"page_size": "101"}, "page_size"),
     ({"page_size": "0"}, "page_size")],
)
def test_bad_pagination_parameters_are_a_422(client, query, field):
    response = client.get("/api/v1/services", query)

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", field]]


def test_page_size_of_100_is_allowed(client):
    ServiceFactory()

    assert client.get("/api/v1/services", {"page_size": 100}).status_code == 200


def test_page_past_the_end_is_a_json_404(client):
    ServiceFactory()

    response = client.get("/api/v1/services", {"page": 2})

    assert response.status_code == 404
    assert response.json()["detail"]


def test_first_page_of_an_empty_list_is_empty_not_404(client):
    response = client.get("/api/v1/services")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("extra", [0, 30])
def test_service_list_query_count_does_not_grow_with_the_number_of_services(
    client, django_assert_max_num_queries, extra, bali
):
    for i in range(3 + extra):
        ServiceFactory(region=bali[i % 2])
    # count + page; the region filter adds one lookup
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/services", {"page_size": 100}).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/services", {"page_size": 100, "region": "51.71"}).status_code == 200


def test_service_list_costs_the_same_queries_for_3_and_40_services(client):
    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/services", {"page_size": 100}).status_code == 200
        return len(captured)

    ServiceFactory.create_batch(3)
    few = queries_for_list()
    ServiceFactory.create_batch(37)
    assert queries_for_list() == few


# --- GET /services/{slug} -------------------------------------------------------


@pytest.fixture
def sim(bali):
    police = AgencyFactory(slug="korlantas", name="Korps Lalu Lintas Polri", review_interval_days=90)
    ktp = ServiceFactory(slug="ktp-el", name="KTP-el")
    hidden_prerequisite = ServiceFactory(slug="draf-prasyarat", status=Service.Status.DRAFT)
    service = ServiceFactory(
        slug="sim-a", name="Pembuatan SIM A", agency=police, keywords="sim, surat izin mengemudi ,",
        duration_min=2, duration_max=3, duration_unit=Service.DurationUnit.HOURS, duration_text="2–3 jam",
        product="SIM A", complaint_handling="Call center 110.", online_url="https://sim.example.go.id",
        sk_number="Perpol 5/2021", facilities="Ruang tunggu",
        sources=[{"title": "Perpol 5/2021", "url": "https://peraturan.example.go.id", "confidence": "V"}],
        verification_notes="Catatan internal staf",
    )
    RequirementFactory(service=service, text="KTP-el asli", note="Masih berlaku", form="asli")
    StepFactory(service=service, text="Isi formulir.", position=0)
    StepFactory(service=service, text="Ujian teori.", position=1)
    FeeFactory(service=service, label="Penerbitan SIM A", amount=120_000, legal_basis="PP 76/2020")
    FeeFactory(service=service, label="Formulir", amount=0, position=1)
    service.channels.create(purpose=ServiceChannel.Purpose.DELIVERY, kind=ServiceChannel.Kind.OFFICE,
                            name="Satpas", value="Jl. Contoh 1", opening_hours="08.00–14.00")
    service.channels.create(purpose=ServiceChannel.Purpose.COMPLAINT, kind=ServiceChannel.Kind.PHONE,
                            name="Call center", value="110", position=1)
    service.legal_bases.create(title="UU 22/2009", url="https://peraturan.example.go.id/uu22")
    service.prerequisites.add(ktp, hidden_prerequisite)
    ServiceFactory(slug="sim-a-denpasar", name="SIM A di Denpasar", variant_of=service, region=bali[1])
    ServiceFactory(slug="sim-a-draf", variant_of=service, status=Service.Status.DRAFT)
    return service


def test_service_detail_has_every_delivery_component(client, sim):
    response = client.get("/api/v1/services/sim-a")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "sim-a"
    assert body["url"] == f"{BASE}/layanan/sim-a/"
    assert body["history_url"] == f"{BASE}/layanan/sim-a/riwayat/"
    assert body["agency"] == {"slug": "korlantas", "name": "Korps Lalu Lintas Polri"}
    assert body["keywords"] == ["sim", "surat izin mengemudi"]
    assert body["requirements"] == [
        {"text": "KTP-el asli", "note": "Masih berlaku", "form": "asli", "unverified": False}
    ]
    assert body["steps"] == ["Isi formulir.", "Ujian teori."]
    assert body["duration"] == {"min": 2, "max": 3, "unit": "jam", "text": "2–3 jam"}
    assert body["fees"] == [
        {"label": "Penerbitan SIM A", "amount": 120_000, "condition": "", "legal_basis": "PP 76/2020",
         "unverified": False},
        {"label": "Formulir", "amount": 0, "condition": "", "legal_basis": "", "unverified": False},
    ]
    assert body["free"] is False
    assert body["product"] == "SIM A"
    assert body["complaint_handling"] == "Call center 110."
    assert body["online_url"] == "https://sim.example.go.id"
    assert body["channels"] == [
        {"purpose": "layanan", "kind": "kantor", "name": "Satpas", "value": "Jl. Contoh 1",
         "opening_hours": "08.00–14.00", "href": ""},
        {"purpose": "pengaduan", "kind": "telepon", "name": "Call center", "value": "110",
         "opening_hours": "", "href": "tel:110"},
    ]
    assert body["legal_bases"] == [{"title": "UU 22/2009", "url": "https://peraturan.example.go.id/uu22"}]


def test_service_detail_has_internal_components_sources_freshness_and_links(client, sim):
    body = client.get("/api/v1/services/sim-a").json()

    assert body["internal"]["sk_number"] == "Perpol 5/2021"
    assert body["internal"]["facilities"] == "Ruang tunggu"
    assert set(body["internal"]) == {
        "sk_number", "facilities", "staff_competence", "internal_oversight", "staff_count",
        "service_guarantee", "safety_guarantee", "performance_evaluation",
    }
    assert body["sources"] == [
        {"title": "Perpol 5/2021", "url": "https://peraturan.example.go.id", "confidence": "V"}
    ]
    assert body["freshness"] == "fresh"
    assert body["review_interval_days"] == 90  # the agency's default
    assert body["prerequisites"] == [{"slug": "ktp-el", "name": "KTP-el", "url": f"{BASE}/layanan/ktp-el/"}]
    assert body["variant_of"] is None
    assert body["variants"] == [{
        "slug": "sim-a-denpasar", "name": "SIM A di Denpasar", "url": f"{BASE}/layanan/sim-a-denpasar/",
        "region": {"code": "51.71", "name": "Kota Denpasar", "level": "kota"},
    }]
    assert "verification_notes" not in body
    assert "Catatan internal staf" not in str(body)


def test_variant_links_back_to_its_national_service(client, sim):
    body = client.get("/api/v1/services/sim-a-denpasar").json()

    assert body["variant_of"] == {"slug": "sim-a", "name": "Pembuatan SIM A", "url": f"{BASE}/layanan/sim-a/"}


def test_service_is_free_only_when_fees_are_listed_and_all_zero(client):
    free = ServiceFactory(slug="gratis")
    FeeFactory(service=free, amount=0)
    ServiceFactory(slug="tanpa-biaya-tercatat")

    assert client.get("/api/v1/services/gratis").json()["free"] is True
    assert client.get("/api/v1/services/tanpa-biaya-tercatat").json()["free"] is False


@pytest.mark.parametrize("status", [Service.Status.DRAFT, Service.Status.ARCHIVED])
def test_unpublished_service_is_a_json_404_like_an_unknown_one(client, status):
    ServiceFactory(slug="rahasia", status=status)

    hidden = client.get("/api/v1/services/rahasia")
    unknown = client.get("/api/v1/services/tidak-ada")

    assert hidden.status_code == unknown.status_code == 404
    assert hidden["Content-Type"].startswith("application/json")
    assert hidden.json() == unknown.json()
    assert set(hidden.json()) == {"detail"}


def test_service_detail_query_count_does_not_grow_with_its_components(client, django_assert_max_num_queries):
    service = ServiceFactory(slug="banyak")
    for i in range(10):
        RequirementFactory(service=service)
        StepFactory(service=service)
        FeeFactory(service=service, amount=i)
        service.prerequisites.add(ServiceFactory())
        ServiceFactory(variant_of=service)
    # service + 5 component prefetches + prerequisites + variants
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/services/banyak").status_code == 200


# --- agencies --------------------------------------------------------------------


def test_agency_list_is_paginated_with_counts_of_published_services(client, bali):
    national = AgencyFactory(slug="dukcapil", name="A Ditjen Dukcapil", short_name="Dukcapil",
                             level=Agency.Level.NATIONAL, website="https://dukcapil.example.go.id",
                             contact_channels=[{"kind": "phone", "label": "Call center", "value": "1500537"}])
    local = AgencyFactory(slug="disdukcapil-denpasar", name="B Disdukcapil Kota Denpasar", short_name="",
                          level=Agency.Level.LOCAL, parent=national, region=bali[1])
    ServiceFactory.create_batch(2, agency=local)
    ServiceFactory(agency=local, status=Service.Status.DRAFT)

    response = client.get("/api/v1/agencies", {"page_size": 1})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"] == f"{BASE}/api/v1/agencies?page=2&page_size=1"
    assert body["results"] == [{
        "slug": "dukcapil", "name": "A Ditjen Dukcapil", "short_name": "Dukcapil", "level": "pusat",
        "parent": None, "region": None, "website": "https://dukcapil.example.go.id",
        "contact_channels": [{"kind": "phone", "label": "Call center", "value": "1500537"}],
        "service_count": 0, "url": f"{BASE}/instansi/dukcapil/",
    }]
    second = client.get(body["next"]).json()["results"][0]
    assert second["parent"] == "dukcapil"
    assert second["region"]["code"] == "51.71"
    assert second["service_count"] == 2


def test_agency_list_filters_by_level_and_rejects_unknown_levels(client):
    AgencyFactory(slug="pusat", level=Agency.Level.NATIONAL)
    AgencyFactory(slug="daerah", level=Agency.Level.LOCAL)

    assert slugs(client.get("/api/v1/agencies", {"level": "kabupaten-kota"})) == ["daerah"]
    assert client.get("/api/v1/agencies", {"level": "desa"}).status_code == 422


@pytest.mark.parametrize("extra", [0, 30])
def test_agency_list_query_count_does_not_grow_with_the_number_of_agencies(
    client, django_assert_max_num_queries, extra, bali
):
    parent = AgencyFactory()
    for i in range(3 + extra):
        ServiceFactory(agency=AgencyFactory(parent=parent, region=bali[i % 2]))
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/agencies", {"page_size": 100}).status_code == 200


def test_agency_detail_has_children_description_and_a_link_to_its_services(client):
    parent = AgencyFactory(slug="kemendagri", name="Kemendagri", description="Kementerian Dalam Negeri.")
    AgencyFactory(slug="dukcapil", name="Ditjen Dukcapil", parent=parent)
    ServiceFactory(agency=parent)

    response = client.get("/api/v1/agencies/kemendagri")

    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "Kementerian Dalam Negeri."
    assert body["children"] == [{"slug": "dukcapil", "name": "Ditjen Dukcapil"}]
    assert body["service_count"] == 1
    assert body["url"] == f"{BASE}/instansi/kemendagri/"
    assert body["services_url"] == f"{BASE}/api/v1/services?agency=kemendagri"
    assert client.get(body["services_url"]).json()["count"] == 1


def test_unknown_agency_is_a_json_404(client):
    response = client.get("/api/v1/agencies/tidak-ada")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# --- OpenAPI schema and docs --------------------------------------------------------


def test_openapi_schema_is_a_valid_openapi_3_document_with_the_catalog_paths(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert re.match(r"3\.\d+\.\d+$", schema["openapi"])
    validate(schema)  # raises on any structural error
    for path in CATALOG_PATHS:
        assert "get" in schema["paths"][path], path
    list_params = {p["name"] for p in schema["paths"]["/api/v1/services"]["get"]["parameters"]}
    assert list_params == {"category", "agency", "region", "page", "page_size"}
    assert {"200", "404", "422"} <= set(schema["paths"]["/api/v1/services"]["get"]["responses"])


def _static_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_docs_page_loads_only_same_origin_files_allowed_by_the_strict_csp(client, settings):
    # Serve static files through WhiteNoise in this test as `runserver` would.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    html = response.content.decode()
    # Inline code would be blocked: every executable script is a file, and no styles are inline.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<style" not in html and "style=" not in html
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html)), "only same-origin files"
    assets = _static_assets(html)
    assert {"/static/ninja/swagger-ui.css", "/static/ninja/swagger-ui-bundle.js",
            "/static/ninja/swagger-ui-init.js"} <= set(assets)
    for asset in assets:
        fetched = client.get(asset)
        assert fetched.status_code == 200, asset
        assert b"".join(fetched.streaming_content if fetched.streaming else [fetched.content])
    # The page's settings point the UI at this API's schema.
    assert '"url": "/api/v1/openapi.json"' in html
