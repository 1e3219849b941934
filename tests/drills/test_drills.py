"""Fault drills on the running shop (tests/drills/stack.py): Redis down during a purchase, a
Celery worker killed in the middle of a task, PostgreSQL restarted under traffic, the payment
provider slow or failing, a webhook storm, and a crowd of buyers for the last units. Each
drill asserts what a customer or the shop's staff would notice and prints its numbers
(README, "Drills")."""

import html
import itertools
import os
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .stack import REQUEST_SECONDS, Shopper, children, order_number_of

pytestmark = pytest.mark.drill

SHOPPER_NUMBERS = itertools.count(1)
ERROR_PAGE = "Our shop hit an unexpected error"


def report(drill: str, **numbers) -> None:
    print(f"\nDRILL {drill}: " + ", ".join(f"{key}={value}" for key, value in numbers.items()))


def shopper(stack) -> Shopper:
    return Shopper(stack, next(SHOPPER_NUMBERS))


def paid_order(stack) -> tuple[Shopper, str]:
    buyer = shopper(stack)
    page = buyer.pay(buyer.place_order())
    assert page.status_code == 200
    number = order_number_of(page)
    assert stack.order(number)["status"] == "paid"
    return buyer, number


def staff_notify_courier(stack, number: str) -> None:
    """Staff start preparing the parcel and ask for the courier (the admin's two actions)."""
    stack.python(
        f"""
from django.utils import timezone
from accounts.models import User
from orders.models import Order
from orders.services.staff import order_courier_notify, order_staff_move
staff, _ = User.objects.get_or_create(email="drill-staff@cestmoi.rs", defaults={{"is_staff": True}})
order = Order.objects.get(number="{number}")
order_staff_move(order_id=order.pk, to="in_preparation", actor=staff, now=timezone.now())
order_courier_notify(order_id=order.pk, actor=staff)
"""
    )


def effects(stack, buyer: Shopper, number: str) -> dict:
    """What the customer, the courier and the tax administration got for the order."""
    return {
        "emails": sorted(m["Subject"] for m in stack.emails_to(buyer.email)),
        "pdfs": len([p for p in stack.pdfs() if number in p.name]),
        "courier_bookings": len(
            [b for b in stack.courier.bookings if b["json"].get("order_number") == number]
        ),
        "fiscal_receipts": len([i for i in stack.vsdc.invoices() if number in str(i["request"])]),
    }


EVERYTHING_ONCE = {"pdfs": 3, "courier_bookings": 1, "fiscal_receipts": 1}


def everything_once(stack, buyer, number) -> bool:
    done = effects(stack, buyer, number)
    return {k: done[k] for k in EVERYTHING_ONCE} == EVERYTHING_ONCE and len(done["emails"]) == 2


def test_redis_down_while_a_customer_checks_out(stack):
    """Cache and broker gone for the whole purchase and the staff's courier request: the order
    is placed and paid; the side effects wait in the outbox and go out once Redis is back."""
    buyer = shopper(stack)
    stack.redis.stop()
    try:
        started = time.monotonic()
        page = buyer.pay(buyer.place_order())
        purchase_seconds = time.monotonic() - started
        assert page.status_code == 200
        assert "Thank you" in page.text or "paid" in page.text.lower()
        number = order_number_of(page)
        assert stack.order(number)["status"] == "paid"
        staff_notify_courier(stack, number)
        waiting = stack.pending_outbox()
        assert waiting >= 3  # the paid order's hooks and the courier notice
        assert effects(stack, buyer, number) == {
            "emails": [],
            "pdfs": 0,
            "courier_bookings": 0,
            "fiscal_receipts": 0,
        }
    finally:
        stack.redis.start()
    back = time.monotonic()
    handed_over = stack.sweep()  # beat's minutely sweep
    stack.wait_for(lambda: everything_once(stack, buyer, number), "the side effects", timeout=90)
    took = time.monotonic() - back
    stack.wait_for(lambda: stack.pending_outbox() == 0, "the outbox to empty", timeout=30)

    assert stack.sweep() == 0
    time.sleep(2)
    done = effects(stack, buyer, number)
    assert done["emails"] == sorted(
        [
            f"Your order {number} is confirmed",
            f"Your fiscal receipt for order {number}",
        ]
    )
    assert {k: done[k] for k in EVERYTHING_ONCE} == EVERYTHING_ONCE
    report(
        "redis down",
        purchase_seconds=f"{purchase_seconds:.1f}",
        outbox_items_waiting=waiting,
        handed_over_by_sweep=handed_over,
        all_done_seconds_after_redis_back=f"{took:.1f}",
    )


def _pool_child(stack) -> int:
    (child,) = children(stack.services["worker"].process.pid)
    return child


