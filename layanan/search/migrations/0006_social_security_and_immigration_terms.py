"""More of the agencies' own abbreviations: social-security programmes (BPJS
Ketenagakerjaan) and immigration permits, which citizens type in short form
and the official FAQs spell out. Knowledge managers edit them like the rest."""

import uuid

from django.db import migrations

ENTRIES = [
    ("abbreviation", "BPJS Ketenagakerjaan", "BPJS TK, BPJamsostek, BP Jamsostek, Jamsostek"),
    ("abbreviation", "PMI", "pekerja migran indonesia, TKI, tenaga kerja indonesia"),
    ("abbreviation", "JKP", "jaminan kehilangan pekerjaan"),
    ("abbreviation", "JP", "jaminan pensiun"),
    ("abbreviation", "JKK", "jaminan kecelakaan kerja"),
    ("abbreviation", "JKM", "jaminan kematian"),
    ("abbreviation", "BSU", "bantuan subsidi upah"),
    ("abbreviation", "MLT", "manfaat layanan tambahan"),
    ("abbreviation", "PLKK", "pusat layanan kecelakaan kerja"),
    ("abbreviation", "ITAS", "izin tinggal terbatas"),
    ("abbreviation", "ITAP", "izin tinggal tetap, KITAP, kartu izin tinggal tetap"),
    ("abbreviation", "Kanim", "kantor imigrasi"),
    ("abbreviation", "WNA", "warga negara asing, orang asing"),
    ("abbreviation", "WNI", "warga negara indonesia"),
    ("synonym", "mengundurkan diri", "resign, berhenti bekerja"),
    ("synonym", "pencairan", "cairkan, klaim saldo"),
    ("colloquial", "cairkan", "cairin, nyairin"),
]


def seed(apps, schema_editor):
    SynonymSet = apps.get_model("search", "SynonymSet")
    SearchState = apps.get_model("search", "SearchState")
    SynonymSet.objects.bulk_create(
        SynonymSet(kind=kind, canonical=canonical, variants="\n".join(v.strip() for v in variants.split(",")))
        for kind, canonical, variants in ENTRIES
        if not SynonymSet.objects.filter(kind=kind, canonical=canonical).exists()
    )
    # A new version makes every process recompile the dictionary.
    SearchState.objects.update_or_create(key="synonyms", defaults={"text": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_log")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
