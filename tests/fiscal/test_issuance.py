"""Receipts issued against the fake V-SDC over HTTP, through the real ESIR client: the
advance at payment, the final receipt at shipping, refund receipts, and exactly one receipt
whatever the processor's answer does."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fiscal.models import FiscalIntent, FiscalReceipt, ImmutableReceipt, IntentStatus
from fiscal.services import (
    IssuanceInProgress,
    fiscal_intent_give_up,
    fiscal_intent_issue,
    send_lease,
)
from fiscal.vsdc import CertificateRefused, VsdcClient, VsdcNoAnswer, VsdcRejected
from orders.models import OrderEvent, OrderEventKind
from tests.orders.factories import paid_order

from .steps import advance_for, issue_all, refunded, ship

pytestmark = pytest.mark.django_db

TOTAL = Decimal("10430.00")  # paid_order(): 2 × 4,990.00 + 450.00 delivery


@pytest.fixture
def order(fake_vsdc):
    return paid_order()


def test_a_card_payment_before_shipping_gets_an_advance_receipt(order, fake_vsdc):
    (receipt,) = issue_all([advance_for(order)])
    assert receipt.kind == "advance_sale"
    assert receipt.total_amount == TOTAL
    assert receipt.invoice_counter_extension == "АП"
    (sent,) = fake_vsdc.invoices()
    assert sent["request"]["invoiceType"] == "Advance"
    assert sent["request"]["transactionType"] == "Sale"
    assert sent["request"]["payment"] == [{"amount": 10430.0, "paymentType": "Card"}]
    assert [item["labels"] for item in sent["request"]["items"]] == [["Ђ"], ["Ђ"]]
    assert sent["response"]["taxItems"][0]["amount"] == 1738.33  # 20 % VAT within the price
    assert receipt.response == sent["response"]  # the full answer, as it came


def test_shipping_closes_the_advance_and_issues_the_final_receipt_referring_to_it(order, fake_vsdc):
    (advance,) = issue_all([advance_for(order)])
    close, sale = ship(order)
    assert (close.kind, sale.kind) == ("advance_refund", "sale")
    requests = {i["response"]["invoiceNumber"]: i["request"] for i in fake_vsdc.invoices()}
    for receipt in (close, sale):
        assert requests[receipt.invoice_number]["referentDocumentNumber"] == advance.invoice_number
        assert requests[receipt.invoice_number]["referentDocumentDT"] == advance.sdc_date_time_text
    assert close.total_amount == sale.total_amount == TOTAL
    assert sale.invoice_counter_extension == "ПП"
    # Shipping again after a failed delivery is the same supply: nothing new.
    assert ship(order) == [close, sale]
    assert FiscalReceipt.objects.count() == 3


def test_a_refund_after_shipping_refers_to_the_sale(order, fake_vsdc):
    issue_all([advance_for(order)])
    _, sale = ship(order)
    refund = refunded(order, Decimal("1000.00"))
    assert refund.kind == "refund"
    request = next(
        i["request"]
        for i in fake_vsdc.invoices()
        if i["response"]["invoiceNumber"] == refund.invoice_number
    )
    assert request["invoiceType"] == "Normal"
    assert request["transactionType"] == "Refund"
    assert request["referentDocumentNumber"] == sale.invoice_number
    assert request["items"] == [
        {
            "name": "Prsten Luna Veličina 54",
            "quantity": 1,
            "unitPrice": 1000.0,
            "labels": ["Ђ"],
            "totalAmount": 1000.0,
        }
    ]
    # The rest, a full refund of what is left, refers to the same sale.
    rest = refunded(order, TOTAL - Decimal("1000.00"))
    assert rest.total_amount == Decimal("9430.00")


def test_a_refund_before_shipping_refunds_the_advance_and_the_final_receipt_is_for_the_rest(
    order, fake_vsdc
):
    (advance,) = issue_all([advance_for(order)])
    refund = refunded(order, Decimal("4990.00"))  # one ring withdrawn before it left
    assert refund.kind == "advance_refund"
    assert refund.response["invoiceCounterExtension"] == "АР"
    close, sale = ship(order)
    assert close.total_amount == sale.total_amount == Decimal("5440.00")
    sale_request = next(
        i["request"]
        for i in fake_vsdc.invoices()
        if i["response"]["invoiceNumber"] == sale.invoice_number
    )
    assert [(i["name"], i["quantity"]) for i in sale_request["items"]] == [
        ("Prsten Luna Veličina 54", 1),
        ("Delivery: Post Express", 1),
    ]
    assert advance.invoice_number == sale_request["referentDocumentNumber"]


def test_the_processor_timing_out_after_issuing_gives_exactly_one_receipt(
    order, fake_vsdc, settings
):
    intent = advance_for(order)
    fake_vsdc.add_fault(
        "timeout_after_success", method="POST", delay=settings.VSDC_READ_TIMEOUT + 1
    )
    receipt = fiscal_intent_issue(intent_id=intent.pk, now=timezone.now())
    # The client asked about its RequestId instead of posting again.
    assert fake_vsdc.posts == 1
    assert len(fake_vsdc.invoices_for(intent.request_id)) == 1
    assert receipt.invoice_number == fake_vsdc.invoices()[0]["response"]["invoiceNumber"]
    intent.refresh_from_db()
    assert intent.status == IntentStatus.ISSUED


def test_a_lost_answer_that_cannot_be_checked_waits_and_then_is_found_not_sent_again(
    order, fake_vsdc, settings
):
    intent = advance_for(order)
    fake_vsdc.add_fault(
        "timeout_after_success", method="POST", delay=settings.VSDC_READ_TIMEOUT + 1
    )
    fake_vsdc.add_fault("unavailable", method="GET")
    now = timezone.now()
    with pytest.raises(VsdcNoAnswer):
        fiscal_intent_issue(intent_id=intent.pk, now=now)
    # While the first attempt may still be under way at the processor, no second one starts.
    with pytest.raises(IssuanceInProgress):
        fiscal_intent_issue(intent_id=intent.pk, now=now + datetime.timedelta(seconds=5))
    receipt = fiscal_intent_issue(
        intent_id=intent.pk, now=now + send_lease() + datetime.timedelta(seconds=1)
    )
    assert fake_vsdc.posts == 1
    assert (
        receipt.invoice_number
        == fake_vsdc.invoices_for(intent.request_id)[0]["response"]["invoiceNumber"]
    )


def test_a_server_error_before_issuing_is_sent_again_after_asking(order, fake_vsdc):
    intent = advance_for(order)
    fake_vsdc.add_fault("unavailable", method="POST")
    now = timezone.now()
    with pytest.raises(VsdcNoAnswer):
        fiscal_intent_issue(intent_id=intent.pk, now=now)
    assert fake_vsdc.invoices() == []
    receipt = fiscal_intent_issue(
        intent_id=intent.pk, now=now + send_lease() + datetime.timedelta(seconds=1)
    )
    assert receipt is not None
    assert len(fake_vsdc.invoices_for(intent.request_id)) == 1


def test_a_refused_certificate_issues_nothing_and_is_retried(order, fake_vsdc):
    intent = advance_for(order)
    fake_vsdc.add_fault("certificate_refused")
    now = timezone.now()
    with pytest.raises(CertificateRefused):
        fiscal_intent_issue(intent_id=intent.pk, now=now)
    intent.refresh_from_db()
    assert (intent.status, intent.sending_until) == (IntentStatus.PENDING, None)
    assert "CertificateRefused" in intent.last_error
    assert fiscal_intent_issue(intent_id=intent.pk, now=now) is not None


def test_a_worker_that_died_after_posting_does_not_post_again(order, fake_vsdc):
    intent = advance_for(order)
    now = timezone.now()
    # The first attempt claimed the intent and posted, then the process died.
    FiscalIntent.objects.filter(pk=intent.pk).update(attempts=1, sending_until=now)
    from fiscal.services import _request_body

    VsdcClient.from_settings().post_invoice(
        request_id=intent.request_id, body=_request_body(intent)
    )
    FiscalIntent.objects.filter(pk=intent.pk).update(
        request_body=fake_vsdc.invoices()[0]["request"]
    )
    receipt = fiscal_intent_issue(intent_id=intent.pk, now=now + datetime.timedelta(seconds=1))
    assert fake_vsdc.posts == 1
    assert receipt.invoice_number == fake_vsdc.invoices()[0]["response"]["invoiceNumber"]


def test_a_refused_receipt_fails_for_good_and_needs_attention(order, fake_vsdc):
    intent = advance_for(order)
    FiscalIntent.objects.filter(pk=intent.pk).update(
        items=[{"name": "Prsten", "quantity": 1, "unit_price": "10430.00", "label": "Ж"}]
    )
    with pytest.raises(VsdcRejected, match="labels"):
        fiscal_intent_issue(intent_id=intent.pk, now=timezone.now())
    fiscal_intent_give_up(
        intent_id=intent.pk, error="VsdcRejected: invalid tax label", now=timezone.now()
    )
    intent.refresh_from_db()
    assert intent.status == IntentStatus.FAILED
    event = OrderEvent.objects.get(order=order, kind=OrderEventKind.FISCALIZATION_FAILED)
    assert event.needs_attention and "invalid tax label" in event.note


def test_a_stored_receipt_is_never_edited(order, fake_vsdc):
    (receipt,) = issue_all([advance_for(order)])
    receipt.journal = "something else"
    with pytest.raises(ImmutableReceipt):
        receipt.save()
    with pytest.raises(ImmutableReceipt):
        receipt.delete()


def test_the_receipt_email_speaks_the_customers_language(fake_vsdc, mailoutbox):
    from fiscal.services import fiscal_receipt_email_send

    order = paid_order(language="sr-latn")
    (receipt,) = issue_all([advance_for(order)])
    assert fiscal_receipt_email_send(receipt_id=receipt.pk)
    assert not fiscal_receipt_email_send(receipt_id=receipt.pk)  # at most once
    (email,) = mailoutbox
    assert email.subject == f"Vaš fiskalni račun za porudžbinu {order.number}"
    assert "Proverite ga kod Poreske uprave" in email.body
    assert receipt.verification_url in email.body
    assert "Avans prodaja" in email.body


def test_giving_back_a_duplicate_payment_is_no_fiscal_refund(order, fake_vsdc):
    from fiscal.services import fiscal_plan_refund
    from orders.models import Payment, Refund

    issue_all([advance_for(order)])
    first = order.payments.get()
    duplicate = Payment.objects.create(
        order=order,
        provider_payment_id="tr_duplicate",
        status="paid",
        amount_rsd=first.amount_rsd,
        amount_eur=first.amount_eur,
        eur_rsd_rate=first.eur_rsd_rate,
        rate_date=first.rate_date,
        paid_at=timezone.now(),
    )
    refund = Refund.objects.create(
        order=order, payment=duplicate, amount_rsd=TOTAL, amount_eur="88.99", status="refunded"
    )
    assert fiscal_plan_refund(order_id=order.pk, refund_id=refund.pk, now=timezone.now()) == []
    assert len(fake_vsdc.invoices()) == 1


def test_a_server_error_after_issuing_gives_exactly_one_receipt(order, fake_vsdc):
    intent = advance_for(order)
    fake_vsdc.add_fault("error_after_success", method="POST")
    receipt = fiscal_intent_issue(intent_id=intent.pk, now=timezone.now())
    assert fake_vsdc.posts == 1
    assert [i["response"]["invoiceNumber"] for i in fake_vsdc.invoices()] == [
        receipt.invoice_number
    ]
