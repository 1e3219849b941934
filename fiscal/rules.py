"""Which fiscal receipts a card sale needs, and what goes on them. Pure: no database, no clock.

The law behind the receipts a paid-in-advance online sale gets:

- Law on Fiscalization (Zakon o fiskalizaciji, Sl. glasnik RS 153/2020), art. 3–4: every
  retail supply of goods to a consumer, online sales included, is recorded through an
  electronic fiscal device (an ESIR connected to the Tax Administration's V-SDC) by issuing a
  fiscal receipt, delivered with the goods or electronically. The buyer's consent to an
  electronic receipt is needed only from a seller that also sells over the counter
  (LEGAL-NOTES.md, "Money and fiscal receipts"; the exact article is not confirmed here): the
  shop sells only online, so checkout asks for none and each receipt is e-mailed.
- Rulebook on types of fiscal receipts, types of transactions, payment methods, VAT
  allocation and instructions for issuing fiscal receipts (Pravilnik o vrstama fiskalnih
  računa..., Sl. glasnik RS 69/2021 and amendments): the receipt types are Normal ("Promet"),
  Advance ("Avans"), Copy, Training and Pro forma; each is a Sale or a Refund. A payment
  received before the supply takes place is an advance and gets an advance receipt (Avans
  prodaja) when it is received. When the supply then takes place, the advance is closed with
  an advance refund receipt (Avans refundacija) referring to the advance receipt, and the
  final receipt for the supply (Promet prodaja) is issued, referring to the advance receipt.
  A refund of money (withdrawal, complaint, price reduction) gets a refund receipt of the same
  type as the receipt it corrects (Promet refundacija or Avans refundacija), referring to it by
  its number and date (referentDocumentNumber, referentDocumentDT).
- Law on VAT (Zakon o PDV, Sl. glasnik RS 84/2004 and amendments), art. 14: goods that are
  sent to the buyer are supplied when the sending begins. The shop's card payment is taken at
  checkout, days before the parcel leaves, so it is an advance; the supply, and with it the
  final receipt, happens when the parcel is handed to the courier ("shipped").

So: payment → advance sale; shipping → advance refund + normal sale, both referring to the
advance; a refund before shipping → advance refund referring to the advance; a refund after
shipping → normal refund referring to the normal sale.

Amounts are Decimal dinars with two places; jewelry and delivery carry the general VAT rate
of 20 % (Law on VAT art. 23), tax label "Ђ" in the Tax Administration's label table (the
reduced rate of 10 % is "Е")."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.prices import CENT, ZERO, money

# The Tax Administration's tax labels of the VAT rates that apply to the shop (tax category
# "ECAL" of the V-SDC's /api/v3/tax-rates; the labels are Cyrillic letters).
TAX_LABELS = {Decimal("20.00"): "Ђ", Decimal("10.00"): "Е"}
PAYMENT_TYPE_CARD = "Card"


class ReceiptKind(models.TextChoices):
    """What a receipt records; each maps to one (invoiceType, transactionType) of the V-SDC."""

    ADVANCE_SALE = "advance_sale", _("Advance sale")
    ADVANCE_REFUND = "advance_refund", _("Advance refund")
    SALE = "sale", _("Sale")
    REFUND = "refund", _("Refund")


# (invoiceType, transactionType) of each kind, as the V-SDC's InvoiceRequest names them.
INVOICE_TYPES = {
    ReceiptKind.ADVANCE_SALE: ("Advance", "Sale"),
    ReceiptKind.ADVANCE_REFUND: ("Advance", "Refund"),
    ReceiptKind.SALE: ("Normal", "Sale"),
    ReceiptKind.REFUND: ("Normal", "Refund"),
}
# A refund corrects the receipt of the matching sale type.
REFUND_OF = {
    ReceiptKind.ADVANCE_SALE: ReceiptKind.ADVANCE_REFUND,
    ReceiptKind.SALE: ReceiptKind.REFUND,
}


def tax_label(vat_rate: Decimal) -> str:
    """The label of a VAT rate in percent; a rate the shop has no label for is an error."""
    try:
        return TAX_LABELS[Decimal(vat_rate).quantize(CENT)]
    except KeyError:
        raise ValueError(f"No tax label for a VAT rate of {vat_rate} %") from None


@dataclass(frozen=True)
class Item:
    """One line of a receipt: quantity × unit price = total, VAT included."""

    name: str
    quantity: int
    unit_price: Decimal
    label: str

    @property
    def total(self) -> Decimal:
        return money(self.unit_price * self.quantity)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "quantity": self.quantity,
            "unit_price": str(self.unit_price),
            "label": self.label,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Item":
        return cls(
            name=data["name"],
            quantity=int(data["quantity"]),
            unit_price=Decimal(data["unit_price"]),
            label=data["label"],
        )


def items_total(items: list[Item]) -> Decimal:
    return sum((item.total for item in items), ZERO)


def _worth(item: Item, value: Decimal) -> list[Item]:
    """`value` of one item's worth as receipt lines: whole pieces at the item's price, and what
    is left over (a part of one piece) as one line at that part's price."""
    if value <= 0:
        return []
    whole = min(int(value // item.unit_price), item.quantity) if item.unit_price > 0 else 0
    lines = [Item(item.name, whole, item.unit_price, item.label)] if whole else []
    rest = value - item.unit_price * whole
    if rest > 0:
        lines.append(Item(item.name, 1, money(rest), item.label))
    return lines


def items_take(items: list[Item], amount: Decimal) -> list[Item]:
    """The first `amount` dinars of the items, in their order: what a refund of `amount`
    gives back. Sums to exactly `amount`; raises ValueError if `amount` exceeds the items."""
    if amount < 0 or amount > items_total(items):
        raise ValueError(f"{amount} is not between 0 and the items' total {items_total(items)}")
    taken, left = [], amount
    for item in items:
        part = min(left, item.total)
        taken += _worth(item, part)
        left -= part
    return taken


def items_leave(items: list[Item], amount: Decimal) -> list[Item]:
    """What is left of the items after the first `amount` dinars went (the complement of
    `items_take`): the goods still sold after refunds of `amount`."""
    if amount < 0 or amount > items_total(items):
        raise ValueError(f"{amount} is not between 0 and the items' total {items_total(items)}")
    kept, gone = [], amount
    for item in items:
        part = min(gone, item.total)
        kept += _worth(item, item.total - part)
        gone -= part
    return kept


def request_body(
    *,
    kind: str,
    items: list[Item],
    cashier: str,
    esir_number: str,
    referent_number: str = "",
    referent_date_time: str = "",
) -> dict:
    """The V-SDC InvoiceRequest (POST /api/v3/invoices) of a receipt paid by card."""
    invoice_type, transaction_type = INVOICE_TYPES[ReceiptKind(kind)]
    body = {
        "invoiceType": invoice_type,
        "transactionType": transaction_type,
        "cashier": cashier,
        "invoiceNumber": esir_number,
        "payment": [{"amount": _number(items_total(items)), "paymentType": PAYMENT_TYPE_CARD}],
        "items": [
            {
                "name": item.name,
                "quantity": item.quantity,
                "unitPrice": _number(item.unit_price),
                "labels": [item.label],
                "totalAmount": _number(item.total),
            }
            for item in items
        ],
    }
    if referent_number:
        body["referentDocumentNumber"] = referent_number
        body["referentDocumentDT"] = referent_date_time
    return body


def _number(amount: Decimal) -> float | int:
    # JSON numbers: the V-SDC takes amounts with up to two decimals. Converting a Decimal that
    # already has two places through its string keeps it exact in the JSON text.
    return float(str(amount))
