"""Outage drills on the real services: a broker that is down when a change commits, and a
worker killed in the middle of its work. Each drill runs its own Redis server (so stopping it
disturbs nobody) and real Celery workers; the outbox must bring every side effect about
exactly once after recovery."""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from cestmoi.celery import app
from orders.models import (
    CourierNotification,
    CourierNotificationStatus,
    DocumentKind,
    DocumentNumberCounter,
    DocumentSeries,
    FulfilmentStatus,
    Order,
    OrderDocument,
)
from orders.payments import ProviderRefundStatus
from orders.services.documents import order_documents_later
from orders.services.paying import payment_start
from orders.services.refunds import refund_create
from orders.services.staff import order_courier_notify
from paperwork.models import OutboxItem, OutboxState, SentEmail
from paperwork.outbox import LEASE, outbox_sweep
from tests.conftest import WORKER_QUEUE, forget_broker_connections
from tests.orders.factories import courier, guest_order, paid_order, todays_rate
from tests.orders.staff_factories import paid_order as staff_paid_order
from tests.orders.staff_factories import staff_member
from tests.redis_server import RedisOfOurOwn, wait_until

PROJECT = Path(django_settings.BASE_DIR)
# A webhook that waits longer than this for the broker would be retried by Mollie and hold a
# web worker. Celery gives up a publish in about 0.6 s when the broker refuses connections;
# a frozen broker (accepts, never answers) costs two socket timeouts of 2 s per item handed
# over (CELERY_BROKER_TRANSPORT_OPTIONS), 8 s for a paid order's two items. The point is a
# bound, not a hang, with room for a busy machine.
WEBHOOK_PATIENCE = 20.0


@pytest.fixture
def broker(transactional_db, monkeypatch, tmp_path):
    """Celery (not eager) publishing to a Redis server of the test's own: `.stop()`, `.start()`.
    The CELERY_BROKER_URL variable wins over app.conf in Celery, so both are changed."""
    server = RedisOfOurOwn(tmp_path / "redis")
    previous = (app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue)
    try:
        server.start()
        monkeypatch.setenv("CELERY_BROKER_URL", server.url)
        app.conf.broker_url = server.url
        app.conf.task_always_eager = False
        app.conf.task_default_queue = WORKER_QUEUE
        forget_broker_connections()
        yield server
    finally:
        server.stop()
        app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = previous
        forget_broker_connections()


def _post_webhook(client, order) -> float:
    """Mollie calls the webhook; returns how long the shop took to answer."""
    started = time.monotonic()
    response = client.post("/payments/webhook/", {"id": order.payments.get().provider_payment_id})
    took = time.monotonic() - started
    assert response.status_code == 200
    assert took < WEBHOOK_PATIENCE, f"the webhook took {took:.1f} s with the broker down"
    return took


def _card_order(fake_mollie):
    """An order whose card payment Mollie reports paid; the shop has not heard of it yet."""
    todays_rate("117.2000")
    order = guest_order("jelena@example.rs", total="10430.00")
    payment_start(order_id=order.pk, now=timezone.now(), hold_for=datetime.timedelta(minutes=30))
    fake_mollie.set_payment_status(order.payments.get().provider_payment_id, "paid", webhook=False)
    return order


def _handed_over_failed(count: int) -> None:
    """`count` items wait for the sweep: pending, due now, never attempted."""
    items = list(OutboxItem.objects.all())
    assert len(items) == count
    now = timezone.now()
    for item in items:
        assert (item.state, item.attempts) == (OutboxState.PENDING, 0), item.key
        assert item.next_attempt_at <= now, f"{item.key} waits for its lease, not for the sweep"


@contextlib.contextmanager
def _recovered(server: RedisOfOurOwn):
    """The broker comes back, a worker starts, beat's sweep runs: everything pending is done.
    Yields inside the running worker; `.seconds` is the time from the broker's return."""

    class Recovery:
        pass

    recovery = Recovery()
    if server.process is None:
        server.start()
    else:
        server.thaw()
    back = time.monotonic()
    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
        queues=[WORKER_QUEUE],
    ):
        recovery.handed_over = outbox_sweep(now=timezone.now())
        wait_until(
            lambda: not OutboxItem.objects.filter(state=OutboxState.PENDING).exists(),
            what="the swept outbox items to be done by the worker",
            timeout=60,
        )
        recovery.seconds = time.monotonic() - back
        assert set(OutboxItem.objects.values_list("state", flat=True)) == {OutboxState.DONE}
        yield recovery


def _nothing_more_happens(client, order) -> None:
    """Beat's next sweep and Mollie's replay of the webhook find nothing left to do."""
    assert outbox_sweep(now=timezone.now()) == 0
    items = OutboxItem.objects.count()
    _post_webhook(client, order)
    time.sleep(0.5)  # a stray task would be picked up by the running worker by now
    assert OutboxItem.objects.count() == items
    assert not OutboxItem.objects.exclude(state=OutboxState.DONE).exists()


