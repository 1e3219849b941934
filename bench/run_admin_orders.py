#!/usr/bin/env python
"""Admin order list benchmark: 100,000 orders (bulk_create) in a PostgreSQL database of its own,
then the changelist as staff open it (default, filtered by status, search by number, search by
name, "late" and "at risk"), plus the admin index with its dashboard, through Django's test
client in this process (DEBUG off). Reports ms per page (median and p95 of --rounds requests)
and the number of SQL queries per page.

    .venv/bin/python bench/run_admin_orders.py [--orders 100000] [--rounds 20] [--fresh]

Results go to stdout and bench/results/admin-orders-<time>.json."""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal

from common import ROOT, bench_env, create_and_migrate

BATCH = 5_000


def seed(count: int) -> float:
    from django.db import connection
    from django.utils import timezone

    from legal.models import LegalDocument
    from orders.models import DeliveryMethod, FulfilmentStatus, Order

    missing = count - Order.objects.count()
    if missing <= 0:
        return 0.0
    started = time.monotonic()
    rng = random.Random(6)
    terms = LegalDocument.objects.filter(kind="terms-of-service").order_by("version").first()
    couriers = list(DeliveryMethod.objects.all())
    first_names = ["Jelena", "Marko", "Ana", "Nikola", "Milica", "Stefan", "Ivana", "Luka"]
    surnames = ["Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Stojanović"]
    # Mostly finished orders, as in a shop that has run for a while; a few hundred open ones.
    statuses = (
        [FulfilmentStatus.DELIVERED] * 80
        + [FulfilmentStatus.SHIPPED] * 8
        + [
            FulfilmentStatus.PAID,
            FulfilmentStatus.IN_PREPARATION,
            FulfilmentStatus.AWAITING_PAYMENT,
            FulfilmentStatus.CANCELED,
            FulfilmentStatus.REFUNDED,
            FulfilmentStatus.DELIVERY_FAILED,
        ]
        * 2
    )
    now = timezone.now()
    start = Order.objects.count()
    for offset in range(0, missing, BATCH):
        batch = []
        for n in range(start + offset, start + min(offset + BATCH, missing)):
            placed = now - datetime.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            status = rng.choice(statuses)
            courier = rng.choice(couriers)
            subtotal = Decimal(rng.randint(20, 400) * 100)
            delivery = Decimal("0.00") if subtotal > 11000 else courier.price
            batch.append(
                Order(
                    number=f"CM-{placed.year}-{n + 1:06d}",
                    idempotency_key=uuid.uuid4(),
                    status=status,
                    email=f"customer{n}@example.com",
                    full_name=f"{rng.choice(first_names)} {rng.choice(surnames)}",
                    phone=f"+38164{n:07d}",
                    street="Knez Mihailova 12",
                    city="Beograd",
                    postal_code="11000",
                    delivery_method=courier,
                    delivery_name=courier.name,
                    delivery_estimate=courier.delivery_estimate,
                    delivery_price=delivery,
                    subtotal=subtotal,
                    total=subtotal + delivery,
                    vat_total=((subtotal + delivery) / 6).quantize(Decimal("0.01")),
                    terms=terms,
                    terms_accepted_at=placed,
                    created_at=placed,
                    paid_at=None if status == FulfilmentStatus.AWAITING_PAYMENT else placed,
                )
            )
        Order.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orders_order")
    return time.monotonic() - started


def measure(client, url: str, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(3):
        assert client.get(url).status_code == 200, url
    timings = []
    for _round in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "url": url,
        "ms_median": round(statistics.median(timings), 1),
        "ms_p95": round(timings[int(len(timings) * 0.95) - 1], 1),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", default="cestmoi_bench_admin_orders")
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    args = parser.parse_args()

    env = bench_env(args.database, CACHE_KEY_PREFIX="bench-admin")
    create_and_migrate(env, args.database, fresh=args.fresh)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from orders.models import Order

    seconds = seed(args.orders)
    boss, _ = User.objects.get_or_create(
        email="bench@cestmoi.rs", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(boss)
    middle = Order.objects.order_by("pk")[Order.objects.count() // 2].number
    pages = {
        "list (default)": "/admin/orders/order/",
        "list, status paid": "/admin/orders/order/?status__exact=paid",
        "list, search number": f"/admin/orders/order/?q={middle}",
        "list, search name": "/admin/orders/order/?q=Nikoli%C4%87",
        "list, late": "/admin/orders/order/?risk=late",
        "list, at risk": "/admin/orders/order/?risk=at_risk",
        "list, page 100": "/admin/orders/order/?p=100",
        "admin index (dashboard)": "/admin/",
    }
    results = {
        "orders": Order.objects.count(),
        "seed_seconds": round(seconds, 1),
        "pages": {name: measure(client, url, args.rounds) for name, url in pages.items()},
    }
    print(f"{results['orders']} orders (seeded in {results['seed_seconds']} s)")
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'SQL ms':>8}")
    for name, row in results["pages"].items():
        print(
            f"{name:28} {row['ms_median']:>10} {row['ms_p95']:>8} {row['queries']:>8} "
            f"{row['sql_ms']:>8}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out / f"admin-orders-{stamp}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
