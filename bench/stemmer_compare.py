#!/usr/bin/env python
"""Compare Indonesian stemmers for the search pipeline: accuracy and speed.

Candidates:
  * PySastrawi 1.2.1 (import name ``Sastrawi``): dictionary-based confix
    stripping (Nazief-Adriani / ECS). Code MIT; its root-word list is
    CC-BY-NC-SA 3.0.
  * Snowball Indonesian (``snowballstemmer``): algorithmic (Tala 2003), BSD.

Accuracy is measured on a word -> expected stem file (tab-separated, header
``word, stem, source_test_file``; read with csv.QUOTE_NONE; a literal ``\\n``
stands for a newline). Those pairs come from PySastrawi's own test-suite, so
PySastrawi is favoured by construction; a second, small list of government
words written for this project is scored too (it is what matters here).

Speed is measured on the tokens of a text corpus (any CSV; every cell is
tokenised): "uncached" stems each distinct word once with a fresh stemmer,
"cached" runs the whole token stream through functools.lru_cache, the way
layanan.search.analysis uses the stemmer.

Usage (from the repository root):
    .venv/bin/python bench/stemmer_compare.py [PAIRS_TSV] [--corpus CSV]

Defaults are sastrawi_stem_pairs.tsv and bpjs_faq.csv in the folder of the
evaluation data set (not included in this repository) named by LAYANAN_EVAL_DIR.
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(os.environ.get("LAYANAN_EVAL_DIR", "."))
DEFAULT_PAIRS = EVAL_DIR / "sastrawi_stem_pairs.tsv"
DEFAULT_CORPUS = EVAL_DIR / "bpjs_faq.csv"

# Words citizens and agencies use about public services, with the root a
# search engine should reduce them to. Written for this project.
DOMAIN_PAIRS = [
    ("kependudukan", "duduk"), ("penduduk", "duduk"), ("perpanjangan", "panjang"),
    ("memperpanjang", "panjang"), ("pembuatan", "buat"), ("membuat", "buat"),
    ("kehilangan", "hilang"), ("pendaftaran", "daftar"), ("mendaftar", "daftar"),
    ("persyaratan", "syarat"), ("kelahiran", "lahir"), ("perkawinan", "kawin"),
    ("pengurusan", "urus"), ("mengurus", "urus"), ("kematian", "mati"),
    ("perizinan", "izin"), ("pelayanan", "layan"), ("kepolisian", "polisi"),
    ("penggantian", "ganti"), ("pindahan", "pindah"), ("kepindahan", "pindah"),
    ("perceraian", "cerai"), ("pengajuan", "aju"), ("pembayaran", "bayar"),
    ("membayar", "bayar"), ("pelaporan", "lapor"), ("melaporkan", "lapor"),
    ("pencetakan", "cetak"), ("keterangan", "terang"), ("pengesahan", "sah"),
    ("pemberitahuan", "beritahu"), ("kendaraan", "kendara"), ("pengemudi", "kemudi"),
    ("mengemudi", "kemudi"), ("ketenagakerjaan", "tenaga kerja"),
    ("kesehatan", "sehat"), ("perusahaan", "usaha"), ("pengampunan", "ampun"),
    ("pemeriksaan", "periksa"), ("penerbitan", "terbit"), ("diterbitkan", "terbit"),
    ("pengambilan", "ambil"), ("perekaman", "rekam"), ("tanda", "tanda"),
    ("paspor", "paspor"), ("keluarga", "keluarga"), ("bangunan", "bangun"),
    ("persetujuan", "tuju"), ("kewarganegaraan", "warganegara"), ("pajak", "pajak"),
]

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def normalize(text: str) -> str:
    """The same normalisation PySastrawi applies before stemming."""
    text = text.lower()
    text = re.sub(r"[^a-z0-9 -]", " ", text, flags=re.IGNORECASE | re.MULTILINE)
    text = re.sub(r"( +)", " ", text, flags=re.IGNORECASE | re.MULTILINE)
    return text.strip()


def load_pairs(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    pairs = []
    for row in rows[1:]:
        if len(row) >= 2:
            pairs.append((row[0].replace("\\n", "\n"), row[1]))
    return pairs


def load_corpus_tokens(path: Path) -> list[str]:
    tokens: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            for cell in row:
                tokens += _WORD.findall(cell.lower())
    return tokens


def sastrawi_word_stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary

    words = StemmerFactory().get_words()
    return Stemmer(ArrayDictionary(words))  # no CachedStemmer: measure the raw cost


def snowball_word_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("indonesian")


def make_stem_text(name: str):
    """A function text -> space-joined stems, for each candidate."""
    if name == "sastrawi":
        stemmer = sastrawi_word_stemmer()
        return stemmer.stem
    stemmer = snowball_word_stemmer()

    def stem_text(text: str) -> str:
        return " ".join(stemmer.stemWord(w) for w in normalize(text).split(" ") if w)

    return stem_text


def make_stem_word(name: str):
    if name == "sastrawi":
        return sastrawi_word_stemmer().stem_word
    return snowball_word_stemmer().stemWord


def accuracy(stem_text, pairs) -> tuple[int, int, list[tuple[str, str, str]]]:
    wrong = []
    for word, expected in pairs:
        got = stem_text(word)
        if got != expected:
            wrong.append((word, expected, got))
    return len(pairs) - len(wrong), len(pairs), wrong


def speed(name: str, tokens: list[str]) -> dict:
    distinct = sorted(set(tokens))
    t0 = time.perf_counter()
    stem_word = make_stem_word(name)
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    for w in distinct:
        stem_word(w)
    uncached = time.perf_counter() - t0

    cached_stem = functools.lru_cache(maxsize=100_000)(make_stem_word(name))
    t0 = time.perf_counter()
    for w in tokens:
        cached_stem(w)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for w in tokens:
        cached_stem(w)
    warm = time.perf_counter() - t0
    return {
        "load_s": load,
        "distinct": len(distinct),
        "tokens": len(tokens),
        "uncached_us_per_word": uncached / len(distinct) * 1e6,
        "cached_cold_us_per_token": cold / len(tokens) * 1e6,
        "cached_warm_us_per_token": warm / len(tokens) * 1e6,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="?", default=str(DEFAULT_PAIRS), help="word/stem pairs TSV")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="CSV whose text is the speed word list")
    parser.add_argument("--show-errors", action="store_true", help="list every wrong stem")
    args = parser.parse_args(argv)

    pairs_path, corpus_path = Path(args.pairs), Path(args.corpus)
    if not pairs_path.exists():
        print(f"Pairs file not found: {pairs_path}", file=sys.stderr)
        return 2
    pairs = load_pairs(pairs_path)
    single = [(w, s) for w, s in pairs if re.fullmatch(r"[A-Za-z]+", w)]

    print(f"Accuracy on {pairs_path.name}: {len(pairs)} pairs ({len(single)} single plain words)")
    print(f"and on {len(DOMAIN_PAIRS)} government-domain words written for this project\n")
    header = f"{'stemmer':<10} {'all pairs':>14} {'single words':>14} {'domain words':>14}"
    print(header)
    print("-" * len(header))
    errors = {}
    for name in ("sastrawi", "snowball"):
        stem_text = make_stem_text(name)
        ok, n, wrong = accuracy(stem_text, pairs)
        ok1, n1, _ = accuracy(stem_text, single)
        okd, nd, wrong_d = accuracy(stem_text, DOMAIN_PAIRS)
        errors[name] = (wrong, wrong_d)
        print(f"{name:<10} {ok:>5}/{n:<3} {ok / n:5.1%} {ok1:>5}/{n1:<3} {ok1 / n1:5.1%} "
              f"{okd:>5}/{nd:<3} {okd / nd:5.1%}")
    for name, (wrong, wrong_d) in errors.items():
        shown = wrong if args.show_errors else wrong[:8]
        print(f"\n{name}: wrong on domain words: "
              + (", ".join(f"{w}->{g} (want {e})" for w, e, g in wrong_d) or "none"))
        print(f"{name}: wrong on pairs (first {len(shown)} of {len(wrong)}): "
              + ", ".join(f"{w!r}->{g!r}" for w, e, g in shown))

    if corpus_path.exists():
        tokens = load_corpus_tokens(corpus_path)
        print(f"\nSpeed on {corpus_path.name}: {len(tokens)} tokens, {len(set(tokens))} distinct words")
        header = (f"{'stemmer':<10} {'load (s)':>9} {'uncached µs/word':>17} "
                  f"{'lru cold µs/tok':>16} {'lru warm µs/tok':>16}")
        print(header)
        print("-" * len(header))
        for name in ("sastrawi", "snowball"):
            s = speed(name, tokens)
            print(f"{name:<10} {s['load_s']:>9.3f} {s['uncached_us_per_word']:>17.1f} "
                  f"{s['cached_cold_us_per_token']:>16.2f} {s['cached_warm_us_per_token']:>16.2f}")
    else:
        print(f"\nCorpus not found ({corpus_path}); speed not measured.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