def _report(name: str, **numbers) -> None:
    print(f"\nDRILL {name}: " + ", ".join(f"{k}={v}" for k, v in numbers.items()))


@pytest.mark.django_db(transaction=True)
def test_payment_while_the_broker_is_down(client, fake_mollie, broker, legal_texts):
    order = _card_order(fake_mollie)
    broker.stop()

    took = _post_webhook(client, order)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    _handed_over_failed(2)  # the documents and the "order paid" e-mail
    assert not mail.outbox and not SentEmail.objects.exists()
    assert not order.documents.exists()

    with _recovered(broker) as recovery:
        assert recovery.handed_over == 2
        assert order.documents.count() == 3
        [message] = mail.outbox
        assert message.subject == f"Your order {order.number} is confirmed"
        assert len(message.attachments) == 2
        assert list(SentEmail.objects.values_list("kind", flat=True)) == ["order_paid"]

        _nothing_more_happens(client, order)
        assert order.documents.count() == 3
        assert len(mail.outbox) == 1
        _report(
            "payment", webhook_seconds=f"{took:.2f}", recovered_seconds=f"{recovery.seconds:.2f}"
        )


@pytest.mark.django_db(transaction=True)
def test_payment_while_the_broker_is_frozen(client, fake_mollie, broker, legal_texts):
    """Redis accepting connections but not answering: without a socket timeout in
    CELERY_BROKER_TRANSPORT_OPTIONS the publish after commit, and so the webhook, never ends."""
    order = _card_order(fake_mollie)
    broker.freeze()

    took = _post_webhook(client, order)
    assert Order.objects.get(pk=order.pk).status == FulfilmentStatus.PAID
    _handed_over_failed(2)

    with _recovered(broker) as recovery:
        assert recovery.handed_over == 2
        assert order.documents.count() == 3
        [message] = mail.outbox
        assert len(message.attachments) == 2
        _nothing_more_happens(client, order)
        assert len(mail.outbox) == 1
        _report(
            "payment, frozen broker",
            webhook_seconds=f"{took:.2f}",
            recovered_seconds=f"{recovery.seconds:.2f}",
        )


@pytest.mark.django_db(transaction=True)
def test_refund_completing_while_the_broker_is_down(client, fake_mollie, broker, legal_texts):
    order = _card_order(fake_mollie)
    broker.stop()
    _post_webhook(client, order)
    refund = refund_create(
        order=order, amount_rsd=Decimal("1172.00"), reason="Earring missing", actor=None
    )
    fake_mollie.set_refund_status(refund.provider_refund_id, "refunded", webhook=False)

    took = _post_webhook(client, order)
    refund.refresh_from_db()
    assert refund.status == ProviderRefundStatus.REFUNDED
    # The paid order's documents and e-mail, the credit note and the "refund issued" e-mail.
    _handed_over_failed(4)
    assert not mail.outbox and not order.documents.exists()

    with _recovered(broker) as recovery:
        assert recovery.handed_over == 4
        [credit_note] = order.documents.filter(kind=DocumentKind.CREDIT_NOTE)
        assert credit_note.refund_id == refund.pk
        assert order.documents.count() == 4
        [refund_email] = [m for m in mail.outbox if m.subject.startswith("Refund for your order")]
        [(filename, _content, _type)] = refund_email.attachments
        assert filename.startswith("CN-")
        assert sorted(SentEmail.objects.values_list("kind", flat=True)) == [
            "order_paid",
            "refund_issued",
        ]

        _nothing_more_happens(client, order)
        assert order.documents.count() == 4
        assert len(mail.outbox) == 2
        _report(
            "refund", webhook_seconds=f"{took:.2f}", recovered_seconds=f"{recovery.seconds:.2f}"
        )


@pytest.mark.django_db(transaction=True)
def test_courier_notice_while_the_broker_is_down(broker, fake_courier, legal_texts):
    method = courier("D Express")
    method.notification_backend = "http"
    method.courier_api_url = fake_courier.url
    method.save()
    order = staff_paid_order(status=FulfilmentStatus.IN_PREPARATION)
    order.delivery_method = method
    order.save()
    staff = staff_member("lead@cestmoi.rs", superuser=True)
    broker.stop()

    started = time.monotonic()
    order_courier_notify(order_id=order.pk, actor=staff)
    took = time.monotonic() - started
    assert took < WEBHOOK_PATIENCE, f"staff waited {took:.1f} s with the broker down"
    _handed_over_failed(1)
    assert fake_courier.attempts == 0

    with _recovered(broker) as recovery:
        assert recovery.handed_over == 1
        [post] = fake_courier.posts
        assert post["json"]["order_number"] == order.number
        notification = CourierNotification.objects.get(order=order)
        assert notification.status == CourierNotificationStatus.SENT

        assert outbox_sweep(now=timezone.now()) == 0
        order_courier_notify(order_id=order.pk, actor=staff)  # staff click again
        time.sleep(0.5)
        assert OutboxItem.objects.count() == 1
        assert fake_courier.attempts == 1
        _report("courier", staff_seconds=f"{took:.2f}", recovered_seconds=f"{recovery.seconds:.2f}")


