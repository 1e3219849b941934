from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.prices import amount_to_free_delivery
from orders.rules import (
    PricedLine,
    delivery_price,
    order_number,
    order_totals,
    vat_split,
)

D = Decimal
COURIER = D("450.00")
# Amounts of money in RSD with two places, from nothing to a very large order.
amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)


# --- free delivery over 11,000.00 RSD --------------------------------------------------------
@pytest.mark.parametrize(
    ("goods", "delivery"),
    [
        ("0.00", "450.00"),
        ("10999.99", "450.00"),
        ("11000.00", "450.00"),  # "up to 11,000.00" still pays the courier
        ("11000.01", "0.00"),  # "over 11,000.00" ships free
        ("250000.00", "0.00"),
    ],
)
def test_delivery_is_paid_up_to_11000_and_free_over_it(goods, delivery):
    assert delivery_price(goods_total=D(goods), courier_price=COURIER) == D(delivery)


@pytest.mark.parametrize(
    ("goods", "more"),
    [
        ("0.00", "11000.01"),
        ("10000.00", "1000.01"),
        ("10999.99", "0.02"),
        ("11000.00", "0.01"),
        ("11000.01", "0.00"),
    ],
)
def test_cart_says_how_much_more_buys_free_delivery(goods, more):
    assert amount_to_free_delivery(D(goods)) == D(more)


@given(amounts)
def test_buying_the_amount_shown_makes_delivery_free_and_a_para_less_does_not(goods):
    more = amount_to_free_delivery(goods)
    assert delivery_price(goods_total=goods + more, courier_price=COURIER) == 0
    if more:
        assert (
            delivery_price(goods_total=goods + more - D("0.01"), courier_price=COURIER) == COURIER
        )


# --- VAT 20 % included -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gross", "net", "vat"),
    [
        ("120.00", "100.00", "20.00"),
        ("100.00", "83.33", "16.67"),
        ("0.01", "0.01", "0.00"),
        ("0.03", "0.02", "0.01"),  # 0.005 rounds half up
        ("11000.00", "9166.67", "1833.33"),
        ("0.00", "0.00", "0.00"),
    ],
)
def test_vat_is_split_out_of_the_gross_price(gross, net, vat):
    split = vat_split(D(gross))
    assert (split.net, split.vat) == (D(net), D(vat))


@given(amounts)
def test_net_and_vat_always_add_up_to_the_gross_and_vat_is_a_sixth(gross):
    split = vat_split(gross)
    assert split.net + split.vat == gross
    assert abs(split.vat - gross / 6) <= D("0.005")


# --- order totals ------------------------------------------------------------------------
def test_order_total_adds_lines_and_the_courier_below_the_threshold():
    totals = order_totals(
        lines=[PricedLine(D("2990.00"), 2), PricedLine(D("1500.50"), 1)], courier_price=COURIER
    )
    assert totals.goods == D("7480.50")
    assert totals.delivery == D("450.00")
    assert totals.total == D("7930.50")
    assert totals.vat == D("1321.75")
    assert totals.net + totals.vat == totals.total


def test_order_over_the_threshold_pays_no_delivery():
    totals = order_totals(lines=[PricedLine(D("5500.01"), 2)], courier_price=COURIER)
    assert (totals.goods, totals.delivery, totals.total) == (
        D("11000.02"),
        D("0.00"),
        D("11000.02"),
    )


def test_order_of_exactly_11000_pays_delivery():
    totals = order_totals(lines=[PricedLine(D("5500.00"), 2)], courier_price=COURIER)
    assert totals.total == D("11450.00")


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=500_000, places=2),
            st.integers(min_value=1, max_value=20),
        ),
        max_size=8,
    ),
    st.decimals(min_value=0, max_value=5000, places=2),
)
def test_totals_are_consistent_for_any_cart(lines, courier):
    totals = order_totals(lines=[PricedLine(p, q) for p, q in lines], courier_price=courier)
    assert totals.goods == sum((p * q for p, q in lines), D("0.00"))
    assert totals.total == totals.goods + totals.delivery
    assert totals.delivery == (0 if totals.goods > D("11000.00") else courier)
    assert totals.net + totals.vat == totals.total


@pytest.mark.parametrize(
    ("line", "courier"),
    [(PricedLine(D("10.00"), 0), COURIER), (PricedLine(D("-1.00"), 1), COURIER)],
)
def test_impossible_lines_are_refused(line, courier):
    with pytest.raises(ValueError):
        order_totals(lines=[line], courier_price=courier)


def test_negative_courier_price_is_refused():
    with pytest.raises(ValueError):
        order_totals(lines=[PricedLine(D("10.00"), 1)], courier_price=D("-1.00"))


# --- order number ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "sequence", "number"),
    [(2026, 123, "CM-2026-000123"), (2026, 1, "CM-2026-000001"), (2027, 999999, "CM-2027-999999")],
)
def test_order_numbers_read_like_cm_year_sequence(year, sequence, number):
    assert order_number(year=year, sequence=sequence) == number


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_different_sequences_never_share_a_number(a, b):
    if a != b:
        assert order_number(year=2026, sequence=a) != order_number(year=2026, sequence=b)


@pytest.mark.parametrize(("year", "sequence"), [(2026, 0), (2026, -5), (26, 1)])
def test_nonsense_order_numbers_are_refused(year, sequence):
    with pytest.raises(ValueError):
        order_number(year=year, sequence=sequence)
