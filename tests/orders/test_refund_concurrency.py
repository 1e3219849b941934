"""Staff refunding the same order at the same moment on the real PostgreSQL: the reserved
amounts never add up to more than was paid, here or at Mollie."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from orders.models import Order, Refund
from orders.services.refunds import RefundError, refund_create

from .refund_steps import CHARGED, paid_order
from .test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = 8


def test_concurrent_refunds_never_exceed_the_payment(client, fake_mollie, legal_texts):
    order = paid_order(client, fake_mollie)

    def refund(index):
        # 8 × 2,000 RSD asked for, 10,430 paid: five fit.
        return refund_create(
            order=Order.objects.get(pk=order.pk),
            amount_rsd=Decimal("2000.00"),
            reason=f"clerk {index}",
            actor=None,
        )

    results = run_together(refund, STAFF)
    made = [r for r in results if isinstance(r, Refund)]
    refused = [r for r in results if isinstance(r, RefundError)]
    assert (len(made), len(refused)) == (5, 3), results
    assert all("At most RSD 430.00" in str(error) for error in refused)
    local = Refund.objects.exclude(status="failed").aggregate(eur=Sum("amount_eur"))["eur"]
    remote = fake_mollie.payments()[0]["_embedded"]["refunds"]
    assert len(remote) == 5
    assert sum(Decimal(r["amount"]["value"]) for r in remote) == local <= CHARGED
