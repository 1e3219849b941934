"""100 attempts at one receipt at the same moment, on the real PostgreSQL and over HTTP to the
fake V-SDC: one request reaches the processor and one receipt is stored."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from fiscal.models import FiscalReceipt, IntentStatus
from fiscal.services import IssuanceInProgress, fiscal_intent_issue, send_lease
from tests.orders.factories import paid_order

from .steps import advance_for

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 100
# The machine's PostgreSQL allows 100 connections, shared with other test runs: the attempts
# start together but at most this many hold a connection at once.
CONNECTIONS = 30


def run_together(work, count=ATTEMPTS):
    barrier = threading.Barrier(count)
    connections = threading.BoundedSemaphore(CONNECTIONS)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            with connections:
                try:
                    results[index] = work()
                finally:
                    connection.close()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _outcomes(results):
    receipts = {r.pk for r in results if isinstance(r, FiscalReceipt)}
    others = [r for r in results if not isinstance(r, FiscalReceipt | IssuanceInProgress)]
    return receipts, others


def test_a_hundred_parallel_attempts_give_one_receipt(fake_vsdc, legal_texts):
    order = paid_order()
    # The outbox's first attempt, right after the plan commits, is refused (nothing issued).
    fake_vsdc.add_fault("certificate_refused")
    intent = advance_for(order)
    intent.refresh_from_db()
    assert (intent.status, intent.attempts, intent.sending_until) == ("pending", 1, None)
    fake_vsdc.add_fault("slow", method="POST", delay=0.5)
    now = timezone.now()

    results = run_together(lambda: fiscal_intent_issue(intent_id=intent.pk, now=now))

    receipts, others = _outcomes(results)
    assert others == []
    assert len(receipts) == 1
    # They did overlap: others were turned away while one was waiting for the processor.
    assert any(isinstance(result, IssuanceInProgress) for result in results)
    assert fake_vsdc.posts == 1
    assert len(fake_vsdc.invoices_for(intent.request_id)) == 1
    assert FiscalReceipt.objects.filter(intent=intent).count() == 1


def test_a_hundred_parallel_retries_after_a_lost_answer_give_one_receipt(
    fake_vsdc, settings, legal_texts
):
    order = paid_order()
    # The outbox's first attempt, right after the plan commits: issued at the processor, the
    # answer lost and the look-up failing.
    fake_vsdc.add_fault(
        "timeout_after_success", method="POST", delay=settings.VSDC_READ_TIMEOUT + 1
    )
    fake_vsdc.add_fault("unavailable", method="GET")
    first = timezone.now()
    intent = advance_for(order)
    intent.refresh_from_db()
    assert intent.status == "pending" and "VsdcNoAnswer" in intent.last_error
    assert len(fake_vsdc.invoices_for(intent.request_id)) == 1
    fake_vsdc.add_fault("slow", method="GET", delay=0.5)
    later = first + send_lease() + datetime.timedelta(seconds=1)

    results = run_together(lambda: fiscal_intent_issue(intent_id=intent.pk, now=later))

    receipts, others = _outcomes(results)
    assert others == []
    assert len(receipts) == 1
    # They did overlap: others were turned away while one was waiting for the processor.
    assert any(isinstance(result, IssuanceInProgress) for result in results)
    assert fake_vsdc.posts == 1
    assert len(fake_vsdc.invoices()) == 1
    intent.refresh_from_db()
    assert intent.status == IntentStatus.ISSUED
