"""Refunds of dinar payments through the bank's XML API (CC5Request Type Credit) against the
fake bank: dinars go back exactly, never more than was paid, never twice when an answer is
lost."""

from decimal import Decimal

import pytest

from orders.models import DocumentKind, FulfilmentStatus, MoneyStatus
from orders.models.refund import UNCONFIRMED
from orders.payments import ProviderRefundStatus, get_payment_provider
from orders.services.refunds import (
    RefundError,
    RefundUnconfirmed,
    refund_create,
    refund_full,
    refund_retry,
)
from tests.accounts.factories import UserFactory

from .bank_steps import pay_at_bank
from .checkout_steps import place_order
from .factories import courier, ring, todays_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(client, fake_bank, django_capture_on_commit_callbacks):
    todays_rate("117.2000")
    variant = ring(price="4990.37", stock=3)[0]
    order = place_order(client, variant, courier(price="450.00"))
    pay_at_bank(client, fake_bank, order, capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    return order


def credits_at_bank(fake_bank) -> list[str]:
    [at_bank] = fake_bank.snapshot().values()
    return [str(credit["amount"]) for credit in at_bank["credits"]]


def test_partial_then_full_refund_in_dinars(
    order, fake_bank, django_capture_on_commit_callbacks, refund_emails
):
    staff = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        partial = refund_create(
            order=order, amount_rsd=Decimal("1000.37"), reason="Earring missing", actor=staff
        )
    assert (partial.amount_rsd, partial.amount_eur) == (Decimal("1000.37"), None)
    assert partial.status == ProviderRefundStatus.REFUNDED  # the bank credits at once
    assert credits_at_bank(fake_bank) == ["1000.37"]
    order.refresh_from_db()
    assert order.money_status == MoneyStatus.PARTIALLY_REFUNDED
    credit_note = order.documents.get(kind=DocumentKind.CREDIT_NOTE)
    assert credit_note.amount == Decimal("1000.37")
    (email,) = refund_emails()
    assert "we have refunded 1,000.37 RSD to your card" in email.body

    with django_capture_on_commit_callbacks(execute=True):
        rest = refund_full(order=order, actor=staff)
    assert rest.amount_rsd == Decimal("4440.00")
    assert credits_at_bank(fake_bank) == ["1000.37", "4440.00"]
    order.refresh_from_db()
    assert order.money_status == MoneyStatus.REFUNDED
    with pytest.raises(RefundError):
        refund_create(order=order, amount_rsd=Decimal("0.01"), reason="", actor=staff)
    assert len(credits_at_bank(fake_bank)) == 2


def test_more_than_was_paid_is_refused_before_asking_the_bank(order, fake_bank):
    with pytest.raises(RefundError, match=r"At most RSD 5,440\.37"):
        refund_create(order=order, amount_rsd=Decimal("5440.38"), reason="", actor=None)
    assert credits_at_bank(fake_bank) == []


def test_a_credit_whose_answer_was_lost_is_adopted_not_made_again(order, fake_bank, settings):
    settings.BANK_READ_TIMEOUT = 0.3
    fake_bank.add_fault("timeout_after_success", request_type="credit", delay=0.6)
    with pytest.raises(RefundUnconfirmed):
        refund_create(order=order, amount_rsd=Decimal("500.00"), reason="", actor=None)
    refund = order.refunds.get()
    assert refund.status == UNCONFIRMED
    assert credits_at_bank(fake_bank) == ["500.00"]

    refund = refund_retry(refund_id=refund.pk, actor=None, now=refund.updated_at)
    assert refund.status == ProviderRefundStatus.REFUNDED
    assert credits_at_bank(fake_bank) == ["500.00"]


def test_a_credit_the_bank_never_made_is_sent_again_once(order, fake_bank):
    fake_bank.add_fault("unavailable", request_type="credit")
    with pytest.raises(RefundUnconfirmed):
        refund_create(order=order, amount_rsd=Decimal("500.00"), reason="", actor=None)
    assert credits_at_bank(fake_bank) == []
    refund = order.refunds.get()
    refund = refund_retry(refund_id=refund.pk, actor=None, now=refund.updated_at)
    assert refund.status == ProviderRefundStatus.REFUNDED
    assert credits_at_bank(fake_bank) == ["500.00"]
    # Once more under the same reference (REFUNDREF): the bank answers with the same credit.
    again = get_payment_provider().create_refund(
        payment_id=refund.payment.provider_payment_id,
        amount=Decimal("500.00"),
        currency="RSD",
        metadata={"refund_id": refund.pk},
    )
    assert again.id == refund.provider_refund_id
    assert credits_at_bank(fake_bank) == ["500.00"]
