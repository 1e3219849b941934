#!/usr/bin/env python
"""Browsing while others buy: on the catalog benchmark's PostgreSQL database (10,000 products),
gunicorn on 127.0.0.1 (DEBUG off) and the fake bank, measure the category and product pages'
throughput for visitors without a session alone, then with shoppers buying beside them at a
steady rate (2 orders a second by default: product page, cart, the checkout steps, payment at
the fake bank and the return). A purchase should make stale only the bought product's cached
page (and the listings when something runs out), so browsing under purchases stays close to
browsing alone.

    .venv/bin/python bench/run_browse_while_buying.py [--orders-per-second 2] [--seconds 8]
        [--rounds 3] [--skip-seed]

Alone and beside purchases take turns, round after round, so that a busy neighbour on the
machine weighs on both; each page's median round counts. Results go to stdout and
bench/results/browse-while-buying-<time>.json."""

import argparse
import http.client
import itertools
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time

from common import (
    PYTHON,
    ROOT,
    bench_env,
    free_port,
    gunicorn,
    machine_busy,
    prepare_database,
    server_cpu_seconds,
    wait_until_up,
)
from run_catalog import load as browse
from run_catalog import product_url
from run_checkout import SHOPPER_NUMBERS, Shopper, buy, provider_settings, shop_state

BUYER_THREADS = 4
# Each buyers' process numbers its shoppers from a block of its own: a forked copy of
# SHOPPER_NUMBERS would start each process at the same number, and the same addresses and
# e-mails would soon meet the shop's abuse limits.
BUYER_NUMBER_BLOCKS = itertools.count(next(SHOPPER_NUMBERS), 10_000)


def _buy_at_rate(port, state, bank_port, rate, first_number, stop, completed, failed):
    """Purchases at `rate` orders a second until `stop` is set, from BUYER_THREADS threads so
    that one slow purchase does not hold the rate back; counts them in `completed`/`failed`."""
    interval = BUYER_THREADS / rate
    numbers, numbering = itertools.count(first_number), threading.Lock()

    def run(offset):
        next_start = time.monotonic() + offset * interval / BUYER_THREADS
        while not stop.is_set():
            if stop.wait(max(0.0, next_start - time.monotonic())):
                return
            next_start += interval
            with numbering:
                number = next(numbers)
            item = state["variants"][number % len(state["variants"])]
            timings = {
                name: []
                for name in (
                    "add to cart",
                    "confirm → payment redirect",
                    "bank return → order page",
                )
            }
            try:
                buy(Shopper(port, number), item, state["courier"], timings, bank_port)
                ok = all(ok for values in timings.values() for _, ok in values)
            except (OSError, http.client.HTTPException, RuntimeError, TypeError):
                ok = False
            counter = completed if ok else failed
            with counter.get_lock():
                counter.value += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(BUYER_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Buyers:
    """Shoppers completing purchases at `rate` orders a second in the background, in a process
    of their own, as their browsers are: in the browsing client's process they would share its
    one interpreter lock, and their page parsing would slow the client instead of the shop."""

    def __init__(self, port, state, bank_port, rate: float):
        context = multiprocessing.get_context("fork")
        self.stop = context.Event()
        self.completed, self.failed = context.Value("i", 0), context.Value("i", 0)
        self.process = context.Process(
            target=_buy_at_rate,
            args=(
                port,
                state,
                bank_port,
                rate,
                next(BUYER_NUMBER_BLOCKS),
                self.stop,
                self.completed,
                self.failed,
            ),
        )

    def __enter__(self):
        self.started = time.monotonic()
        self.process.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.process.join()
        self.elapsed = time.monotonic() - self.started

    @property
    def orders_per_second(self) -> float:
        return round(self.completed.value / self.elapsed, 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders-per-second", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; median reported")
    parser.add_argument("--concurrency", type=int, default=8, help="browsing client threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database", default="cestmoi_bench")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()

    bank_port, shop_port = free_port(), free_port()
    bank = subprocess.Popen(
        [PYTHON, "-m", "devtools.fake_bank", "--port", str(bank_port)], cwd=ROOT
    )
    try:
        wait_until_up(bank_port, path="/_fake/orders")
        env = bench_env(
            args.database,
            CACHE_KEY_PREFIX=f"bench-{args.database}",
            # The shoppers come through one trusted proxy, each from its own address.
            TRUSTED_PROXY_COUNT="1",
            **provider_settings("bank", bank_port, shop_port),
        )
        if not args.skip_seed:
            prepare_database(env, args.database, products=args.products, fresh=False)
        state = shop_state(env)
        pages = {"category": "/category/rings/", "product": product_url(env)}
        with gunicorn(env, workers=args.workers, threads=args.threads, port=shop_port) as port:
            for path in pages.values():  # warm the workers and the cache
                browse(port, path, 1.0, 2)
            with Buyers(port, state, bank_port, args.orders_per_second):
                time.sleep(2.0)
            # What the purchases alone cost the shop: CPU they take from browsing.
            cpu_before, (busy_before, ticks_before) = server_cpu_seconds(port), machine_busy()
            with Buyers(port, state, bank_port, args.orders_per_second) as buying:
                time.sleep(args.seconds)
            cpu_per_order = (server_cpu_seconds(port) - cpu_before) / max(buying.completed.value, 1)
            busy_after, ticks_after = machine_busy()
            # Browsing saturates the machine: it cannot keep more than what purchases leave.
            machine_share = (busy_after - busy_before) / max(ticks_after - ticks_before, 1)
            rounds = []
            for _ in range(args.rounds):
                measured = {}
                for name, path in pages.items():
                    measured[f"{name} alone"] = browse(port, path, args.seconds, args.concurrency)
                    with Buyers(port, state, bank_port, args.orders_per_second) as buyers:
                        result = browse(port, path, args.seconds, args.concurrency)
                    result["orders_per_second"] = buyers.orders_per_second
                    result["failed_orders"] = buyers.failed.value
                    measured[f"{name} while buying"] = result
                rounds.append(measured)
    finally:
        bank.terminate()
        bank.wait(timeout=10)

    results = {
        name: sorted((r[name] for r in rounds), key=lambda r: r["rps"])[args.rounds // 2]
        for name in rounds[0]
    }
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads; {args.concurrency} browsing "
        f"threads; {args.orders_per_second} orders/s asked; {args.seconds:.0f} s per page and "
        f"round, median of {args.rounds} rounds"
    )
    print(
        f"{'page':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'orders/s':>9} {'of alone':>9}"
    )
    for name, result in results.items():
        alone = results[name.replace("while buying", "alone")]["rps"]
        print(
            f"{name:24} {result['rps']:8} {result['p50_ms']:8} {result['p99_ms']:8} "
            f"{result['errors']:7} {result.get('orders_per_second', '-')!s:>9} "
            f"{result['rps'] / alone:9.0%}"
        )
    share = cpu_per_order * args.orders_per_second / os.cpu_count()
    print(
        f"purchases alone: {buying.orders_per_second} orders/s, {cpu_per_order * 1000:.0f} ms of "
        f"the shop's CPU each: {share:.0%} of the machine's {os.cpu_count()} CPUs at "
        f"{args.orders_per_second} orders/s; with PostgreSQL, the fake bank and the buyers' "
        f"browsers {machine_share:.0%} of the machine, the least browsing can lose beside them"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"browse-while-buying-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "pages": pages,
                "rounds": rounds,
                "results": results,
                "purchases_machine_share": round(machine_share, 3),
            },
            indent=2,
        )
    )
    failed = sum(r.get("failed_orders", 0) for r in results.values())
    return 0 if failed == 0 and all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
