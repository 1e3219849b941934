"""Money and the free-delivery threshold: the price rules the cart and the checkout share.

Pure: no database, no clock. Money is Decimal in RSD with two places, prices include 20 % VAT,
rounding is half up. They live with the catalog's prices rather than in `orders.rules` so that
the cart, which the orders app uses, can apply them without importing the orders app."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Terms, "Manner and conditions of delivery": orders worth up to 11,000.00 RSD pay the chosen
# courier's price; orders worth over 11,000.00 RSD are delivered at the seller's expense. The
# worth is the goods (VAT included), delivery excluded.
FREE_DELIVERY_OVER_RSD = Decimal("11000.00")


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def ships_free(goods_total: Decimal) -> bool:
    return goods_total > FREE_DELIVERY_OVER_RSD


def amount_to_free_delivery(goods_total: Decimal) -> Decimal:
    """The "X RSD more for free delivery" of the cart: the smallest amount that takes the goods
    over the threshold (at exactly 11,000.00 delivery is still paid, so 0.01 more is needed);
    0.00 once delivery is free."""
    if ships_free(goods_total):
        return ZERO
    return money(FREE_DELIVERY_OVER_RSD + CENT - goods_total)
