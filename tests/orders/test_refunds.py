"""Refunds through the real Mollie client against the fake Mollie: amounts in RSD converted
at the payment's rate, never more than what is left, statuses from the webhook."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import DocumentKind, FulfilmentStatus, MoneyStatus, Order, Refund
from orders.payments import ProviderRefundStatus, get_payment_provider
from orders.selectors import refunds_in_progress
from orders.services.refunds import RefundError, order_refundable, refund_create, refund_full
from tests.accounts.factories import UserFactory

from .refund_steps import CHARGED, TOTAL, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(client, fake_mollie):
    return paid_order(client, fake_mollie)


@pytest.fixture
def post_webhook(client, django_capture_on_commit_callbacks):
    """Mollie calls the payment's webhook (it does so when a refund changes)."""

    def call(order):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/payments/webhook/", {"id": order.payments.get().provider_payment_id}
            )
        assert response.status_code == 200

    return call


@pytest.fixture
def webhook(fake_mollie, post_webhook):
    """Mollie moves a refund to `status`, then calls the webhook."""

    def call(refund, status="refunded"):
        if status:
            fake_mollie.set_refund_status(refund.provider_refund_id, status, webhook=False)
        post_webhook(refund.order)
        refund.refresh_from_db()
        return refund

    return call


def remote_refunds(fake_mollie):
    return fake_mollie.payments()[0]["_embedded"]["refunds"]


def test_partial_then_full_refund(order, fake_mollie, webhook, refund_emails):
    staff = UserFactory()
    partial = refund_create(
        order=order, amount_rsd=Decimal("4000.00"), reason="Earring missing", actor=staff
    )
    # 4,000 / 117.2 = 34.129… → €34.13, at the rate the card was charged.
    assert (partial.amount_eur, partial.status) == (Decimal("34.13"), ProviderRefundStatus.PENDING)
    assert partial.created_by == staff
    assert [r["amount"]["value"] for r in remote_refunds(fake_mollie)] == ["34.13"]
    order.refresh_from_db()
    # Nothing moved yet: the refund may still fail.
    assert (order.status, order.money_status) == (FulfilmentStatus.PAID, MoneyStatus.PAID)
    assert refund_emails() == []

    webhook(partial)
    order.refresh_from_db()
    assert partial.status == ProviderRefundStatus.REFUNDED
    # Refunds never move the parcel's status; the money status says what came back.
    assert order.status == FulfilmentStatus.PAID
    assert order.money_status == MoneyStatus.PARTIALLY_REFUNDED
    credit_note = order.documents.get(kind=DocumentKind.CREDIT_NOTE)
    assert (credit_note.refund, credit_note.amount) == (partial, Decimal("4000.00"))
    (email,) = refund_emails()
    assert email.to == ["jelena@example.rs"]
    assert "4,000.00 RSD" in email.body and "34.13" in email.body

    rest = refund_full(order=order, actor=staff)
    # The whole remainder refunds exactly the remaining euros: no cent left behind.
    assert (rest.amount_rsd, rest.amount_eur) == (TOTAL - Decimal("4000.00"), Decimal("54.86"))
    webhook(rest)
    order.refresh_from_db()
    assert (order.status, order.money_status) == (FulfilmentStatus.PAID, MoneyStatus.REFUNDED)
    assert order.documents.filter(kind=DocumentKind.CREDIT_NOTE).count() == 2
    assert fake_mollie.payments()[0]["amountRemaining"]["value"] == "0.00"
    assert order.payments.get().amount_refunded == CHARGED
    assert len(refund_emails()) == 2
    with pytest.raises(RefundError, match="Nothing is left to refund"):
        refund_full(order=order, actor=staff)


def test_more_than_paid_is_refused_and_nothing_reaches_mollie(order, fake_mollie):
    with pytest.raises(RefundError, match=r"At most RSD 10,430.00 can still be refunded"):
        refund_create(order=order, amount_rsd=TOTAL + Decimal("0.01"), reason="", actor=None)
    assert not Refund.objects.exists()
    assert remote_refunds(fake_mollie) == []


def test_refunds_in_progress_hold_their_amount(order, fake_mollie):
    refund_create(order=order, amount_rsd=Decimal("10000.00"), reason="", actor=None)
    with pytest.raises(RefundError, match=r"At most RSD 430.00"):
        refund_create(order=order, amount_rsd=Decimal("500.00"), reason="", actor=None)
    assert order_refundable(order).rsd == Decimal("430.00")


def test_canceled_refund_frees_its_amount(order, webhook):
    refund = refund_create(order=order, amount_rsd=Decimal("10000.00"), reason="", actor=None)
    webhook(refund, "canceled")
    assert refund.status == ProviderRefundStatus.CANCELED
    assert order_refundable(order).rsd == TOTAL
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID


