"""Public catalog pages: what a citizen sees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.catalog.models import Region, Requirement, Service, ServiceChannel

from .factories import AgencyFactory, CategoryFactory, FeeFactory, RequirementFactory, ServiceFactory, StepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sim_a():
    service = ServiceFactory(
        name="SIM A Baru", slug="sim-a-baru", duration_min=1, duration_max=1,
        duration_unit=Service.DurationUnit.DAYS, duration_text="Jika lulus ujian",
        product="Surat Izin Mengemudi A", sk_number="Perpol 5/2021",
    )
    RequirementFactory(service=service, text="KTP-el", form=Requirement.Form.ORIGINAL_AND_COPY)
    StepFactory(service=service, text="Daftar di Satpas")
    FeeFactory(service=service, label="Penerbitan SIM A", amount=120000, legal_basis="PP 76/2020")
    service.channels.create(purpose=ServiceChannel.Purpose.DELIVERY, kind=ServiceChannel.Kind.OFFICE,
                            name="Satpas Polresta Denpasar", value="Jl. Gunung Sanghyang", opening_hours="Senin–Jumat 08.00–14.00")
    service.channels.create(purpose=ServiceChannel.Purpose.COMPLAINT, kind=ServiceChannel.Kind.PHONE,
                            name="Call center", value="110")
    return service


def test_service_page_shows_every_delivery_component(client, sim_a):
    page = client.get(sim_a.get_absolute_url()).text
    for text in ["KTP-el", "Asli dan fotokopi", "Daftar di Satpas", "1 hari", "Jika lulus ujian", "Rp120.000",
                 "PP 76/2020", "Surat Izin Mengemudi A", "Satpas Polresta Denpasar", "Senin–Jumat 08.00–14.00",
                 'href="tel:110"', "Perpol 5/2021", "Terakhir diverifikasi"]:
        assert text in page, text
    assert "mungkin sudah tidak berlaku" not in page


def test_service_page_in_english(client, sim_a):
    page = client.get("/en" + sim_a.get_absolute_url()).text
    assert "Requirements" in page and "Last verified" in page and 'lang="en"' in page


def test_free_service_says_free_explicitly(client):
    service = ServiceFactory()
    FeeFactory(service=service, label="Penerbitan KTP-el", amount=0)
    assert "Gratis" in client.get(service.get_absolute_url()).text


def test_overdue_service_shows_out_of_date_notice(client):
    agency = AgencyFactory(review_interval_days=30)
    service = ServiceFactory(agency=agency, verified_at=timezone.now() - timedelta(days=31))
    assert service.freshness() == "overdue"
    assert "mungkin sudah tidak berlaku" in client.get(service.get_absolute_url()).text


def test_review_due_date_follows_service_interval_over_agency_default():
    agency = AgencyFactory(review_interval_days=180)
    verified = timezone.now() - timedelta(days=100)
    assert ServiceFactory(agency=agency, verified_at=verified).freshness() == "fresh"
    short = ServiceFactory(agency=agency, verified_at=verified, review_interval_days=90)
    assert short.review_due_at == verified + timedelta(days=90)
    assert short.freshness() == "overdue"
    assert set(Service.objects.overdue()) == {short}


def test_unverified_notes_are_for_owning_staff_only(client):
    service = ServiceFactory(verification_notes="Tarif belum dicek ke PP terbaru")
    FeeFactory(service=service, label="Tes kesehatan", amount=60000, unverified=True)
    assert "Tarif belum dicek" not in client.get(service.get_absolute_url()).text
    client.force_login(UserFactory())
    assert "Tarif belum dicek" not in client.get(service.get_absolute_url()).text
    client.force_login(staff_of(service.agency))
    page = client.get(service.get_absolute_url()).text
    assert "Tarif belum dicek" in page and "belum terverifikasi" in page


def test_regional_variant_is_shown_where_it_applies(client):
    jateng = Region.objects.create(code="33", name="Jawa Tengah", level=Region.Level.PROVINCE)
    jepara = Region.objects.create(code="33.20", name="Kabupaten Jepara", level=Region.Level.REGENCY, parent=jateng)
    national = ServiceFactory(name="Akta Kelahiran", slug="akta-kelahiran")
    variant = ServiceFactory(name="Akta Kelahiran (Kab. Jepara)", slug="akta-kelahiran-jepara",
                             region=jepara, variant_of=national)
    RequirementFactory(service=variant, text="KTP-el 2 orang saksi")

    national_page = client.get(national.get_absolute_url()).text
    assert variant.get_absolute_url() in national_page and "Kabupaten Jepara" in national_page
    variant_page = client.get(variant.get_absolute_url()).text
    assert national.get_absolute_url() in variant_page and "KTP-el 2 orang saksi" in variant_page
    assert "Berlaku di Kabupaten Jepara" in variant_page

    in_jepara = set(Service.objects.for_region(jepara))
    assert {national, variant} <= in_jepara
    other = Region.objects.create(code="51", name="Bali", level=Region.Level.PROVINCE)
    assert variant not in set(Service.objects.for_region(other))


def test_prerequisites_link_both_ways(client):
    bpjs = ServiceFactory(name="Pendaftaran BPJS Kesehatan")
    skck = ServiceFactory(name="SKCK")
    skck.prerequisites.add(bpjs)
    assert bpjs.get_absolute_url() in client.get(skck.get_absolute_url()).text
    assert skck.get_absolute_url() in client.get(bpjs.get_absolute_url()).text


def test_draft_service_is_hidden_from_public_but_visible_to_owner(client):
    draft = ServiceFactory(status=Service.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_of(draft.agency))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_home_category_and_agency_pages(client, sim_a):
    home = client.get(reverse("catalog:home")).text
    assert sim_a.category.name in home and "SIM A Baru" in home
    assert "SIM A Baru" in client.get(sim_a.category.get_absolute_url()).text
    assert "SIM A Baru" in client.get(sim_a.agency.get_absolute_url()).text
    assert client.get(reverse("catalog:agency-list")).status_code == 200


def test_empty_catalog_shows_empty_states(client):
    assert "Belum ada layanan" in client.get(reverse("catalog:home")).text
    assert "Belum ada layanan" in client.get(CategoryFactory().get_absolute_url()).text


def test_category_pages_paginate(client, settings):
    settings.LAYANAN_PAGE_SIZE = 5
    category = CategoryFactory()
    ServiceFactory.create_batch(12, category=category)
    first = client.get(category.get_absolute_url()).text
    assert "halaman=2" in first
    third = client.get(category.get_absolute_url() + "?halaman=3")
    assert third.status_code == 200 and third.text.count('class="card"') == 2


def test_view_counts_feed_most_viewed(client):
    popular, quiet = ServiceFactory(name="Paling Dicari"), ServiceFactory(name="Jarang")
    for _ in range(3):
        client.get(popular.get_absolute_url())
    popular.refresh_from_db()
    quiet.refresh_from_db()
    assert (popular.view_count, quiet.view_count) == (3, 0)
    home = client.get(reverse("catalog:home")).text
    assert home.index("Paling Dicari") < home.index("Jarang")


def test_service_page_query_count_does_not_grow_with_components(client, django_assert_max_num_queries):
    service = ServiceFactory()
    for i in range(3):
        RequirementFactory(service=service)
        FeeFactory(service=service, amount=1000 * i)
    with django_assert_max_num_queries(20) as small:
        client.get(service.get_absolute_url())
    for i in range(20):
        RequirementFactory(service=service)
        FeeFactory(service=service, amount=1000 * i)
        service.prerequisites.add(ServiceFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(service.get_absolute_url())


def test_service_page_has_government_service_json_ld(client, sim_a):
    import json
    import re

    page = client.get(sim_a.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["mainEntity"]["@type"] == "GovernmentService"
    assert data["mainEntity"]["offers"][0]["price"] == 120000
    assert data["lastReviewed"] == timezone.localdate(sim_a.verified_at).isoformat() or data["lastReviewed"]


def test_pages_send_strict_csp(client, sim_a):
    response = client.get(sim_a.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_unparsed_fee_is_not_shown_as_free(client):
    service = ServiceFactory()
    FeeFactory(service=service, label="Retribusi", amount=0, condition="Sesuai Perda", unverified=True)
    assert not service.is_free
    page = client.get(service.get_absolute_url()).text
    assert "Sesuai Perda" in page and "tidak ada biaya resmi" not in page
