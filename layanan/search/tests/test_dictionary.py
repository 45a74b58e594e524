"""The editable dictionary: seeded entries, edits that apply at once,
permissions, the staff area and the audit trail."""

import pytest

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import AgencyFactory
from layanan.search.models import SynonymSet
from layanan.search.services.dictionary import (
    PermissionDenied,
    current_dictionary,
    delete_synonym_set,
    save_synonym_set,
)
from layanan.search.services.indexing import index_document
from layanan.search.services.query import search

from .conftest import make_document


@pytest.fixture
def manager(db):
    return staff_of(AgencyFactory(), role=Role.KNOWLEDGE_MANAGER)


def test_migration_seeds_abbreviations_synonyms_and_colloquial_forms(db):
    seeded = {(s.kind, s.canonical): s.variant_list() for s in SynonymSet.objects.all()}
    assert "kartu tanda penduduk" in seeded[("abbreviation", "KTP")]
    assert "e-KTP" in seeded[("abbreviation", "KTP")] and "KTP-el" in seeded[("abbreviation", "KTP")]
    assert "IMB" in seeded[("abbreviation", "PBG")]
    assert "tax amnesty" in seeded[("synonym", "amnesti pajak")]
    assert {"gak", "ga", "nggak", "engga"} <= set(seeded[("colloquial", "tidak")])
    assert "gimana" in seeded[("colloquial", "bagaimana")]
    assert "usaha mikro kecil dan menengah" in seeded[("abbreviation", "UMKM")]


def test_a_new_synonym_applies_to_the_next_query_without_a_restart(db, manager):
    index_document(make_document(1, "Legalisir ijazah", summary="Pengesahan fotokopi ijazah."))
    current_dictionary()  # compiled and cached, as in a running process
    assert search("legalisasi").total == 0
    entry = save_synonym_set(SynonymSet(kind="synonym", canonical="legalisir", variants="legalisasi"), manager)
    assert [h.id for h in search("legalisasi").results] == [1]
    entry.active = False
    save_synonym_set(entry, manager)
    assert search("legalisasi").total == 0
    entry.active = True
    save_synonym_set(entry, manager)
    assert search("legalisasi").total == 1
    delete_synonym_set(entry, manager)
    assert search("legalisasi").total == 0


def test_a_new_colloquial_form_is_normalised_at_once(db, manager):
    index_document(make_document(1, "Legalisir ijazah"))
    assert search("ngelegalisir").total == 0
    save_synonym_set(SynonymSet(kind="colloquial", canonical="legalisir", variants="legalisirin, ngelegalisir"),
                     manager)
    response = search("ngelegalisir ijazah")
    assert [h.id for h in response.results] == [1] and response.did_you_mean is None


def test_changes_made_outside_the_service_functions_also_apply(db):
    index_document(make_document(1, "Surat keterangan domisili"))
    assert search("skd").total == 0
    SynonymSet.objects.create(kind="abbreviation", canonical="SKD", variants="surat keterangan domisili")
    assert search("skd").total == 1


def test_only_knowledge_managers_and_site_admins_may_edit(db):
    agency = AgencyFactory()
    allowed = [staff_of(agency, role=Role.KNOWLEDGE_MANAGER), UserFactory(is_superuser=True, is_staff=True)]
    denied = [staff_of(agency, role=Role.OFFICER), staff_of(agency, role=Role.AGENCY_ADMIN), UserFactory()]
    for user in allowed:
        save_synonym_set(SynonymSet(kind="synonym", canonical=f"uji {user.pk}", variants="coba"), user)
    for user in denied:
        with pytest.raises(PermissionDenied):
            save_synonym_set(SynonymSet(kind="synonym", canonical="uji", variants="coba"), user)


def test_saves_and_deletes_are_audited(db, manager):
    entry = save_synonym_set(SynonymSet(kind="abbreviation", canonical="SKBM",
                                        variants="surat keterangan belum menikah"), manager)
    delete_synonym_set(entry, manager)
    actions = list(AuditEntry.objects.filter(target_type="search.synonymset").order_by("pk")
                   .values_list("action", "actor"))
    assert actions == [("search.dictionary.create", manager.pk), ("search.dictionary.delete", manager.pk)]


def test_knowledge_manager_edits_the_dictionary_in_the_staff_area(client, manager):
    client.force_login(manager)
    assert client.get("/kelola/search/synonymset/").status_code == 200
    response = client.post("/kelola/search/synonymset/add/", {
        "kind": "abbreviation", "canonical": " SKBM ", "variants": "surat keterangan belum menikah,\nketerangan lajang",
        "note": "", "active": "on",
    })
    assert response.status_code == 302, response.content[:500]
    entry = SynonymSet.objects.get(canonical="SKBM")
    assert entry.variant_list() == ["surat keterangan belum menikah", "keterangan lajang"]
    assert entry.updated_by == manager
    assert AuditEntry.objects.filter(action="search.dictionary.create", actor=manager).exists()


def test_staff_area_rejects_variants_without_searchable_words(client, manager):
    client.force_login(manager)
    response = client.post("/kelola/search/synonymset/add/", {
        "kind": "synonym", "canonical": "paspor", "variants": "-, !", "active": "on",
    })
    assert response.status_code == 200
    assert not SynonymSet.objects.filter(canonical="paspor", kind="synonym", variants="-").exists()


def test_officers_cannot_open_the_dictionary(client, db):
    client.force_login(staff_of(AgencyFactory(), role=Role.OFFICER))
    assert client.get("/kelola/search/synonymset/").status_code == 403
