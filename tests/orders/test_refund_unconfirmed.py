"""A refund whose answer from Mollie was lost (a timeout, a dropped connection, a server error
after Mollie made it) is never made twice: it holds its amount until Mollie's list of refunds
settles it, and is sent again only under its own idempotency key. The real Mollie client talks
to the fake Mollie over HTTP; the fake loses the answers."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import OrderEvent, Refund
from orders.models.refund import UNCONFIRMED
from orders.payments import ProviderRefundStatus, get_payment_provider
from orders.services.refunds import (
    RefundError,
    RefundUnconfirmed,
    order_refundable,
    refund_create,
    refund_full,
    refund_retry,
    refunds_reconcile_unconfirmed,
)
from tests.accounts.factories import UserFactory

from .refund_steps import CHARGED, TOTAL, paid_order

pytestmark = pytest.mark.django_db

NOT_CONFIRMED = (
    "The payment provider did not confirm the refund yet. Nothing will be refunded twice"
)


@pytest.fixture
def order(client, fake_mollie, settings):
    # The fake holds lost answers for 1.5 s; the shop stops waiting after 0.5 s.
    settings.MOLLIE_READ_TIMEOUT = 0.5
    return paid_order(client, fake_mollie)


def remote_refunds(fake_mollie):
    return fake_mollie.payments()[0]["_embedded"]["refunds"]


def lose_next_refund_answer(fake_mollie, mode, delay=1.5):
    fake_mollie.add_fault(mode, path_contains="/refunds", method="POST", delay=delay)


def test_a_refund_made_after_the_client_timed_out_is_held_then_adopted(order, fake_mollie):
    lose_next_refund_answer(fake_mollie, "timeout_after_success")
    with pytest.raises(RefundUnconfirmed, match=NOT_CONFIRMED):
        refund_create(order=order, amount_rsd=Decimal("4000.00"), reason="Bent clasp", actor=None)
    (made,) = remote_refunds(fake_mollie)  # Mollie made it; the shop does not know
    refund = Refund.objects.get()
    assert (refund.status, refund.provider_refund_id) == (UNCONFIRMED, None)
    # Its amount stays held: asking again cannot refund it twice.
    assert order_refundable(order).rsd == TOTAL - Decimal("4000.00")
    with pytest.raises(RefundError, match=r"At most RSD 6,430.00 can still be refunded"):
        refund_create(order=order, amount_rsd=TOTAL, reason="Bent clasp", actor=None)

    assert refunds_reconcile_unconfirmed(now=timezone.now()) == 1
    refund.refresh_from_db()
    assert refund.provider_refund_id == made["id"]
    assert refund.status == ProviderRefundStatus.PENDING
    assert order.events.filter(kind="refund_reconciled").count() == 1
    assert refunds_reconcile_unconfirmed(now=timezone.now()) == 0

    rest = refund_full(order=order, actor=None)
    assert rest.amount_rsd == Decimal("6430.00")
    remote = remote_refunds(fake_mollie)
    assert [r["metadata"]["refund_id"] for r in remote] == [refund.pk, rest.pk]
    assert sum(Decimal(r["amount"]["value"]) for r in remote) == CHARGED


def test_a_dropped_connection_leaves_the_refund_unconfirmed(order, fake_mollie):
    lose_next_refund_answer(fake_mollie, "timeout_after_success", delay=0)
    with pytest.raises(RefundUnconfirmed):
        refund_full(order=order, actor=None)
    assert Refund.objects.get().status == UNCONFIRMED
    assert order_refundable(order).rsd == 0
    assert len(remote_refunds(fake_mollie)) == 1


def test_staff_check_adopts_a_refund_mollie_made_before_its_500(order, fake_mollie):
    lose_next_refund_answer(fake_mollie, "error_after_success")
    with pytest.raises(RefundUnconfirmed):
        refund_create(order=order, amount_rsd=Decimal("1172.00"), reason="", actor=None)
    refund = Refund.objects.get()

    checked = refund_retry(refund_id=refund.pk, actor=UserFactory(), now=timezone.now())
    (made,) = remote_refunds(fake_mollie)
    assert (checked.pk, checked.provider_refund_id) == (refund.pk, made["id"])
    assert checked.status == ProviderRefundStatus.PENDING
    assert not order.events.filter(kind="refund_resent").exists()  # nothing was sent again
    with pytest.raises(RefundError, match="Only a refund the payment provider has not confirmed"):
        refund_retry(refund_id=refund.pk, actor=None, now=timezone.now())


def test_retry_of_a_refund_mollie_never_made_resends_it_under_the_same_key(order, fake_mollie):
    lose_next_refund_answer(fake_mollie, "unavailable")
    with pytest.raises(RefundUnconfirmed):
        refund_create(order=order, amount_rsd=Decimal("1172.00"), reason="", actor=None)
    refund = Refund.objects.get()
    assert remote_refunds(fake_mollie) == []
    assert order_refundable(order).rsd == TOTAL - Decimal("1172.00")

    staff = UserFactory()
    retried = refund_retry(refund_id=refund.pk, actor=staff, now=timezone.now())
    assert Refund.objects.get() == retried == refund
    assert retried.status == ProviderRefundStatus.PENDING
    (made,) = remote_refunds(fake_mollie)
    assert made["id"] == retried.provider_refund_id
    assert made["metadata"] == {"refund_id": refund.pk, "order_number": order.number}
    assert order.events.get(kind="refund_resent").actor == staff
    # The resend went under the row's own key: the same request again is only a replay.
    replayed = get_payment_provider().create_refund(
        payment_id=order.payments.get().provider_payment_id,
        amount=Decimal("10.00"),
        currency="EUR",
        description=made["description"],
        metadata=made["metadata"],
        idempotency_key=f"{order.public_id}-refund-{refund.pk}",
    )
    assert replayed.id == made["id"]
    assert len(remote_refunds(fake_mollie)) == 1


def test_a_retry_that_again_gets_no_answer_stays_unconfirmed(order, fake_mollie):
    fake_mollie.add_fault("unavailable", path_contains="/refunds", method="POST", count=2)
    with pytest.raises(RefundUnconfirmed):
        refund_create(order=order, amount_rsd=Decimal("1172.00"), reason="", actor=None)
    refund = Refund.objects.get()
    with pytest.raises(RefundUnconfirmed, match=NOT_CONFIRMED):
        refund_retry(refund_id=refund.pk, actor=None, now=timezone.now())
    refund.refresh_from_db()
    assert refund.status == UNCONFIRMED
    assert order_refundable(order).rsd == TOTAL - Decimal("1172.00")


def test_an_unconfirmed_refund_missing_at_mollie_is_given_up_after_a_while(order, fake_mollie):
    lose_next_refund_answer(fake_mollie, "unavailable")
    with pytest.raises(RefundUnconfirmed):
        refund_full(order=order, actor=None)
    refund = Refund.objects.get()
    # Mollie may still be working on a request just sent: not given up yet.
    assert refunds_reconcile_unconfirmed(now=timezone.now()) == 0
    assert Refund.objects.get().status == UNCONFIRMED

    later = timezone.now() + datetime.timedelta(minutes=11)
    assert refunds_reconcile_unconfirmed(now=later) == 1
    refund.refresh_from_db()
    assert refund.status == ProviderRefundStatus.FAILED
    assert order_refundable(order).rsd == TOTAL
    assert remote_refunds(fake_mollie) == []


def test_mollie_refusing_the_refund_is_a_definite_failure(order, fake_mollie):
    get_payment_provider().create_refund(
        payment_id=order.payments.get().provider_payment_id,
        amount=Decimal("80.00"),
        currency="EUR",
    )
    with pytest.raises(RefundError, match="The payment provider refused the refund") as refused:
        refund_create(order=order, amount_rsd=Decimal("2000.00"), reason="", actor=None)
    assert not isinstance(refused.value, RefundUnconfirmed)
    refund = Refund.objects.get()
    assert refund.status == ProviderRefundStatus.FAILED
    assert order_refundable(order).rsd == TOTAL  # freed (the webhook will learn of the 80 €)
    assert OrderEvent.objects.filter(kind="refund_unconfirmed").count() == 0
    with pytest.raises(RefundError, match="Only a refund the payment provider has not confirmed"):
        refund_retry(refund_id=refund.pk, actor=None, now=timezone.now())