def test_worker_killed_while_notifying_the_courier(stack):
    """The courier's API is slow; the worker's process is SIGKILLed while it waits for the
    answer (the courier has the request). The task runs again and the courier books once."""
    buyer, number = paid_order(stack)
    stack.wait_for(lambda: len(stack.emails_to(buyer.email)) == 2, "the order's e-mails", 60)
    attempts_before = stack.courier.attempts
    stack.courier.hold(30)
    try:
        staff_notify_courier(stack, number)
        stack.wait_for(
            lambda: stack.courier.attempts == attempts_before + 1, "the courier request", 60
        )
        os.kill(_pool_child(stack), signal.SIGKILL)
        killed = time.monotonic()
    finally:
        stack.courier.hold(0)
    stack.wait_for(
        lambda: (
            stack.postgres.query(
                "SELECT count(*) FROM orders_couriernotification n JOIN orders_order o "
                "ON o.id = n.order_id WHERE o.number = %s AND n.status = 'sent'",
                number,
            )[0][0]
            == 1
        ),
        "the courier notice to be sent again",
        timeout=60,
    )
    took = time.monotonic() - killed
    stack.wait_for(lambda: stack.pending_outbox() == 0, "the outbox to empty", timeout=30)
    time.sleep(1)

    requests_sent = [p for p in stack.courier.posts if p["json"].get("order_number") == number]
    assert len(requests_sent) == 2  # the killed attempt's and the new one, same key
    assert len({p["headers"]["Idempotency-Key"] for p in requests_sent}) == 1
    done = effects(stack, buyer, number)
    assert {k: done[k] for k in EVERYTHING_ONCE} == EVERYTHING_ONCE
    assert len(done["emails"]) == 2
    assert "WorkerLostError" in stack.services["worker"].log.read_text(errors="replace")
    report("worker killed", task_done_again_seconds=f"{took:.1f}", courier_requests=2)


def _gunicorn_workers(stack) -> set[int]:
    return children(stack.services["gunicorn"].process.pid)


def test_postgres_restarted_during_traffic(stack):
    """Shoppers keep browsing and opening their carts while PostgreSQL restarts: every answer
    is a page of the shop (the shop's error page while the database is away, never a dropped
    connection) and the same gunicorn processes serve normally once it is back."""
    gunicorn_before = _gunicorn_workers(stack)
    buyers = [shopper(stack) for _ in range(4)]
    for buyer in buyers:
        # A cart in the session: its page needs the database (a visitor without a session
        # is served the cached catalog, database or not).
        assert buyer.get(stack.product_url).status_code == 200
        added = buyer.post("/cart/add/", {"variant": stack.variant_id, "quantity": 1})
        assert added.status_code == 200
    results: list[tuple[float, int, bool]] = []  # (when, status, the shop's own error page)
    stop = threading.Event()

    def browse(buyer: Shopper) -> None:
        while not stop.is_set():
            for path in (stack.product_url, "/cart/"):
                try:
                    answer = buyer.get(path)
                    results.append(
                        (time.monotonic(), answer.status_code, ERROR_PAGE in answer.text)
                    )
                except requests.RequestException:
                    results.append((time.monotonic(), 0, False))
                time.sleep(0.05)

    threads = [threading.Thread(target=browse, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        down = time.monotonic()
        stack.postgres.stop("fast")
        # Longer than DATABASE_POOL_TIMEOUT: a request waits that long for the database.
        time.sleep(8)
        stack.postgres.start()
        up = time.monotonic()
        time.sleep(8)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_SECONDS + 5)

    assert all(status in (200, 500) for _, status, _ in results), {s for _, s, _ in results}
    failed = [(when, shop_page) for when, status, shop_page in results if status == 500]
    assert failed, "no request met the restart"
    assert all(shop_page for _, shop_page in failed), "a 500 that is not the shop's page"
    failed_after_up = [when for when, _ in failed if when > up]
    last_failure = max(when for when, _ in failed)
    after = [status for when, status, _ in results if when > last_failure]
    assert len(after) > 20 and set(after) == {200}
    assert _gunicorn_workers(stack) == gunicorn_before
    report(
        "postgres restart",
        requests=len(results),
        errors_500=len(failed),
        errors_after_postgres_back=len(failed_after_up),
        served_again_seconds_after_back=f"{max(0.0, last_failure - up):.1f}",
        down_seconds=f"{up - down:.1f}",
    )


def test_payment_provider_failing_or_slow(stack):
    """Mollie refuses (503), then answers too late (the payment exists there, the answer is
    lost): each time the shopper reads that the order is saved and to try paying again, and
    paying again opens the same payment, never a second one."""
    buyer = shopper(stack)
    payments_before = len(stack.mollie.payments())
    stack.mollie.add_fault("unavailable", path_contains="/v2/payments", method="POST")
    started = time.monotonic()
    refused = buyer.place_order()
    assert refused.status_code == 302
    page = buyer.session.get(stack.url + refused.headers["Location"], timeout=REQUEST_SECONDS)
    refused_seconds = time.monotonic() - started
    assert "please try paying again" in page.text
    number = order_number_of(page)
    assert len(stack.mollie.payments()) == payments_before

    stack.mollie.add_fault(
        "timeout_after_success", path_contains="/v2/payments", method="POST", delay=5
    )
    started = time.monotonic()
    pay_path = html.unescape(re.search(r'action="([^"]*/pay/[^"]*)"', page.text)[1])
    again = buyer.post(pay_path, {}, allow_redirects=True)
    slow_seconds = time.monotonic() - started
    assert again.status_code == 200 and "please try paying again" in again.text
    assert len(stack.mollie.payments()) == payments_before + 1

    paying = buyer.post(pay_path, {}, allow_redirects=False)
    assert paying.status_code == 302
    assert len(stack.mollie.payments()) == payments_before + 1  # the same payment
    assert buyer.pay(paying).status_code == 200
    assert stack.order(number)["status"] == "paid"
    report(
        "mollie failing",
        refused_answer_seconds=f"{refused_seconds:.1f}",
        slow_answer_seconds=f"{slow_seconds:.1f}",
        payments_at_mollie=1,
    )


def test_webhook_storm_changes_the_order_once(stack):
    """Mollie's webhook for a paid payment, 100 times at once: one paid order, one event,
    one confirmation e-mail."""
    buyer = shopper(stack)
    confirmed = buyer.place_order()
    checkout = confirmed.headers["Location"]
    payment_id = checkout.rsplit("/", 1)[1]
    stack.mollie.set_payment_status(payment_id, "paid", webhook=False)
    number = re.search(r"order (\S+)", stack.mollie.payments()[-1]["description"])[1]

    def webhook(_):
        return requests.post(
            stack.url + "/payments/webhook/", data={"id": payment_id}, timeout=REQUEST_SECONDS
        ).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(webhook, range(100)))
    took = time.monotonic() - started
    assert set(statuses) == {200}
    assert stack.order(number)["status"] == "paid"
    paid_events = stack.postgres.query(
        "SELECT count(*) FROM orders_orderevent e JOIN orders_order o ON o.id = e.order_id "
        "WHERE o.number = %s AND e.kind = 'status_changed' AND e.to_status = 'paid'",
        number,
    )[0][0]
    assert paid_events == 1
    stack.wait_for(lambda: len(stack.emails_to(buyer.email)) >= 2, "the e-mails", 60)
    stack.wait_for(lambda: stack.pending_outbox() == 0, "the outbox to empty", timeout=60)
    confirmations = [
        m for m in stack.emails_to(buyer.email) if m["Subject"].endswith("is confirmed")
    ]
    assert len(confirmations) == 1
    report("webhook storm", webhooks=100, seconds=f"{took:.1f}", paid_events=paid_events)


