#!/usr/bin/env python
"""Search latency at scale: p50/p95/p99 of search() and of suggest(), with a
raw full-text baseline measured in the same run.

What it does:
  1. creates a throwaway database (a temporary SQLite file by default, or a
     new database on the PostgreSQL server given with --database; see
     bench/benchdb.py) and migrates it;
  2. generates N documents (services, official answers and community
     questions) from templates of Indonesian public-service vocabulary:
     actions × documents × situations × regions, with requirement, procedure,
     fee, legal-basis and address sentences; seeded, so runs are comparable;
  3. indexes them in bulk through the engine's indexing functions (the same
     steps rebuild_search_index takes, without domain rows);
  4. gives every document semantic vectors (a sample embedded for real and
     copied: see add_vectors) unless --no-semantic;
  5. times a fixed mix of queries through
       - search(q)            (analysis, dictionary, typo check, ranking, count,
                               four facets, snippets: a whole result page),
                              with semantic re-ranking (the query embedded anew
                              every time: no cache) and with words only
       - suggest(prefix)      (search-as-you-type, prefixes typed letter by letter)
       - a baseline: one raw full-text query on a plain index of the same
         documents (SQLite: FTS5 unicode61 + bm25, top 20; PostgreSQL:
         to_tsvector('simple') + GIN + ts_rank, top 20), no facets, no count;
  6. prints p50, p95, p99 and max in milliseconds.

Usage (from the repository root):
    .venv/bin/python bench/search_latency.py                       # 100 000 docs, SQLite
    .venv/bin/python bench/search_latency.py --n 1000000 --database postgres://postgres@127.0.0.1:5432/x
Options: --rounds R (timed passes over the query mix, default 5), --seed, --keep, --no-semantic,
--reuse PATH|postgres://…/NAME (time again against a database kept with --keep, without rebuilding it).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

import benchdb

# --- document generator ------------------------------------------------------------

DOCUMENTS = [
    # (document, agency, office, category)
    ("KTP elektronik", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Kartu Keluarga", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Akta Kelahiran", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Akta Kematian", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Akta Perkawinan", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Akta Perceraian", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Kartu Identitas Anak", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("Surat Keterangan Pindah", "Dinas Kependudukan dan Pencatatan Sipil", "kantor Disdukcapil", "kependudukan"),
    ("SIM A", "Kepolisian Resor", "Satpas Polres", "berkendara"),
    ("SIM C", "Kepolisian Resor", "Satpas Polres", "berkendara"),
    ("SIM B1 Umum", "Kepolisian Resor", "Satpas Polres", "berkendara"),
    ("SKCK", "Kepolisian Resor", "kantor Polres", "keamanan"),
    ("STNK", "Samsat", "kantor Samsat", "berkendara"),
    ("BPKB", "Kepolisian Daerah", "kantor Ditlantas Polda", "berkendara"),
    ("Paspor", "Kantor Imigrasi", "Kantor Imigrasi", "perjalanan"),
    ("NPWP", "Kantor Pelayanan Pajak Pratama", "KPP Pratama", "pajak"),
    ("SPT Tahunan PPh 21", "Kantor Pelayanan Pajak Pratama", "KPP Pratama", "pajak"),
    ("Nomor Induk Berusaha", "Dinas Penanaman Modal dan PTSP", "Mal Pelayanan Publik", "usaha"),
    ("Izin Usaha Mikro Kecil", "Dinas Penanaman Modal dan PTSP", "Mal Pelayanan Publik", "usaha"),
    ("Persetujuan Bangunan Gedung", "Dinas Pekerjaan Umum dan Penataan Ruang", "Mal Pelayanan Publik", "perumahan"),
    ("Sertifikat Tanah", "Kantor Pertanahan", "Kantor Pertanahan BPN", "perumahan"),
    ("Kartu BPJS Kesehatan", "BPJS Kesehatan", "Kantor Cabang BPJS Kesehatan", "kesehatan"),
    ("Jaminan Hari Tua", "BPJS Ketenagakerjaan", "Kantor Cabang BPJS Ketenagakerjaan", "pekerjaan"),
    ("Kartu Pencari Kerja (AK/1)", "Dinas Tenaga Kerja", "kantor Disnaker", "pekerjaan"),
    ("Surat Keterangan Tidak Mampu", "Kelurahan", "kantor kelurahan", "sosial"),
    ("Surat Keterangan Domisili", "Kelurahan", "kantor kelurahan", "kependudukan"),
    ("Sertifikat Halal", "Badan Penyelenggara Jaminan Produk Halal", "Satgas Halal", "usaha"),
    ("Izin Praktik Bidan", "Dinas Kesehatan", "Mal Pelayanan Publik", "kesehatan"),
    ("Kartu Indonesia Pintar", "Dinas Pendidikan", "kantor Dinas Pendidikan", "pendidikan"),
    ("Izin Tinggal Terbatas", "Kantor Imigrasi", "Kantor Imigrasi", "perjalanan"),
]
ACTIONS = [
    ("Pembuatan", "membuat"), ("Perpanjangan", "memperpanjang"), ("Penggantian", "mengganti"),
    ("Pendaftaran", "mendaftar"), ("Perubahan data", "mengubah data"), ("Legalisir", "melegalisir"),
    ("Pencetakan ulang", "mencetak ulang"), ("Penerbitan", "menerbitkan"), ("Pengurusan", "mengurus"),
    ("Balik nama", "balik nama"), ("Pengaduan", "mengadukan"), ("Verifikasi", "memverifikasi"),
]
SITUATIONS = [
    "baru", "karena hilang", "karena rusak", "untuk anak", "untuk warga negara asing", "secara online",
    "karena pindah domisili", "untuk lansia", "untuk penyandang disabilitas", "yang sudah habis masa berlaku",
    "", "", "", "",
]
COLLOQUIAL = [
    "gimana cara {verb} {doc} kalo {sit}?", "brp biaya {verb} {doc} {sit}?", "{doc} {sit} hrs ke mana?",
    "syarat {verb} {doc} {sit} apa aja ya?", "udah seminggu {doc} belum jadi, normal gak?",
    "bisa gak {verb} {doc} di luar domisili?",
]
REGIONS = [
    "Kota Denpasar", "Kabupaten Badung", "Kabupaten Gianyar", "Kabupaten Tabanan", "Kota Surabaya",
    "Kabupaten Sidoarjo", "Kota Malang", "Kabupaten Sleman", "Kota Yogyakarta", "Kabupaten Bantul",
    "Kota Bandung", "Kabupaten Bogor", "Kota Bekasi", "Kota Depok", "Kota Tangerang", "Kabupaten Serang",
    "Kota Semarang", "Kabupaten Banyumas", "Kota Medan", "Kabupaten Deli Serdang", "Kota Padang",
    "Kota Pekanbaru", "Kota Palembang", "Kota Bandar Lampung", "Kota Pontianak", "Kota Banjarmasin",
    "Kota Balikpapan", "Kota Samarinda", "Kota Makassar", "Kabupaten Gowa", "Kota Manado", "Kota Kupang",
    "Kota Mataram", "Kabupaten Lombok Barat", "Kota Ambon", "Kota Jayapura", "Kota Banda Aceh",
    "Kota Jambi", "Kota Bengkulu", "Kota Palu", "Kota Kendari", "Kota Gorontalo", "Kota Ternate",
    "Kota Sorong", "Kabupaten Merauke", "Kota Tanjungpinang", "Kota Batam", "Kota Cirebon",
    "Kabupaten Garut", "Kota Solo",
]
STREETS = ["Jalan Gajah Mada", "Jalan Sudirman", "Jalan Diponegoro", "Jalan Ahmad Yani", "Jalan Pahlawan",
           "Jalan Merdeka", "Jalan Veteran", "Jalan Hayam Wuruk", "Jalan Raya Puputan", "Jalan Teuku Umar"]
REQUIREMENTS = [
    "KTP elektronik asli", "fotokopi Kartu Keluarga", "pas foto berwarna 4x6", "surat pengantar RT/RW",
    "surat keterangan kehilangan dari kepolisian", "akta kelahiran asli", "buku nikah", "surat kuasa bermaterai",
    "formulir permohonan yang sudah diisi", "bukti pembayaran PNBP", "dokumen lama yang rusak",
    "surat keterangan sehat dari dokter", "sertifikat lulus ujian teori", "NPWP", "bukti setor pajak",
]
LAWS = ["UU 24/2013", "PP 76/2020", "PP 28/2025", "Perpres 96/2018", "Permendagri 108/2019",
        "PP 45/2024", "UU 25/2009", "Perpol 5/2021", "PMK 81/2024", "PP 5/2021"]
# Village (kelurahan/desa) names built from syllables give the long tail of
# rare words a real catalog has (about 40k distinct names).
SYLLABLES = ["ba", "bu", "da", "di", "ga", "gu", "ja", "ka", "ke", "ku", "la", "lu", "ma", "me", "mu", "na",
             "ngi", "nga", "pa", "pe", "ra", "ri", "sa", "se", "su", "ta", "ti", "tu", "wa", "ya", "jo", "ko",
             "ro", "so", "an", "ar", "ung", "ang", "sin", "tan"]
FILLER = [
    "Permohonan dapat diajukan pada hari kerja.", "Petugas akan memeriksa kelengkapan berkas.",
    "Pemohon menerima tanda terima dan nomor antrean.", "Hasil dapat diambil sendiri atau diwakilkan dengan surat kuasa.",
    "Layanan ini juga tersedia di Mal Pelayanan Publik.", "Pastikan data pada dokumen sesuai dengan data kependudukan.",
    "Simpan bukti pengajuan sampai dokumen selesai.", "Informasi status permohonan dapat dicek secara daring.",
]


def make_document(i: int, rng: random.Random):
    from django.utils import timezone

    from layanan.search.registry import IndexedDocument

    doc, agency, office, category = rng.choice(DOCUMENTS)
    noun, verb = rng.choice(ACTIONS)
    situation = rng.choice(SITUATIONS)
    region = rng.choice(REGIONS)
    roll = rng.random()
    if roll < 0.5:
        doc_type, official = "service", True
        title = f"{noun} {doc} {situation}".strip() + f" di {region}"
    elif roll < 0.85:
        doc_type, official = "article", True
        title = f"Bagaimana cara {verb} {doc} {situation}".strip() + "?"
    else:
        doc_type, official = "question", False
        title = rng.choice(COLLOQUIAL).format(verb=verb.split()[0], doc=doc.lower(), sit=situation or "baru")
    requirements = rng.sample(REQUIREMENTS, 3)
    fee = "tidak dipungut biaya" if rng.random() < 0.4 else f"Rp{rng.randrange(10, 900) * 1000:,}".replace(",", ".")
    summary = (f"Layanan {noun.lower()} {doc} {situation} oleh {agency} {region}. "
               f"Biaya {fee}, selesai dalam {rng.randrange(1, 15)} hari kerja.")
    body = " ".join([
        f"Persyaratan: {requirements[0]}, {requirements[1]} dan {requirements[2]}.",
        f"Datang ke {office} {region}, {rng.choice(STREETS)} No. {rng.randrange(1, 300)}, "
        f"pukul 08.00–{rng.choice(['14.00', '15.00', '16.00'])}.",
        f"Dasar hukum {rng.choice(LAWS)}.", *rng.sample(FILLER, 3),
        f"Pengaduan melalui LAPOR! atau telepon (0{rng.randrange(21, 999)}) {rng.randrange(100000, 9999999)}.",
    ])
    village = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).title()
    body += f" Wilayah layanan termasuk Kelurahan {village}."
    now = timezone.now()
    return IndexedDocument(
        type=doc_type, id=i, title=title, summary=summary, body=body, url=f"/bench/{doc_type}/{i}/",
        agency_slug=agency.lower().replace(" ", "-")[:80], agency_name=agency,
        category_slug=category, category_name=category.title(),
        region_code=None if rng.random() < 0.2 else f"{rng.randrange(11, 95)}.{rng.randrange(1, 80):02d}",
        region_name=region, official=official,
        verified_at=now - timedelta(days=rng.randrange(0, 400)) if official else None,
        updated_at=now - timedelta(days=rng.randrange(0, 400)),
        keywords="",
    )


def _analyse(docs):
    """Worker: the engine's analysis of a batch of documents (no database access)."""
    from layanan.search.services import indexing

    return [indexing.analyse_document(doc) for doc in docs]


