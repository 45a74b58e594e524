"""The first search dictionary: government abbreviations, synonyms and the
colloquial spellings citizens type. Knowledge managers edit it afterwards in
the staff area; these rows are only a starting point."""

import uuid

from django.db import migrations

ABBREVIATIONS = [
    ("KTP", "kartu tanda penduduk, e-KTP, KTP-el, KTP elektronik"),
    ("KK", "kartu keluarga"),
    ("NIK", "nomor induk kependudukan"),
    ("SPT", "surat pemberitahuan, surat pemberitahuan tahunan"),
    ("NPWP", "nomor pokok wajib pajak"),
    ("PPh", "pajak penghasilan"),
    ("e-FIN", "efin, electronic filing identification number"),
    ("BPJS", "badan penyelenggara jaminan sosial"),
    ("JHT", "jaminan hari tua"),
    ("JKN", "jaminan kesehatan nasional, KIS, kartu indonesia sehat"),
    ("SKCK", "surat keterangan catatan kepolisian"),
    ("SIM", "surat izin mengemudi"),
    ("STNK", "surat tanda nomor kendaraan"),
    ("BPKB", "buku pemilik kendaraan bermotor"),
    ("PBG", "persetujuan bangunan gedung, IMB, izin mendirikan bangunan"),
    ("NIB", "nomor induk berusaha"),
    ("OSS", "online single submission"),
    ("KITAS", "kartu izin tinggal terbatas"),
    ("Dukcapil", "disdukcapil, dinas kependudukan dan pencatatan sipil"),
]

SYNONYMS = [
    ("akta kelahiran", "akta lahir, akte kelahiran, akte lahir"),
    ("akta kematian", "akta mati, akte kematian"),
    ("akta perkawinan", "akta nikah, akte perkawinan"),
    ("amnesti pajak", "tax amnesty, pengampunan pajak"),
    ("paspor", "passport"),
    ("surat pindah", "surat keterangan pindah, SKPWNI"),
]

COLLOQUIAL = [
    ("bagaimana", "gimana, gmn, gmana, bgmn"),
    ("buat", "bikin, bkin"),
    ("urus", "ngurus, ngurusin, urusin"),
    ("kalau", "kalo, klo"),
    ("sudah", "udah, udh, sdh"),
    ("tidak", "gak, ga, gk, nggak, ngga, engga, enggak, ndak, tdk"),
    ("berapa", "brp, brapa"),
    ("yang", "yg"),
    ("dengan", "dgn"),
    ("hilang", "ilang"),
    ("saya", "sy"),
    ("belum", "blm, blom"),
    ("untuk", "utk"),
    ("bisa", "bs"),
    ("perpanjang", "panjangin, perpanjangin"),
    ("daftar", "daftarin, ndaftar"),
    ("bayar", "bayarin, byr"),
    ("cetak", "nyetak, cetakin"),
    ("ganti", "gantiin"),
    ("cari", "nyari"),
    ("ambil", "ngambil"),
    ("tanya", "nanya"),
    ("di mana", "dimana, dmn"),
    ("sekarang", "skrg, skr"),
    ("karena", "krn, karna"),
    ("saja", "aja"),
    ("memang", "emang"),
    ("begitu", "gitu"),
]


def seed(apps, schema_editor):
    SynonymSet = apps.get_model("search", "SynonymSet")
    SearchState = apps.get_model("search", "SearchState")
    rows = []
    for kind, entries in (("abbreviation", ABBREVIATIONS), ("synonym", SYNONYMS), ("colloquial", COLLOQUIAL)):
        for canonical, variants in entries:
            if not SynonymSet.objects.filter(kind=kind, canonical=canonical).exists():
                rows.append(SynonymSet(
                    kind=kind, canonical=canonical,
                    variants="\n".join(v.strip() for v in variants.split(",")),
                ))
    SynonymSet.objects.bulk_create(rows)
    SearchState.objects.update_or_create(key="synonyms", defaults={"text": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
