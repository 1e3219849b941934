#!/usr/bin/env python
"""Checkout benchmark: on the catalog benchmark's PostgreSQL database (10,000 products), gunicorn
on 127.0.0.1 (DEBUG off) and the fake Mollie API, 8 concurrent shoppers each add a product to
the cart and go through checkout up to the redirect to the payment page, again and again for a
fixed time. Reports requests per second and p50/p99 of the add-to-cart step and of the
confirm-to-payment-redirect step (which places the order under row locks and creates the
payment at the fake Mollie), and the SQL queries each step runs.

    .venv/bin/python bench/run_checkout.py [--seconds 20] [--concurrency 8] [--skip-seed]

Run bench/run_catalog.py first, or leave out --skip-seed to seed here."""

import argparse
import http.client
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

from common import (
    PYTHON,
    ROOT,
    bench_env,
    free_port,
    gunicorn,
    prepare_database,
    run_threads,
    summarise,
    wait_until_up,
)

ADDRESS = {
    "full_name": "Jelena Petrović",
    "email": "bench@example.rs",
    "phone": "064 123 4567",
    "street": "Knez Mihailova 12",
    "city": "Beograd",
    "postal_code": "11000",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKOUT_KEY = re.compile(r'name="checkout_key" value="([^"]+)"')


def shop_state(env) -> dict:
    """Give the benchmark's variants ample stock and today a rate; return what shoppers buy."""
    code = """
import json, django; django.setup()
from decimal import Decimal
from django.utils import timezone
from catalog.models import ExchangeRate, Variant
from orders.models import DeliveryMethod
variants = list(Variant.objects.filter(is_active=True, product__is_published=True)
    .select_related("product").order_by("pk")[:200])
Variant.objects.filter(pk__in=[v.pk for v in variants]).update(stock=1_000_000)
ExchangeRate.objects.get_or_create(date=timezone.localdate(), defaults={"eur_rsd": Decimal("117.2")})
print(json.dumps({"variants": [[v.pk, v.product.get_absolute_url()] for v in variants],
    "courier": DeliveryMethod.objects.filter(is_active=True).first().pk}))
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Shopper:
    """One browser: its own keep-alive connection and cookies."""

    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = SimpleCookie()

    def request(self, method, path, form=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        html = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, response.headers.get("Location", ""), html

    def token(self):
        return self.cookies["csrftoken"].value


def buy(shopper, variant_id, product_url, courier, timings):
    status, _, html = shopper.request("GET", product_url)
    token = TOKEN.search(html)[1]
    started = time.perf_counter()
    status, _, _ = shopper.request(
        "POST", "/cart/add/", {"csrfmiddlewaretoken": token, "variant": variant_id, "quantity": 1}
    )
    timings["add to cart"].append((time.perf_counter() - started, status == 302))
    token = shopper.token()
    for path, form in (
        ("/checkout/", ADDRESS),
        ("/checkout/delivery/", {"delivery_method": courier}),
        ("/checkout/review/", {"accept_terms": "on"}),
    ):
        status, _, _ = shopper.request("POST", path, {"csrfmiddlewaretoken": token, **form})
        if status != 302:
            raise RuntimeError(f"{path} answered {status}")
    _, _, html = shopper.request("GET", "/checkout/confirm/")
    key = CHECKOUT_KEY.search(html)[1]
    started = time.perf_counter()
    status, location, _ = shopper.request(
        "POST", "/checkout/confirm/", {"csrfmiddlewaretoken": token, "checkout_key": key}
    )
    paid_page = status == 302 and "/checkout/tr_" in location
    timings["confirm → payment redirect"].append((time.perf_counter() - started, paid_page))


def load(port, state, seconds, concurrency):
    timings = {"add to cart": [], "confirm → payment redirect": []}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    def worker():
        mine = {name: [] for name in timings}
        while time.monotonic() < deadline:
            with lock:
                variant_id, url = state["variants"][next(counter) % len(state["variants"])]
            try:
                buy(Shopper(port), variant_id, url, state["courier"], mine)
            except (OSError, http.client.HTTPException, RuntimeError, TypeError):
                mine["add to cart"].append((0.0, False))
        with lock:
            for name, values in mine.items():
                timings[name].extend(values)

    elapsed = run_threads(worker, concurrency)
    return {
        name: summarise([t for t, ok in values if ok], sum(not ok for _, ok in values), elapsed)
        for name, values in timings.items()
    }


def queries_per_step(env, state) -> dict:
    """Each step once through Django's test client, counting SQL queries."""
    code = """
import json, os, re, django; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
given = json.loads(os.environ["BENCH_GIVEN"])
variant_id, url = given["variant"]
client = Client()
steps = [
    ("product page", "get", url, None),
    ("add to cart", "post", "/cart/add/", {"variant": variant_id, "quantity": 1}),
    ("cart page", "get", "/cart/", None),
    ("address", "post", "/checkout/", given["address"]),
    ("courier", "post", "/checkout/delivery/", {"delivery_method": given["courier"]}),
    ("review + terms", "post", "/checkout/review/", {"accept_terms": "on"}),
    ("confirm page", "get", "/checkout/confirm/", None),
]
counts = {}
for name, method, path, data in steps:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    counts[name] = len(queries)
key = re.search(r'name="checkout_key" value="([^"]+)"', response.content.decode())[1]
with CaptureQueriesContext(connection) as queries:
    client.post("/checkout/confirm/", {"checkout_key": key})
counts["confirm → payment redirect"] = len(queries)
print(json.dumps(counts))
"""
    given = {"variant": state["variants"][0], "address": ADDRESS, "courier": state["courier"]}
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver", "BENCH_GIVEN": json.dumps(given)},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database", default="cestmoi_bench")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()

    mollie_port = free_port()
    mollie = subprocess.Popen(
        [PYTHON, "-m", "devtools.fake_mollie", "--port", str(mollie_port)], cwd=ROOT
    )
    try:
        wait_until_up(mollie_port, path="/_fake/payments")
        env = bench_env(args.database, MOLLIE_API_ENDPOINT=f"http://127.0.0.1:{mollie_port}")
        if not args.skip_seed:
            prepare_database(env, args.database, products=args.products, fresh=False)
        state = shop_state(env)
        queries = queries_per_step(env, state)
        with gunicorn(env, workers=args.workers, threads=args.threads) as port:
            load(port, state, 2.0, 2)  # warm up
            results = load(port, state, args.seconds, args.concurrency)
    finally:
        mollie.terminate()
        mollie.wait(timeout=10)

    print(
        f"gunicorn {args.workers} workers × {args.threads} threads; {args.concurrency} shoppers; {args.seconds:.0f} s"
    )
    print(f"{'step':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'queries':>8}")
    for name, result in results.items():
        print(
            f"{name:30} {result['rps']:8} {result['p50_ms']:8} {result['p99_ms']:8} {result['errors']:7} {queries[name]:8}"
        )
    print("queries per step:", ", ".join(f"{k} {v}" for k, v in queries.items()))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"checkout-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps({"args": vars(args), "results": results, "queries": queries}, indent=2)
    )
    return 0 if all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
