#!/usr/bin/env python
"""Catalog benchmark: seed 10,000 products into a PostgreSQL database of its own, serve the shop
with gunicorn on 127.0.0.1 (DEBUG off), and measure requests per second and p50/p99 latency of
the home, category, product and search pages next to /bench/trivial/, a view that returns "ok"
through the same middleware, served by the same server in the same run.

    .venv/bin/python bench/run_catalog.py [--products 10000] [--seconds 5] [--rounds 3] [--skip-seed]
        [--languages en,sr-latn,sr] [--accept-encoding ""]

Requests carry a browser's Accept-Encoding unless told otherwise, so compressed pages count as
browsers get them; the run fails when a catalog page falls below 70 % of the trivial view.
With several languages, every catalog page is measured in each (Accept-Language), so Serbian and
Cyrillic pages can be compared with the English ones in the same run.

The load generator is bounded (fixed threads, fixed duration, loopback only) and uses
keep-alive connections. Results go to stdout and bench/results/catalog-<time>.json."""

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time

from common import (
    PYTHON,
    ROOT,
    bench_env,
    gunicorn,
    prepare_database,
    run_threads,
    summarise,
)

PAGES = {
    "trivial": "/bench/trivial/",
    "home": "/",
    "category": "/category/rings/",
    "category (filtered, page 3)": "/category/rings/?material=silver&sort=price_asc&page=3",
    "product": None,  # filled in after seeding
    "search": "/search/?q=garnet+ring",
}


def product_url(env) -> str:
    code = (
        "import django; django.setup();"
        "from catalog.models import Product;"
        "p = Product.objects.filter(is_published=True, variants__isnull=False)"
        ".order_by('pk').distinct()[500];"
        "print(p.get_absolute_url())"
    )
    return subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def load(port, path, seconds, concurrency, language="en", accept_encoding=""):
    """Hit `path` from `concurrency` threads for `seconds` asking for `language` (and
    `accept_encoding`, if given); return latencies and errors."""
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                headers = {"Host": "127.0.0.1", "Accept-Language": language}
                if accept_encoding:
                    headers["Accept-Encoding"] = accept_encoding
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                    continue
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    elapsed = run_threads(worker, concurrency)
    return summarise(latencies, sum(errors), elapsed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; median reported")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--database", default="cestmoi_bench")
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database first")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument(
        "--languages", default="en", help="comma-separated languages to measure each page in"
    )
    parser.add_argument(
        "--accept-encoding",
        default="gzip, deflate, br, zstd",
        help="the Accept-Encoding header sent (a browser's by default; '' for none)",
    )
    args = parser.parse_args()
    languages = args.languages.split(",")

    env = bench_env(args.database, CACHE_KEY_PREFIX=f"bench-{args.database}")
    seed_seconds = (
        None
        if args.skip_seed
        else prepare_database(env, args.database, products=args.products, fresh=args.fresh)
    )
    PAGES["product"] = product_url(env)
    measured = {
        (f"{name} [{language}]" if len(languages) > 1 and name != "trivial" else name): (
            path,
            language,
        )
        for name, path in PAGES.items()
        for language in (languages[:1] if name == "trivial" else languages)
    }
    with gunicorn(env, workers=args.workers, threads=args.threads) as port:
        for path, language in measured.values():  # warm the workers and the cache
            load(port, path, 1.0, 2, language)
        # Pages take turns, round after round, so that a busy neighbour on the machine slows
        # the trivial view as much as the catalog pages; each page's median round counts.
        rounds = [
            {
                name: load(
                    port, path, args.seconds, args.concurrency, language, args.accept_encoding
                )
                for name, (path, language) in measured.items()
            }
            for _ in range(args.rounds)
        ]
        results = {
            name: sorted((r[name] for r in rounds), key=lambda r: r["rps"])[args.rounds // 2]
            for name in measured
        }

    ceiling = results["trivial"]["rps"]
    print(f"\nseed_demo --products {args.products}: {seed_seconds:.1f} s" if seed_seconds else "")
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads; {args.concurrency} client threads; {args.seconds:.0f} s per page and round, median of {args.rounds} rounds; {os.cpu_count()} CPUs; Accept-Encoding: {args.accept_encoding or '-'}"
    )
    print(f"{'page':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'of trivial':>11}")
    for name, result in results.items():
        share = f"{result['rps'] / ceiling:.0%}" if ceiling else "-"
        print(
            f"{name:30} {result['rps']:8} {result['p50_ms']:8} {result['p99_ms']:8} {result['errors']:7} {share:>11}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"catalog-{stamp}.json").write_text(
        json.dumps(
            {"args": vars(args), "seed_seconds": seed_seconds, "pages": PAGES, "results": results},
            indent=2,
        )
    )
    failing = [n for n, r in results.items() if n != "trivial" and r["rps"] < ceiling * 0.7]
    if failing:
        print(f"Below 70 % of the trivial view's throughput: {', '.join(failing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
