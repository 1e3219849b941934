"""The pure rules of fiscal receipts: tax labels, the InvoiceRequest of each receipt type, and
how refunds are cut out of a receipt's items."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fiscal.rules import (
    INVOICE_TYPES,
    Item,
    ReceiptKind,
    items_leave,
    items_take,
    items_total,
    request_body,
    tax_label,
)

RING = Item("Prsten Luna 54", 2, Decimal("4990.00"), "Ђ")
DELIVERY = Item("Dostava", 1, Decimal("450.00"), "Ђ")


def test_tax_labels_of_the_serbian_vat_rates():
    assert tax_label(Decimal("20.00")) == "Ђ"
    assert tax_label(Decimal("20")) == "Ђ"
    assert tax_label(Decimal("10.00")) == "Е"
    with pytest.raises(ValueError, match="No tax label"):
        tax_label(Decimal("18.00"))


@pytest.mark.parametrize(
    ("kind", "types"),
    [
        (ReceiptKind.ADVANCE_SALE, ("Advance", "Sale")),
        (ReceiptKind.ADVANCE_REFUND, ("Advance", "Refund")),
        (ReceiptKind.SALE, ("Normal", "Sale")),
        (ReceiptKind.REFUND, ("Normal", "Refund")),
    ],
)
def test_each_receipt_kind_is_one_invoice_and_transaction_type(kind, types):
    assert INVOICE_TYPES[kind] == types
    body = request_body(
        kind=kind, items=[RING, DELIVERY], cashier="cestmoi.rs", esir_number="CM-1/x"
    )
    assert (body["invoiceType"], body["transactionType"]) == types


def test_the_request_is_paid_by_card_with_the_20_percent_label():
    body = request_body(
        kind=ReceiptKind.REFUND,
        items=[RING],
        cashier="cestmoi.rs",
        esir_number="CM-2026-000001/refund",
        referent_number="AAAA-BBBB-12",
        referent_date_time="2026-12-05T13:00:00.000+01:00",
    )
    assert body["payment"] == [{"amount": 9980.0, "paymentType": "Card"}]
    assert body["items"] == [
        {
            "name": "Prsten Luna 54",
            "quantity": 2,
            "unitPrice": 4990.0,
            "labels": ["Ђ"],
            "totalAmount": 9980.0,
        }
    ]
    assert body["referentDocumentNumber"] == "AAAA-BBBB-12"
    assert body["referentDocumentDT"] == "2026-12-05T13:00:00.000+01:00"


def test_a_sale_without_reference_names_none():
    body = request_body(kind=ReceiptKind.ADVANCE_SALE, items=[RING], cashier="c", esir_number="n")
    assert "referentDocumentNumber" not in body


def test_a_refund_takes_whole_pieces_first_then_part_of_one():
    assert items_take([RING, DELIVERY], Decimal("6000.00")) == [
        Item("Prsten Luna 54", 1, Decimal("4990.00"), "Ђ"),
        Item("Prsten Luna 54", 1, Decimal("1010.00"), "Ђ"),
    ]
    assert items_leave([RING, DELIVERY], Decimal("6000.00")) == [
        Item("Prsten Luna 54", 1, Decimal("3980.00"), "Ђ"),
        DELIVERY,
    ]


def test_more_than_the_items_cannot_be_taken():
    with pytest.raises(ValueError):
        items_take([RING], Decimal("9980.01"))
    with pytest.raises(ValueError):
        items_leave([RING], Decimal("-0.01"))


item = st.builds(
    Item,
    name=st.sampled_from(["Prsten", "Ogrlica", "Dostava"]),
    quantity=st.integers(min_value=1, max_value=5),
    unit_price=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2),
    label=st.just("Ђ"),
)


@given(items=st.lists(item, min_size=1, max_size=5), share=st.fractions(min_value=0, max_value=1))
def test_taking_and_leaving_split_the_items_exactly(items, share):
    total = items_total(items)
    amount = (total * Decimal(share.numerator) / Decimal(share.denominator)).quantize(
        Decimal("0.01")
    )
    amount = min(amount, total)
    taken, left = items_take(items, amount), items_leave(items, amount)
    assert items_total(taken) == amount
    assert items_total(taken) + items_total(left) == total
    for line in taken + left:
        assert line.quantity >= 1 and line.unit_price > 0
        assert line.total == line.unit_price * line.quantity
    # Refunds one after another never give back more than there was.
    assert items_total(items_take(left, items_total(left))) == total - amount
