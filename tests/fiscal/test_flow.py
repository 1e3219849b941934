"""The whole way through the shop: a card payment confirmed by the payment provider's webhook,
staff shipping the parcel and refunding part of it; the fiscal receipts are planned and issued
by the outbox tasks the orders app queues by name, and e-mailed to the customer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fiscal.models import FiscalReceipt
from orders.access import order_link
from orders.models import Order, OrderLine
from orders.services.paying import payment_start
from orders.services.refunds import refund_create
from orders.services.staff import order_staff_move
from tests.orders.factories import guest_order, todays_rate

pytestmark = pytest.mark.django_db

RECEIPT_SUBJECT = "Your fiscal receipt for order"


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    """Run the block's after-commit work (the outbox hands its items to the eager Celery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _order_awaiting_payment():
    order = guest_order("jelena@example.rs", total="10430.00")
    Order.objects.filter(pk=order.pk).update(
        subtotal=Decimal("9980.00"), delivery_price=Decimal("450.00")
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
    order.refresh_from_db()
    return order


def _receipt_emails(mailoutbox):
    return [m for m in mailoutbox if m.subject.startswith(RECEIPT_SUBJECT)]


def test_paid_shipped_and_refunded_order_gets_every_receipt_by_email(
    client, fake_mollie, fake_vsdc, mailoutbox, run_after_commit, legal_texts
):
    todays_rate("117.2000")
    order = _order_awaiting_payment()
    payment_start(order_id=order.pk, now=timezone.now(), hold_for=datetime.timedelta(minutes=30))
    payment_id = order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    with run_after_commit():
        assert client.post("/payments/webhook/", {"id": payment_id}).status_code == 200

    advance = FiscalReceipt.objects.get(order=order)
    assert advance.kind == "advance_sale"
    (email,) = _receipt_emails(mailoutbox)
    assert email.to == ["jelena@example.rs"]
    assert advance.verification_url in email.body
    assert advance.invoice_number in email.body  # the receipt's text
    html = email.alternatives[0][0]
    assert advance.verification_url in html
    assert f"/fiscal/receipts/{advance.intent_id}/qr.gif" in html
    qr = client.get(f"/fiscal/receipts/{advance.intent_id}/qr.gif")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/gif"
    assert qr.content.startswith(b"GIF8")
    # The order paid e-mail went out as before, on its own.
    assert any(m.subject.startswith("Your order") for m in mailoutbox)

    page = client.get(order_link(order))
    assert advance.invoice_number in page.content.decode()
    assert advance.verification_url in page.content.decode()

    with run_after_commit():
        order_staff_move(order_id=order.pk, to="in_preparation", actor=None, now=timezone.now())
        order_staff_move(
            order_id=order.pk, to="shipped", actor=None, now=timezone.now(), tracking_number="PE123"
        )
    close, sale = (
        FiscalReceipt.objects.filter(order=order).exclude(pk=advance.pk).order_by("total_counter")
    )
    assert (close.kind, sale.kind) == ("advance_refund", "sale")

    with run_after_commit():
        refund = refund_create(
            order=order, amount_rsd=Decimal("1000.00"), reason="Price reduction", actor=None
        )
    with run_after_commit():
        fake_mollie.set_refund_status(refund.provider_refund_id, "refunded", webhook=False)
        assert client.post("/payments/webhook/", {"id": payment_id}).status_code == 200

    refund_receipt = FiscalReceipt.objects.get(order=order, kind="refund")
    assert refund_receipt.total_amount == Decimal("1000.00")
    sent = next(
        i
        for i in fake_vsdc.invoices()
        if i["response"]["invoiceNumber"] == refund_receipt.invoice_number
    )
    assert sent["request"]["referentDocumentNumber"] == sale.invoice_number
    assert sent["request"]["referentDocumentDT"] == sale.sdc_date_time_text
    emails = _receipt_emails(mailoutbox)
    assert len(emails) == 4  # advance, advance closed, final sale, refund
    assert refund_receipt.verification_url in emails[-1].body
    # Replays of the webhook issue nothing more.
    with run_after_commit():
        client.post("/payments/webhook/", {"id": payment_id})
    assert FiscalReceipt.objects.filter(order=order).count() == 4
    assert len(fake_vsdc.invoices()) == 4


def test_without_a_fiscal_processor_configured_nothing_is_queued(
    client, fake_mollie, settings, run_after_commit, legal_texts
):
    settings.ORDER_EVENT_TASKS = {}
    todays_rate("117.2000")
    order = _order_awaiting_payment()
    payment_start(order_id=order.pk, now=timezone.now(), hold_for=datetime.timedelta(minutes=30))
    payment_id = order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    with run_after_commit():
        client.post("/payments/webhook/", {"id": payment_id})
    order.refresh_from_db()
    assert order.status == "paid"
    assert not FiscalReceipt.objects.exists()


def test_a_sale_that_cannot_be_planned_needs_attention(fake_vsdc, run_after_commit, legal_texts):
    from django.db import transaction

    from orders.models import OrderEvent, OrderEventKind
    from orders.services.hooks import OrderHook, order_hooks_enqueue

    order = guest_order("marko@example.rs")  # no lines: nothing adds up to its total
    with run_after_commit(), transaction.atomic():
        order_hooks_enqueue(
            OrderHook.PAID, key=f"paid:{order.pk}", now=timezone.now(), order_id=order.pk
        )
    event = OrderEvent.objects.get(order=order, kind=OrderEventKind.FISCALIZATION_FAILED)
    assert event.needs_attention
    assert "do not add up" in event.note
