#!/usr/bin/env python
"""Fiscal receipt issuance benchmark: on a PostgreSQL database of its own (`cestmoi_fiscal_bench`)
and the fake V-SDC in a process of its own on 127.0.0.1, issue receipts through the shop's
service (`fiscal_intent_issue`: claim the intent, POST /api/v3/invoices, store the receipt and
queue its e-mail) and report p50/p99 per receipt:

- one at a time (the outbox's usual case),
- a retry after a lost answer (the look-up by RequestId first, then the post),
- `--concurrency` workers at once on different orders.

    .venv/bin/python bench/run_fiscal.py [--receipts 300] [--concurrency 4] [--fresh]

Celery gets an in-memory broker that nobody reads, so the receipts' e-mails are queued but not
sent and only issuance is measured."""

import argparse
import datetime
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from decimal import Decimal

from common import PYTHON, ROOT, bench_env, create_and_migrate, free_port, summarise

DATABASE = "cestmoi_fiscal_bench"


def _wait_for(url: str, seconds=15) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # The benchmark's own fake on loopback.
            urllib.request.urlopen(url + "/_fake/invoices", timeout=1).read()  # nosec B310: loopback fake
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"The fake V-SDC at {url} did not start")


def _orders(count: int) -> list[int]:
    from django.utils import timezone

    from legal.models import LegalDocument
    from orders.models import Order, OrderLine, Payment

    terms = LegalDocument.objects.filter(kind="terms-of-service").order_by("-version").first()
    now = timezone.now()
    ids = []
    for _ in range(count):
        order = Order.objects.create(
            number=f"CM-B-{uuid.uuid4().hex[:12]}",
            idempotency_key=uuid.uuid4(),
            status="paid",
            email="bench@example.rs",
            full_name="Jelena Petrović",
            phone="+381641234567",
            street="Knez Mihailova 12",
            city="Beograd",
            postal_code="11000",
            delivery_name="Post Express",
            delivery_estimate="1–2 working days",
            delivery_price=Decimal("450.00"),
            subtotal=Decimal("9980.00"),
            total=Decimal("10430.00"),
            vat_total=Decimal("1738.33"),
            terms=terms,
            terms_accepted_at=now,
            created_at=now,
            paid_at=now,
        )
        OrderLine.objects.create(
            order=order,
            product_name="Prsten Luna",
            option="Veličina 54",
            sku="LUNA-54",
            unit_price=Decimal("4990.00"),
            quantity=2,
            vat_rate=Decimal("20.00"),
            line_total=Decimal("9980.00"),
        )
        Payment.objects.create(
            order=order,
            provider_payment_id=f"tr_bench_{uuid.uuid4().hex[:16]}",
            status="paid",
            amount_rsd=order.total,
            amount_eur=Decimal("88.99"),
            eur_rsd_rate=Decimal("117.2000"),
            rate_date=now.date(),
            paid_at=now,
        )
        ids.append(order.pk)
    return ids


def _intents(count: int, *, asked_before=False) -> list:
    from django.utils import timezone

    from fiscal.models import FiscalIntent
    from fiscal.services import fiscal_plan_paid

    intents = [
        fiscal_plan_paid(order_id=order_id, now=timezone.now())[0] for order_id in _orders(count)
    ]
    if asked_before:
        # As after an attempt whose answer was lost and whose look-up failed.
        FiscalIntent.objects.filter(pk__in=[i.pk for i in intents]).update(attempts=1)
    return [intent.pk for intent in intents]


def _issue_timed(intent_ids, latencies, errors, lock):
    from django.db import connection
    from django.utils import timezone

    from fiscal.services import fiscal_intent_issue

    try:
        for intent_id in intent_ids:
            started = time.perf_counter()
            try:
                fiscal_intent_issue(intent_id=intent_id, now=timezone.now())
            except Exception as error:
                with lock:
                    errors.append(repr(error))
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
    finally:
        connection.close()


def measure(intent_ids, concurrency: int) -> dict:
    latencies, errors, lock = [], [], threading.Lock()
    shares = [intent_ids[i::concurrency] for i in range(concurrency)]
    threads = [
        threading.Thread(target=_issue_timed, args=(share, latencies, errors, lock))
        for share in shares
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = summarise(latencies, len(errors), time.monotonic() - started)
    if errors:
        result["first_error"] = errors[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--receipts", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()

    port = free_port()
    vsdc_url = f"http://127.0.0.1:{port}"
    env = bench_env(
        DATABASE,
        VSDC_URL=vsdc_url,
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    create_and_migrate(env, DATABASE, fresh=args.fresh)
    fake = subprocess.Popen(
        [PYTHON, "-m", "devtools.fake_vsdc", "--port", str(port)], cwd=ROOT, env=env
    )
    try:
        _wait_for(vsdc_url)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        results = {
            "one at a time": measure(_intents(args.receipts), 1),
            "retry after a lost answer (look-up, then post)": measure(
                _intents(args.receipts // 3, asked_before=True), 1
            ),
            f"{args.concurrency} at once": measure(_intents(args.receipts), args.concurrency),
        }
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out / f"fiscal-{stamp}.json").write_text(json.dumps(results, indent=2))
    print(f"{'case':<50} {'receipts':>8} {'/s':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for name, row in results.items():
        print(
            f"{name:<50} {row['requests']:>8} {row['rps']:>7} {row['p50_ms']!s:>8} {row['p99_ms']!s:>8}"
        )
        if row["errors"]:
            print(f"  {row['errors']} errors, first: {row.get('first_error')}")


if __name__ == "__main__":
    main()
