"""Whatever the order of refunds and shipping, the receipts the fake V-SDC accepted add up to
the money the shop kept: sales (advance and final) minus refunds (advance and normal) equal
what was paid minus what was refunded, and every receipt refers to one the processor knows."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiscal.models import FiscalReceipt
from tests.orders.factories import paid_order

from .steps import advance_for, issue_all, refunded, ship

pytestmark = pytest.mark.django_db

PAID = Decimal("10430.00")
SALES = ("advance_sale", "sale")


@st.composite
def refund_plans(draw):
    """Refund amounts that never exceed what was paid, and when the parcel leaves."""
    left, amounts = PAID, []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if left <= 0:
            break
        cents = draw(st.integers(min_value=1, max_value=int(left * 100)))
        amounts.append(Decimal(cents) / 100)
        left -= amounts[-1]
    ship_after = draw(st.none() | st.integers(min_value=0, max_value=len(amounts)))
    return amounts, ship_after


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=refund_plans())
def test_receipts_add_up_to_the_money_kept(fake_vsdc, plan):
    amounts, ship_after = plan
    order = paid_order()
    issue_all([advance_for(order)])
    for index, amount in enumerate(amounts):
        if index == ship_after:
            ship(order)
        refunded(order, amount)
    if ship_after == len(amounts):
        ship(order)

    receipts = FiscalReceipt.objects.filter(order=order)
    sold = sum((r.total_amount for r in receipts if r.kind in SALES), Decimal(0))
    given_back = sum((r.total_amount for r in receipts if r.kind not in SALES), Decimal(0))
    assert sold - given_back == PAID - sum(amounts, Decimal(0))
    shipped = ship_after is not None
    final = receipts.filter(kind="sale").first()
    if shipped and sum(amounts[:ship_after], Decimal(0)) < PAID:
        assert final is not None
        assert final.total_amount == PAID - sum(amounts[:ship_after], Decimal(0))
    else:
        assert final is None
