"""More abbreviations that citizens type and official pages spell out. A
query word the dictionary does not know is checked for typos against the
index vocabulary, so "umkm" in an index without it was "corrected" to
"umum" (one edit), a word in a fifth of the documents. Knowledge managers
edit them like the rest."""

import uuid

from django.db import migrations

ENTRIES = [
    ("abbreviation", "UMKM", "usaha mikro kecil dan menengah, usaha mikro kecil menengah"),
    ("abbreviation", "SKTM", "surat keterangan tidak mampu"),
    ("abbreviation", "PNBP", "penerimaan negara bukan pajak"),
    ("abbreviation", "KIA", "kartu identitas anak"),
    ("abbreviation", "KIP", "kartu indonesia pintar"),
    ("abbreviation", "MPP", "mal pelayanan publik"),
    ("abbreviation", "PTSP", "pelayanan terpadu satu pintu"),
    ("abbreviation", "BPN", "badan pertanahan nasional, kantor pertanahan"),
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
    dependencies = [("search", "0008_sqlite_ranking_index")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
