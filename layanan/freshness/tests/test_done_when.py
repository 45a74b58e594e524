"""The issue's "done when" for freshness: a service past its review date shows a
public notice, appears in its owner's digest and in freshness_report."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from layanan.accounts.tests.factories import UserFactory
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory
from layanan.freshness.services.digest import send_digests

from .conftest import make_overdue

pytestmark = pytest.mark.django_db


def test_a_service_past_its_review_date_shows_a_notice_and_is_in_its_owners_digest_and_the_report(
        client, smtp_server):
    owner = UserFactory(username="pemilik-konten", email="pemilik@samsat.example")
    service = ServiceFactory(name="Perpanjangan STNK", slug="perpanjangan-stnk", owner=owner,
                             agency=AgencyFactory(slug="samsat"))
    make_overdue(service, days=5)

    page = client.get(service.get_absolute_url()).content.decode()
    with translation.override("id"):
        assert gettext("This information may be out of date.") in page

    send_digests()
    digest = smtp_server.only_message_to(owner.email)
    assert "Perpanjangan STNK" in smtp_server.body(digest)
    assert "/layanan/perpanjangan-stnk/" in smtp_server.body(digest)

    out = StringIO()
    call_command("freshness_report", "--json", stdout=out)
    items = json.loads(out.getvalue())["items"]
    assert [(i["slug"], i["state"]) for i in items] == [("perpanjangan-stnk", "overdue")]
