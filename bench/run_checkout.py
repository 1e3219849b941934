#!/usr/bin/env python
"""Checkout benchmark: on the catalog benchmark's PostgreSQL database (10,000 products), gunicorn
on 127.0.0.1 (DEBUG off) and the fake payment provider, 8 concurrent shoppers each add a product
to the cart and go through checkout up to the payment page, again and again for a fixed time.
Reports requests per second and p50/p99 of each step and the SQL queries it runs.

- `--provider bank` (the default, like the shop's): confirm → the shop's page with the signed
  form for the bank (both requests timed together); the shopper pays on the fake bank, which
  calls the shop back server to server (the callback verifies the hash, asks the bank's status
  API and marks the order paid; timed by the fake bank); then the browser posts the bank's
  signed answer back (the return, timed). Side effects go to a Celery broker no worker reads,
  as in production, where a worker renders the documents.
- `--provider mollie`: confirm → redirect to the fake Mollie (the payment is created there).
- `--think S`: each shopper spends S seconds on a page before the next click, as people do.
  The default 0 has every shopper click at once: the machine is saturated, and a step's
  latency is mostly its wait for the CPU behind the other shoppers' requests.

    .venv/bin/python bench/run_checkout.py [--provider bank] [--seconds 20] [--concurrency 8]
        [--think 0] [--skip-seed]

Run bench/run_catalog.py first, or leave out --skip-seed to seed here."""

import argparse
import http.client
import itertools
import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from html import unescape as html_unescape
from http.cookies import SimpleCookie

