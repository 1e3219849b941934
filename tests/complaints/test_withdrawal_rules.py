"""The pure deadline rules of withdrawal (legal/consumer_law.py): the 14-day window from
delivery, the return and refund deadlines, waiting for goods or proof, the excluded items and
the refund amount. Dates across month and year ends, boundaries exactly."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legal import consumer_law as law

D = datetime.date
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@pytest.mark.parametrize(
    ("delivered", "ends"),
    [
        (D(2026, 3, 1), D(2026, 3, 15)),
        (D(2026, 1, 25), D(2026, 2, 8)),  # across a month end
        (D(2026, 2, 20), D(2026, 3, 6)),  # February of a common year
        (D(2028, 2, 20), D(2028, 3, 5)),  # ...and of a leap year
        (D(2026, 12, 25), D(2027, 1, 8)),  # across the year end
        (D(2026, 4, 30), D(2026, 5, 14)),
        (D(2026, 8, 31), D(2026, 9, 14)),
    ],
)
def test_the_window_ends_14_days_after_delivery(delivered, ends):
    assert law.withdrawal_period_ends(delivered) == ends


@pytest.mark.parametrize(
    ("sent", "on_time"),
    [
        (D(2026, 1, 25), True),  # the delivery day itself
        (D(2026, 2, 7), True),
        (D(2026, 2, 8), True),  # the last day
        (D(2026, 2, 9), False),  # one day late
        (D(2026, 3, 1), False),
    ],
)
def test_on_time_boundaries(sent, on_time):
    assert law.withdrawal_on_time(delivered_on=D(2026, 1, 25), sent_on=sent) is on_time


@given(sent=days)
def test_before_delivery_withdrawal_is_always_allowed(sent):
    assert law.withdrawal_on_time(delivered_on=None, sent_on=sent)
    assert law.withdrawal_open(delivered_on=None, today=sent)


@given(delivered=days, offset=st.integers(min_value=-30, max_value=60))
def test_on_time_exactly_within_14_days(delivered, offset):
    sent = delivered + datetime.timedelta(days=offset)
    assert law.withdrawal_on_time(delivered_on=delivered, sent_on=sent) is (offset <= 14)
    assert law.withdrawal_open(delivered_on=delivered, today=sent) is (offset <= 14)


def test_personalised_items_are_excluded_and_standard_ones_not():
    assert law.withdrawal_line_excluded(is_personalised=True)
    assert not law.withdrawal_line_excluded(is_personalised=False)


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (D(2026, 1, 31), D(2026, 2, 14)),
        (D(2026, 2, 28), D(2026, 3, 14)),
        (D(2028, 2, 28), D(2028, 3, 13)),
        (D(2026, 12, 31), D(2027, 1, 14)),
    ],
)
def test_return_and_refund_deadlines_are_14_days_across_month_ends(day, due):
    assert law.withdrawal_return_due(day) == due
    assert law.withdrawal_refund_latest(day) == due


def test_the_refund_may_wait_for_goods_or_proof_whichever_first():
    assert law.withdrawal_goods_back_on(goods_received_on=None, proof_received_on=None) is None
    assert law.withdrawal_goods_back_on(
        goods_received_on=D(2026, 3, 9), proof_received_on=D(2026, 3, 4)
    ) == D(2026, 3, 4)
    assert law.withdrawal_goods_back_on(
        goods_received_on=D(2026, 3, 2), proof_received_on=None
    ) == D(2026, 3, 2)
    received = D(2026, 3, 1)
    assert law.withdrawal_refund_due(received_on=received, goods_back_on=None) is None
    # Goods back in time: the 14 days from the statement still apply.
    assert law.withdrawal_refund_due(received_on=received, goods_back_on=D(2026, 3, 5)) == D(
        2026, 3, 15
    )
    # Goods back after them: the refund is due at once, that day.
    assert law.withdrawal_refund_due(received_on=received, goods_back_on=D(2026, 3, 20)) == D(
        2026, 3, 20
    )


@given(received=days, back=st.integers(min_value=0, max_value=60))
def test_the_refund_is_never_due_before_14_days_nor_before_the_goods(received, back):
    goods_back = received + datetime.timedelta(days=back)
    due = law.withdrawal_refund_due(received_on=received, goods_back_on=goods_back)
    assert due >= law.withdrawal_refund_latest(received) and due >= goods_back
    assert due in (law.withdrawal_refund_latest(received), goods_back)


def test_the_refund_amount_includes_the_delivery_only_with_the_whole_order():
    items, delivery = Decimal("4990.00"), Decimal("450.00")
    assert law.withdrawal_refund_amount(
        withdrawn_lines_total=items, delivery_paid=delivery, whole_order_withdrawn=True
    ) == Decimal("5440.00")
    assert (
        law.withdrawal_refund_amount(
            withdrawn_lines_total=items, delivery_paid=delivery, whole_order_withdrawn=False
        )
        == items
    )


def test_the_deadlines_quoted_to_customers():
    quoted = law.deadlines()
    assert quoted["withdrawal_days"] == 14
    assert quoted["withdrawal_return_days"] == 14
    assert quoted["withdrawal_refund_days"] == 14