# --- A worker killed in the middle of issuing documents -------------------------------------


def _database_url() -> str:
    db = django_settings.DATABASES["default"]  # the test database's name by now
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


class WorkerProcesses:
    """`celery worker` OS processes on the test's database, broker, queue and media folder."""

    def __init__(self, broker_url: str, media_root: Path, directory: Path):
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": str(media_root),
            "VAR_DIR": str(directory / "var"),
            "DJANGO_SETTINGS_MODULE": "cestmoi.settings",
        }
        self.directory = directory
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        name = f"drill-{uuid.uuid4().hex[:8]}"
        log = open(self.directory / f"{name}.log", "wb")  # noqa: SIM115 - the worker owns it
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "cestmoi", "worker", "--pool=solo"),
                *("-Q", WORKER_QUEUE, "-n", f"{name}@%h", "--without-heartbeat"),
                *("--without-gossip", "--without-mingle", "--loglevel=INFO"),
            ],
            cwd=PROJECT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        process.log = self.directory / f"{name}.log"
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.log.name}\n{p.log.read_text(errors='replace')[-3000:]}" for p in self.processes
        )

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def worker_processes(broker, settings, tmp_path):
    workers = WorkerProcesses(broker.url, Path(settings.MEDIA_ROOT), tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("held", ["order", "invoice counter"])
def test_a_worker_killed_while_issuing_documents(
    held, broker, worker_processes, settings, legal_texts
):
    """Killed while waiting for the order's lock (before any work), or while waiting for the
    invoice counter (the confirmation and the withdrawal form already rendered and stored in
    its uncommitted transaction): either way one set of documents, one invoice number."""
    order = paid_order()
    year = timezone.localdate().year
    if held == "order":
        table, row = Order._meta.db_table, order.pk
    else:
        counter = DocumentNumberCounter.objects.create(series=DocumentSeries.INVOICE, year=year)
        table, row = DocumentNumberCounter._meta.db_table, counter.pk
    media = Path(settings.MEDIA_ROOT)
    db = settings.DATABASES["default"]
    locker = psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        connect_timeout=5,
    )
    try:
        locker.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [row])  # noqa: S608
        first = worker_processes.start()
        with transaction.atomic():
            order_documents_later(order=order, now=timezone.now())
        item = OutboxItem.objects.get()

        try:
            wait_until(
                lambda: OutboxItem.objects.get(pk=item.pk).attempts == 1,
                what="the worker to claim the outbox item",
            )
            wait_until(_waiting_on_a_lock, what=f"the worker to wait for the {held}'s lock")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{worker_processes.logs()}") from None
        pdfs_before_kill = len(list(media.rglob("*.pdf")))
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        locker.rollback()
    finally:
        locker.close()
    wait_until(lambda: not _waiting_on_a_lock(), what="the killed worker's transaction to end")
    assert not order.documents.exists()
    item.refresh_from_db()
    assert (item.state, item.attempts) == (OutboxState.PENDING, 1)

    # Recovery as in production: a new worker, and beat's sweep once the lease has run out.
    killed_at = timezone.now()
    worker_processes.start()
    assert outbox_sweep(now=killed_at + LEASE - datetime.timedelta(seconds=1)) == 0
    started = time.monotonic()
    assert outbox_sweep(now=killed_at + LEASE + datetime.timedelta(seconds=1)) == 1
    try:
        wait_until(
            lambda: OutboxItem.objects.get(pk=item.pk).state == OutboxState.DONE,
            what="the new worker to issue the documents",
            timeout=60,
        )
    except AssertionError as error:
        raise AssertionError(f"{error}\n{worker_processes.logs()}") from None
    took = time.monotonic() - started

    assert sorted(order.documents.values_list("kind", flat=True)) == sorted(
        [DocumentKind.CONFIRMATION, DocumentKind.INVOICE, DocumentKind.WITHDRAWAL_FORM]
    )
    invoice = OrderDocument.objects.get(order=order, kind=DocumentKind.INVOICE)
    assert invoice.number == f"{year}-0001"
    assert (
        DocumentNumberCounter.objects.get(series=DocumentSeries.INVOICE, year=year).last_sequence
        == 1
    )
    item.refresh_from_db()
    assert (item.state, item.attempts, item.last_error) == (OutboxState.DONE, 2, "")
    # The killed attempt's PDFs (if it got that far) stay on disk, referenced by nothing.
    assert pdfs_before_kill == (0 if held == "order" else 2)
    assert len(list(media.rglob("*.pdf"))) == 3 + pdfs_before_kill
    _report(f"killed worker ({held})", redone_seconds=f"{took:.2f}", orphan_pdfs=pdfs_before_kill)
