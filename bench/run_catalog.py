#!/usr/bin/env python
"""Catalog benchmark: seed 10,000 products into a PostgreSQL database of its own, serve the shop
with gunicorn on 127.0.0.1 (DEBUG off), and measure requests per second and p50/p99 latency of
the home, category, product and search pages next to /bench/trivial/, a view that returns "ok"
through the same middleware, served by the same server in the same run.

    .venv/bin/python bench/run_catalog.py [--products 10000] [--seconds 5] [--rounds 3] [--skip-seed]

The load generator is bounded (fixed threads, fixed duration, loopback only) and uses
keep-alive connections. Results go to stdout and bench/results/catalog-<time>.json."""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = {
    "trivial": "/bench/trivial/",
    "home": "/",
    "category": "/category/rings/",
    "category (filtered, page 3)": "/category/rings/?material=silver&sort=price_asc&page=3",
    "product": None,  # filled in after seeding
    "search": "/search/?q=garnet+ring",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(args) -> dict:
    var = ROOT / "var" / "bench"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cestmoi.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": "bench",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "BENCHMARK_VIEWS": "true",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare(args, env):
    if args.fresh:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database],
            check=True,
        )
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database],
        check=False,
        stderr=subprocess.DEVNULL,
    )
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    started = time.monotonic()
    manage(env, "seed_demo", "--products", str(args.products), "--replace")
    return time.monotonic() - started


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


def wait_until_up(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/bench/trivial/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def load(port, path, seconds, concurrency):
    """Hit `path` from `concurrency` threads for `seconds`; return latencies and errors."""
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
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

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": sum(errors),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2) if latencies else None,
    }


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
    args = parser.parse_args()

    env = bench_env(args)
    seed_seconds = None if args.skip_seed else prepare(args, env)
    PAGES["product"] = product_url(env)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "cestmoi.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
        for path in PAGES.values():  # warm the workers and the cache
            load(port, path, 1.0, 2)
        # Pages take turns, round after round, so that a busy neighbour on the machine slows
        # the trivial view as much as the catalog pages; each page's median round counts.
        rounds = [
            {name: load(port, path, args.seconds, args.concurrency) for name, path in PAGES.items()}
            for _ in range(args.rounds)
        ]
        results = {
            name: sorted((r[name] for r in rounds), key=lambda r: r["rps"])[args.rounds // 2]
            for name in PAGES
        }
    finally:
        server.terminate()
        server.wait(timeout=30)

    ceiling = results["trivial"]["rps"]
    print(f"\nseed_demo --products {args.products}: {seed_seconds:.1f} s" if seed_seconds else "")
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads; {args.concurrency} client threads; {args.seconds:.0f} s per page and round, median of {args.rounds} rounds; {os.cpu_count()} CPUs"
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
    failing = [n for n, r in results.items() if n != "trivial" and r["rps"] < ceiling / 2]
    if failing:
        print(f"Below half the trivial view's throughput: {', '.join(failing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