def test_replayed_webhooks_change_nothing(order, webhook, refund_emails):
    refund = webhook(
        refund_create(order=order, amount_rsd=Decimal("1000.00"), reason="", actor=None)
    )
    events = order.events.count()
    webhook(refund, status=None)
    webhook(refund, status=None)
    assert order.events.count() == events
    assert Refund.objects.count() == 1
    assert len(refund_emails()) == 1


def test_refund_started_in_mollies_dashboard_is_recorded(order, fake_mollie, post_webhook):
    payment = order.payments.get()
    # What Mollie's dashboard does: a refund on the payment, made outside the shop.
    remote = get_payment_provider().create_refund(
        payment_id=payment.provider_payment_id,
        amount=Decimal("10.00"),
        currency="EUR",
        description="Goodwill gesture",
    )
    fake_mollie.set_refund_status(remote.id, "refunded", webhook=False)
    post_webhook(order)
    post_webhook(order)  # replayed
    refund = Refund.objects.get()
    assert refund.provider_refund_id == remote.id
    assert refund.created_by is None
    assert (refund.amount_eur, refund.amount_rsd) == (Decimal("10.00"), Decimal("1172.00"))
    assert refund.status == ProviderRefundStatus.REFUNDED
    assert refund.reason == "Goodwill gesture"
    order.refresh_from_db()
    assert order.money_status == MoneyStatus.PARTIALLY_REFUNDED
    assert order_refundable(order).charged == CHARGED - Decimal("10.00")


def test_mollie_down_gives_a_clean_error_and_keeps_nothing_reserved(order, settings):
    endpoint = settings.MOLLIE_API_ENDPOINT
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(RefundError, match="The payment provider could not be reached"):
        refund_full(order=order, actor=None)
    failed = Refund.objects.get()
    assert failed.status == ProviderRefundStatus.FAILED
    assert failed.last_error
    assert order_refundable(order).rsd == TOTAL
    Order.objects.get(pk=order.pk, status=FulfilmentStatus.PAID)

    settings.MOLLIE_API_ENDPOINT = endpoint
    assert refund_full(order=order, actor=None).amount_eur == CHARGED


def test_mollie_refusing_the_refund_frees_the_amount(order, fake_mollie):
    payment = order.payments.get()
    get_payment_provider().create_refund(
        payment_id=payment.provider_payment_id, amount=Decimal("80.00"), currency="EUR"
    )
    # The shop has not heard of the dashboard refund yet; Mollie has the last word.
    with pytest.raises(RefundError, match="The payment provider refused the refund"):
        refund_create(order=order, amount_rsd=Decimal("2000.00"), reason="", actor=None)
    assert Refund.objects.get().status == ProviderRefundStatus.FAILED
    assert len(remote_refunds(fake_mollie)) == 1


def test_an_unpaid_order_cannot_be_refunded(order):
    from .factories import guest_order

    unpaid = guest_order("ana@example.rs")
    with pytest.raises(RefundError, match="has no card payment"):
        refund_create(order=unpaid, amount_rsd=Decimal("10.00"), reason="", actor=None)


def test_a_refund_whose_answer_was_lost_is_matched_to_its_row(order, settings, post_webhook):
    endpoint = settings.MOLLIE_API_ENDPOINT
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"
    with pytest.raises(RefundError):
        refund_create(order=order, amount_rsd=Decimal("1172.00"), reason="", actor=None)
    lost = Refund.objects.get()
    settings.MOLLIE_API_ENDPOINT = endpoint
    # As if Mollie had made it after all: it carries the row's id.
    get_payment_provider().create_refund(
        payment_id=order.payments.get().provider_payment_id,
        amount=Decimal("10.00"),
        currency="EUR",
        metadata={"refund_id": lost.pk},
    )
    post_webhook(order)
    lost.refresh_from_db()
    assert Refund.objects.count() == 1
    assert lost.status == ProviderRefundStatus.PENDING
    assert lost.provider_refund_id.startswith("re_")
    assert order_refundable(order).rsd == TOTAL - Decimal("1172.00")


def test_a_reservation_that_never_reached_mollie_is_given_up(order, post_webhook):
    payment = order.payments.get()
    stuck = Refund.objects.create(
        order=order, payment=payment, amount_rsd=TOTAL, amount_eur=CHARGED, reason="crash"
    )
    assert order_refundable(order).rsd == 0
    Refund.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    post_webhook(order)
    stuck.refresh_from_db()
    assert stuck.status == ProviderRefundStatus.FAILED
    assert order_refundable(order).rsd == TOTAL


def test_refunds_in_progress_for_the_dashboard(order, webhook):
    first = refund_create(order=order, amount_rsd=Decimal("1000.00"), reason="", actor=None)
    second = refund_create(order=order, amount_rsd=Decimal("1000.00"), reason="", actor=None)
    webhook(first)
    assert list(refunds_in_progress()) == [second]