def generate_and_index(n: int, seed: int, *, workers: int = 1, batch_size: int = 1000, first_id: int = 1):
    """Index n generated documents with indexing.bulk_index (what
    rebuild_search_index stores, without semantic vectors and without domain
    rows), with object ids from `first_id` on; the text analysis (the slow
    part) runs in `workers` processes, a few batches ahead of the main
    process, which generates the documents and writes them (COPY on PostgreSQL)."""
    import multiprocessing
    from collections import deque

    from django.db import connections

    from layanan.search.services import indexing

    pool = None
    if workers > 1:
        connections.close_all()  # children must not inherit an open connection
        pool = multiprocessing.get_context("fork").Pool(workers)
    rng = random.Random(seed)
    started = time.monotonic()

    def batches():
        for first in range(0, n, batch_size):
            yield [make_document(first_id + first + k, rng) for k in range(min(batch_size, n - first))]

    def analysed():
        if pool is None:
            for docs in batches():
                yield from _analyse(docs)
            return
        pending = deque()
        for docs in batches():
            pending.append(pool.apply_async(_analyse, (docs,)))
            if len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    step = max(batch_size, n // 20)

    def progress(done):
        if done % step < batch_size or done == n:
            rate = done / (time.monotonic() - started)
            print(f"  indexed {done:>9,}/{n:,} documents ({rate:,.0f}/s)", file=sys.stderr, flush=True)

    try:
        result = indexing.bulk_index(analysed(), batch_size=batch_size, progress=progress)
    finally:
        if pool:
            pool.close()
            pool.join()
    return time.monotonic() - started, result["words"]


# --- baseline ---------------------------------------------------------------------

class Baseline:
    """A plain full-text index over the same documents, queried with raw SQL."""

    def __init__(self, build: bool = True):
        """build=False: use the plain index an earlier run of this bench left (--reuse)."""
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        if not build and "bench_plain" in connection.introspection.table_names():
            return
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("CREATE VIRTUAL TABLE bench_plain USING fts5(title, summary, body)")
                cursor.execute("INSERT INTO bench_plain(rowid, title, summary, body)"
                               " SELECT id, title, summary, body FROM search_searchdocument")
                cursor.execute("INSERT INTO bench_plain(bench_plain) VALUES ('optimize')")
            else:
                cursor.execute(
                    "CREATE TABLE bench_plain AS SELECT id, to_tsvector('simple', title || ' ' || summary"
                    " || ' ' || body) AS v FROM search_searchdocument")
                cursor.execute("CREATE INDEX bench_plain_v ON bench_plain USING gin (v)")
                cursor.execute("ANALYZE bench_plain")

    def query(self, q: str):
        import re

        words = [w for w in re.findall(r"\w+", q.lower()) if w]
        if not words:
            return []
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                match = " OR ".join(f'"{w}"' for w in words)
                cursor.execute("SELECT rowid FROM bench_plain WHERE bench_plain MATCH %s"
                               " ORDER BY bm25(bench_plain) LIMIT 20", [match])
            else:
                tsquery = " | ".join(words)
                cursor.execute("SELECT id FROM bench_plain, to_tsquery('simple', %s) q WHERE v @@ q"
                               " ORDER BY ts_rank(v, q) DESC LIMIT 20", [tsquery])
            return cursor.fetchall()


# --- query mix ----------------------------------------------------------------------

QUERIES = [
    # short and common
    "ktp", "paspor", "sim c", "npwp", "akta kelahiran", "kartu keluarga", "skck", "bpjs",
    # two to four words
    "ktp hilang", "perpanjang sim a", "biaya paspor", "syarat akta kematian", "ganti kk pindah domisili",
    "izin usaha mikro", "sertifikat tanah balik nama", "spt tahunan pph 21", "legalisir akta",
    # informal, abbreviations and typos
    "gimana cara bikin ktp kalo ilang", "brp biaya perpanjang sim c", "paspor ilang hrs gmn",
    "syarat bikin kk baru yg dibutuhin apa aja", "ngurus akta lahir anak di luar domisili bisa gak",
    "pasport anak", "perpanjngan stnk", "sertifkat halal umkm", "kartu pencari kerja ak1",
    # codes and laws
    "pp 76/2020", "pph 21", "e-ktp rusak", "uu 24/2013 adminduk",
    # rare and no-match
    "penyandang disabilitas", "warga negara asing izin tinggal terbatas", "zzqx tidak ada",
    # long
    "saya mau mengurus surat keterangan pindah karena pindah kerja ke kota lain apa saja persyaratannya",
]


def typed_prefixes(text: str) -> list[str]:
    """What a user has typed after each keystroke, from two characters on."""
    return [text[:i] for i in range(2, len(text) + 1)]


SUGGEST_INPUTS = ["ktp hilang", "perpanjangan sim", "paspor anak", "akta kelahiran", "surat keterangan",
                  "nomor induk berusaha", "kartu keluarga baru", "bpjs kesehatan"]


VECTOR_SAMPLE = 500


def add_vectors():
    """Semantic vectors for every document. Embedding 100 000 documents takes
    about an hour on 2 CPUs, so VECTOR_SAMPLE documents are embedded for real
    and their vectors copied to the others by id. What re-ranking costs (one
    query embedding, reading 100 candidates' 1.5 kB vectors, a small matrix
    product) does not depend on the vectors' values; the order it gives here
    does, so this bench times re-ranking but says nothing of its quality."""
    from django.db import connection, transaction

    from layanan.search.models import SearchDocument
    from layanan.search.services import semantic

    rows = list(SearchDocument.objects.order_by("id")[:VECTOR_SAMPLE])
    vectors = semantic.embed_documents([(r.title, r.summary, r.body, r.keywords) for r in rows])
    with transaction.atomic(), connection.cursor() as cursor:
        for remainder, vector in enumerate(vectors):
            cursor.execute(
                "UPDATE search_searchdocument SET embedding = %s WHERE id %% %s = %s",
                [vector, VECTOR_SAMPLE, remainder],
            )
    if connection.vendor == "postgresql":
        # The UPDATE left a dead row version for every document, which the
        # timed queries would otherwise read past until autovacuum came by;
        # a catalog whose vectors were written as it was indexed has none.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")


def build_missing_postings():
    """A database kept before the SQLite postings existed (migration 0011)
    has none: build them, as rebuild_search_index would, so that it is timed
    as a current index is."""
    from django.db import connection

    from layanan.search.backends import get_backend

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM search_postings)")
        if cursor.fetchone()[0]:
            return
    print("# building the top lists and postings (this database predates the postings)", file=sys.stderr, flush=True)
    get_backend().build_top_lists()


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    return {"n": len(ordered), "p50": pct(50), "p95": pct(95), "p99": pct(99), "max": ordered[-1] * 1000,
            "mean": statistics.fmean(ordered) * 1000}