UNITS = 5
BUYERS = 50
ROUNDS = 3


def test_fifty_buyers_for_five_units(stack):
    """50 shoppers confirm at the same moment for the last 5 units, pay or give up: never
    more sold than there was, and every unit not sold is back on the shelf."""
    numbers = []
    for round_number in range(ROUNDS):
        stack.postgres.query(
            "UPDATE catalog_variant SET stock = %s WHERE id = %s RETURNING id",
            UNITS,
            stack.variant_id,
        )
        buyers = [shopper(stack) for _ in range(BUYERS)]
        gate = threading.Barrier(BUYERS, timeout=60)

        def buy(buyer: Shopper, gate=gate):
            gate.wait()
            return buyer.place_order()

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=BUYERS) as pool:
            answers = list(pool.map(buy, buyers))
        took = time.monotonic() - started
        assert all(a.status_code < 500 for a in answers), [a.status_code for a in answers]
        placed = [
            (b, a)
            for b, a in zip(buyers, answers, strict=True)
            if a.status_code == 302 and a.headers["Location"].startswith(stack.mollie.url)
        ]
        assert 1 <= len(placed) <= UNITS
        stock = stack.postgres.query(
            "SELECT stock FROM catalog_variant WHERE id = %s", stack.variant_id
        )[0][0]
        assert stock == UNITS - len(placed)
        # Half of the lucky ones pay; the others walk away and their hold runs out.
        paid = 0
        for index, (buyer, answer) in enumerate(placed):
            if index % 2 == 0:
                assert buyer.pay(answer).status_code == 200
                paid += 1
        released = stack.python(
            """
import datetime
from django.utils import timezone
from orders.services.paying import reservations_release_expired
print(reservations_release_expired(now=timezone.now() + datetime.timedelta(hours=2)))
"""
        ).split()[-1]
        stock = stack.postgres.query(
            "SELECT stock FROM catalog_variant WHERE id = %s", stack.variant_id
        )[0][0]
        held = stack.postgres.query(
            "SELECT count(*) FROM orders_order WHERE stock_reservation = 'held'"
        )[0][0]
        assert stock == UNITS - paid
        assert held == 0
        numbers.append(
            f"round {round_number + 1}: {len(placed)} placed, {paid} paid, "
            f"{released} released, {took:.1f} s"
        )
    report("stock", buyers=BUYERS, units=UNITS, rounds="; ".join(numbers))