from common import (
    PYTHON,
    ROOT,
    bench_env,
    free_port,
    gunicorn,
    prepare_database,
    run_threads,
    server_cpu_seconds,
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
# Numbers of the shoppers: no two purchases share an address or an e-mail, not even across
# runs within the hour the abuse limits remember.
SHOPPER_NUMBERS = itertools.count(int(time.time()) % 100_000 * 100)
BANK_FIELD = re.compile(r'name="([^"]+)" value="([^"]*)"')


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
print(json.dumps({"variants": [[v.pk, v.product.get_absolute_url(), v.product.is_personalised]
    for v in variants],
    "courier": DeliveryMethod.objects.filter(is_active=True).first().pk}))
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Shopper:
    """One browser: its own keep-alive connection, cookies, address and e-mail. Every purchase
    is a new shopper from its own address (behind the one trusted proxy the benchmark
    configures), so the shop's abuse limits (10 orders an hour per address, 5 per e-mail, 3
    unpaid orders holding stock per customer) stay in the path without refusing the load."""

    def __init__(self, port, number: int, think: float = 0.0):
        self.port = port
        self.think = think
        self.ip = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        self.email = f"bench+{number}@example.rs"
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = SimpleCookie()

    def request(self, method, path, form=None):
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": self.ip}
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

    def reads_the_page(self):
        """The time a person spends on a page before the next click: --think seconds on
        average, between half and one and a half times it, so that the shoppers do not click
        in step (0 by default: every shopper clicks at once, and the machine is saturated)."""
        if self.think:
            time.sleep(self.think * random.uniform(0.5, 1.5))  # nosec B311: pacing, not secrets


def pay_at_fake_bank(bank_port, form) -> dict:
    """The shopper's "Pay" on the fake bank's page: the bank records it, calls the shop back
    and answers with the signed fields the browser posts to the shop."""
    connection = http.client.HTTPConnection("127.0.0.1", bank_port, timeout=30)
    body = json.dumps({"form": form, "choice": "approve", "brand": "DinaCard"})
    connection.request(
        "POST", "/_fake/pay", body=body, headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"the fake bank refused: {answer}")
    return answer["fields"]


def buy(shopper, item, courier, timings, bank_port=None):
    """One purchase of `item` (variant id, product page, whether the piece must be engraved)."""
    variant_id, product_url, personalised = item
    status, _, html = shopper.request("GET", product_url)
    token = TOKEN.search(html)[1]
    form = {"csrfmiddlewaretoken": token, "variant": variant_id, "quantity": 1}
    if personalised:  # the shop refuses a personalised piece without its text
        form["engraving"] = "Zauvek tvoja"
    shopper.reads_the_page()
    started = time.perf_counter()
    status, _, _ = shopper.request("POST", "/cart/add/", form)
    timings["add to cart"].append((time.perf_counter() - started, status == 302))
    token = shopper.token()
    # Each step must lead to the next one: a shop that refused the item sends every step back
    # to the cart with the same status 302.
    for path, form, next_step in (
        ("/checkout/", {**ADDRESS, "email": shopper.email}, "/checkout/delivery/"),
        ("/checkout/delivery/", {"delivery_method": courier}, "/checkout/review/"),
        ("/checkout/review/", {"accept_terms": "on"}, "/checkout/confirm/"),
    ):
        shopper.reads_the_page()
        status, location, _ = shopper.request("POST", path, {"csrfmiddlewaretoken": token, **form})
        if (status, location) != (302, next_step):
            raise RuntimeError(f"{path} answered {status} {location}")
    _, _, html = shopper.request("GET", "/checkout/confirm/")
    key = CHECKOUT_KEY.search(html)[1]
    shopper.reads_the_page()
    started = time.perf_counter()
    status, location, _ = shopper.request(
        "POST", "/checkout/confirm/", {"csrfmiddlewaretoken": token, "checkout_key": key}
    )
    if bank_port is None:
        paid_page = status == 302 and "/checkout/tr_" in location
        timings["confirm → payment redirect"].append((time.perf_counter() - started, paid_page))
        return
    pay_page = urllib.parse.urlsplit(location).path
    status, _, html = shopper.request("GET", pay_page) if status == 302 else (status, "", "")
    form = dict(BANK_FIELD.findall(html.split("data-autosubmit", 1)[-1].split("</form>", 1)[0]))
    timings["confirm → payment redirect"].append((time.perf_counter() - started, "HASH" in form))
    if "HASH" not in form:
        return
    answer = pay_at_fake_bank(bank_port, {k: html_unescape(v) for k, v in form.items()})
    started = time.perf_counter()
    status, location, _ = shopper.request("POST", "/payments/bank/return/", answer)
    timings["bank return → order page"].append(
        (time.perf_counter() - started, status == 302 and "returned=1" in location)
    )


def load(port, state, seconds, concurrency, bank_port=None, think=0.0):
    timings = {"add to cart": [], "confirm → payment redirect": []}
    if bank_port is not None:
        timings["bank return → order page"] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        mine = {name: [] for name in timings}
        while time.monotonic() < deadline:
            with lock:
                number = next(SHOPPER_NUMBERS)
                item = state["variants"][number % len(state["variants"])]
            try:
                buy(Shopper(port, number, think), item, state["courier"], mine, bank_port)
            except (OSError, http.client.HTTPException, RuntimeError, TypeError) as error:
                print(f"purchase failed: {error!r}", file=sys.stderr)
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
from urllib.parse import urlsplit
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
given = json.loads(os.environ["BENCH_GIVEN"])
variant_id, url, personalised = given["variant"]
client = Client(HTTP_X_FORWARDED_FOR=given["ip"])
steps = [
    ("product page", "get", url, None),
    ("add to cart", "post", "/cart/add/",
        {"variant": variant_id, "quantity": 1, **({"engraving": "Zauvek"} if personalised else {})}),
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
    response = client.post("/checkout/confirm/", {"checkout_key": key})
    pay_page = urlsplit(response.headers["Location"]).path
    if pay_page.startswith("/payments/bank/pay/"):
        response = client.get(pay_page)
counts["confirm → payment redirect"] = len(queries)
if given.get("bank_url"):
    import html, urllib.request
    part = response.content.decode().split("data-autosubmit", 1)[1].split("</form>", 1)[0]
    form = {k: html.unescape(v) for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', part)}
    request = urllib.request.Request(given["bank_url"] + "/_fake/pay", method="POST",
        data=json.dumps({"form": form, "choice": "approve"}).encode())
    answer = json.load(urllib.request.urlopen(request, timeout=30))["fields"]
    with CaptureQueriesContext(connection) as queries:
        client.post("/payments/bank/callback/", answer)
    counts["bank callback"] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        client.post("/payments/bank/return/", answer)
    counts["bank return → order page"] = len(queries)
print(json.dumps(counts))
"""
    shopper = Shopper(0, next(SHOPPER_NUMBERS))
    given = {
        "variant": state["variants"][0],
        "address": {**ADDRESS, "email": shopper.email},
        "ip": shopper.ip,
        "courier": state["courier"],
        "bank_url": env.get("BENCH_BANK_URL", ""),
    }
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver", "BENCH_GIVEN": json.dumps(given)},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def provider_settings(provider: str, provider_port: int, shop_port: int) -> dict:
    if provider == "mollie":
        return {
            "PAYMENT_PROVIDER": "mollie",
            "MOLLIE_API_ENDPOINT": f"http://127.0.0.1:{provider_port}",
        }
    printed = subprocess.run(
        [PYTHON, "-m", "devtools.fake_bank", "--print-settings", "--port", str(provider_port)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    bank = dict(line.removeprefix("export ").split("=", 1) for line in printed.splitlines())
    return {
        "PAYMENT_PROVIDER": "bank",
        **bank,
        "SITE_URL": f"http://127.0.0.1:{shop_port}",
        "BENCH_BANK_URL": f"http://127.0.0.1:{provider_port}",
        # Side effects of a paid order queue for a worker, as in production (none runs here).
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/10",
    }


def fake_bank_control(bank_port: int, method: str, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", bank_port, timeout=30)
    connection.request(method, path)
    answer = json.loads(connection.getresponse().read())
    connection.close()
    return answer


def callback_timings(bank_port: int, seconds: float) -> dict:
    """The bank's server-to-server callbacks during the run, as the fake bank timed them."""
    calls = fake_bank_control(bank_port, "GET", "/_fake/callbacks")
    good = [call["ms"] / 1000 for call in calls if call["status"] == 200]
    return summarise(good, len(calls) - len(good), seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=("bank", "mollie"), default="bank")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each shopper spends on a page before the next click (0: none)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database", default="cestmoi_bench")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()

    provider_port, shop_port = free_port(), free_port()
    if args.provider == "bank":
        fake = [PYTHON, "-m", "devtools.fake_bank", "--port", str(provider_port)]
        ready_path = "/_fake/orders"
    else:
        fake = [PYTHON, "-m", "devtools.fake_mollie", "--port", str(provider_port)]
        ready_path = "/_fake/payments"
    provider = subprocess.Popen(fake, cwd=ROOT)
    try:
        wait_until_up(provider_port, path=ready_path)
        env = bench_env(
            args.database,
            # The shoppers come through one trusted proxy, each from its own address.
            TRUSTED_PROXY_COUNT="1",
            **provider_settings(args.provider, provider_port, shop_port),
        )
        if not args.skip_seed:
            prepare_database(env, args.database, products=args.products, fresh=False)
        state = shop_state(env)
        queries = queries_per_step(env, state)
        bank_port = provider_port if args.provider == "bank" else None
        with gunicorn(env, workers=args.workers, threads=args.threads, port=shop_port) as port:
            load(port, state, 2.0, 2, bank_port)  # warm up
            if bank_port:
                fake_bank_control(bank_port, "POST", "/_fake/reset")
            cpu_before = server_cpu_seconds(port)
            results = load(port, state, args.seconds, args.concurrency, bank_port, args.think)
            checkouts = results["confirm → payment redirect"]["requests"]
            cpu_per_checkout = (server_cpu_seconds(port) - cpu_before) / max(checkouts, 1)
            if bank_port:
                results["bank callback"] = callback_timings(bank_port, args.seconds)
    finally:
        provider.terminate()
        provider.wait(timeout=10)

    print(
        f"{args.provider}; gunicorn {args.workers} workers × {args.threads} threads; "
        f"{args.concurrency} shoppers, {args.think:g} s on each page; {args.seconds:.0f} s"
    )
    print(f"{'step':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'queries':>8}")
    for name, result in results.items():
        print(
            f"{name:30} {result['rps']:8} {result['p50_ms']!s:>8} {result['p99_ms']!s:>8} "
            f"{result['errors']:7} {queries.get(name, '-'):>8}"
        )
    print("queries per step:", ", ".join(f"{k} {v}" for k, v in queries.items()))
    # The shop's own work per purchase (all its requests, including the bank's callback): on a
    # machine shared with other work this moves less than the latencies do.
    print(f"shop CPU per checkout (gunicorn, every step): {cpu_per_checkout * 1000:.0f} ms")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"checkout-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "results": results,
                "queries": queries,
                "cpu_ms_per_checkout": round(cpu_per_checkout * 1000),
            },
            indent=2,
        )
    )
    return 0 if all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