def timed(fn, inputs, rounds):
    """Wall-clock and CPU seconds (this process) of each call, after one warm-up pass."""
    for value in inputs:  # warm-up: caches, page cache, prepared plans
        fn(value)
    wall, cpu = [], []
    for _ in range(rounds):
        for value in inputs:
            c0, t0 = time.process_time(), time.perf_counter()
            fn(value)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    return wall, cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="Documents to generate (default 100000).")
    parser.add_argument("--database", default="", help="postgres://… for a throwaway PostgreSQL database "
                        "on that server; default: a temporary SQLite file.")
    parser.add_argument("--rounds", type=int, default=5, help="Timed passes over the query mix (default 5).")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="Processes for text analysis while indexing (default: one per CPU).")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", metavar="PATH", default="",
                        help="Time against the database an earlier --keep run left instead of generating "
                        "and indexing documents: the SQLite file's path, or postgres://…/NAME with the "
                        "database name printed at the start; --n and --seed are then ignored.")
    parser.add_argument("--no-semantic", action="store_true",
                        help="Time word matching only (no vectors, no semantic re-ranking row).")
    args = parser.parse_args(argv)

    database = benchdb.setup(args.database, keep=args.keep, reuse=args.reuse or None)

    from django.test import override_settings

    from layanan.search.services import semantic
    from layanan.search.services.query import search, suggest

    from layanan.search.models import SearchDocument

    if args.reuse:
        args.n = SearchDocument.objects.count()
        print(f"# reusing {args.n:,} indexed documents", file=sys.stderr, flush=True)
        baseline = Baseline(build=False)
        build_missing_postings()
    else:
        print(f"# generating and indexing {args.n:,} documents", file=sys.stderr, flush=True)
        seconds, vocabulary = generate_and_index(args.n, args.seed, workers=args.workers)
        print(f"# indexed in {seconds:.0f} s ({vocabulary:,} distinct words); building the baseline index",
              file=sys.stderr, flush=True)
        baseline = Baseline()
    with_semantic = not args.no_semantic and semantic.available()
    if with_semantic and (not args.reuse or SearchDocument.objects.filter(embedding__isnull=True).exists()):
        print(f"# giving every document vectors ({VECTOR_SAMPLE} embedded, copied round-robin)",
              file=sys.stderr, flush=True)
        add_vectors()

    def search_uncached(q):
        semantic._recent_queries.vectors.clear()  # time the query embedding every time, as for a new query
        return search(q)

    def words_only(q):
        with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
            return search(q)

    prefixes = [p for text in SUGGEST_INPUTS for p in typed_prefixes(text)]
    load_before = os.getloadavg()[0]
    print("# timing", file=sys.stderr, flush=True)
    measured = []
    if with_semantic:
        measured.append(("search(), semantic re-ranking", timed(search_uncached, QUERIES, args.rounds)))
    measured += [
        ("search(), words only" if with_semantic else "search()", timed(words_only, QUERIES, args.rounds)),
        ("suggest()", timed(lambda p: suggest(p), prefixes, args.rounds)),
        ("baseline: raw full-text top 20", timed(baseline.query, QUERIES, args.rounds)),
    ]
    load_after = os.getloadavg()[0]
    print()
    print(f"Search latency — {args.n:,} documents, {database.split(' ')[0]}, "
          f"{len(QUERIES)} queries / {len(prefixes)} prefixes × {args.rounds} rounds")
    header = f"{'path':<32}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'CPU p50':>9}"
    print(header)
    print("-" * len(header))
    for name, (wall, cpu) in measured:
        s = percentiles(wall)
        print(f"{name:<32}{s['n']:>6}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['p99']:>9.1f}{s['max']:>9.1f}"
              f"{percentiles(cpu)['p50']:>9.1f}")
    print(f"(wall-clock ms; CPU p50 = this process's CPU time, all its threads (the semantic query embeddings run in two), excluding a database server's work; "
          f"1-min load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
