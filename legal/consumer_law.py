"""Deadlines of the Serbian Law on Consumer Protection (Sl. glasnik RS 88/2021) that the shop's
terms of service promise. Orders print them on documents; complaints and withdrawals enforce
them."""

import datetime
from decimal import Decimal

# Art. 56: the seller answers a complaint within 8 days of receiving it...
COMPLAINT_ANSWER_DAYS = 8
# ...and resolves it within 15 days of filing (30 only for technical goods and furniture).
COMPLAINT_RESOLUTION_DAYS = 15
# Art. 27: withdrawal from a distance contract within 14 days of receiving the goods.
WITHDRAWAL_DAYS = 14
# Art. 52: delivery within 30 days of the contract unless agreed otherwise (the terms promise it).
DELIVERY_DAYS = 30
# ...and when the goods cannot be delivered and the contract ends, the price is back within 3 days.
TERMINATION_REFUND_DAYS = 3
# Liability for non-conformity of the goods: 2 years from delivery.
NON_CONFORMITY_YEARS = 2


def deadlines() -> dict[str, int]:
    """The numbers customer-facing texts quote, for templates (never typed into a sentence)."""
    return {
        "withdrawal_days": WITHDRAWAL_DAYS,
        "complaint_answer_days": COMPLAINT_ANSWER_DAYS,
        "complaint_resolution_days": COMPLAINT_RESOLUTION_DAYS,
        "delivery_days": DELIVERY_DAYS,
        "refund_days": TERMINATION_REFUND_DAYS,
        "liability_years": NON_CONFORMITY_YEARS,
        "withdrawal_return_days": WITHDRAWAL_RETURN_DAYS,
        "withdrawal_refund_days": WITHDRAWAL_REFUND_DAYS,
    }


# --- Withdrawal from a distance contract -------------------------------------------------------
# Pure rules, dates in and dates or booleans out: callers pass the days, nothing here reads the
# clock. Sources: Zakon o zaštiti potrošača (Sl. glasnik RS 88/2021) Art. 27-34 on withdrawal,
# the same in substance as Directive 2011/83/EU Art. 9-14 (LEGAL-NOTES.md, "Withdrawal").

# Directive 2011/83 Art. 14(1): the consumer sends the goods back within 14 days of the day the
# statement was sent.
WITHDRAWAL_RETURN_DAYS = 14
# Directive 2011/83 Art. 13(1): the trader refunds without undue delay and at the latest 14
# days from the day it was informed of the withdrawal.
WITHDRAWAL_REFUND_DAYS = 14


def withdrawal_period_ends(delivered_on: datetime.date) -> datetime.date:
    """ZZP Art. 27 (Directive Art. 9(2)(b)): 14 days from the day the consumer received the
    goods (with several parcels, the last one: callers pass each line's own delivery day). The
    day of delivery is not counted, so goods received on 1 March may be withdrawn from until
    15 March inclusive."""
    return delivered_on + datetime.timedelta(days=WITHDRAWAL_DAYS)


def withdrawal_on_time(*, delivered_on: datetime.date | None, sent_on: datetime.date) -> bool:
    """On time when sent within the period (Directive Art. 11(2): sending is what counts).
    Before delivery the period has not started, and withdrawal is allowed all the same
    (Art. 9(3))."""
    return delivered_on is None or sent_on <= withdrawal_period_ends(delivered_on)


def withdrawal_open(*, delivered_on: datetime.date | None, today: datetime.date) -> bool:
    """Whether the "withdraw" link belongs on the order page today (Art. 11a of 2011/83, added by
    Directive 2023/2673: available for the whole withdrawal period)."""
    return withdrawal_on_time(delivered_on=delivered_on, sent_on=today)


def withdrawal_line_excluded(*, is_personalised: bool) -> bool:
    """ZZP Art. 35 (Directive Art. 16(c)): goods made to the consumer's specifications or
    clearly personalised are excluded. Picking one of the shop's standard sizes is not
    personalisation (Commission guidance; CJEU C-529/19), so only the product's own flag,
    snapshotted on the order line, decides."""
    return is_personalised


def withdrawal_return_due(sent_on: datetime.date) -> datetime.date:
    """Directive Art. 14(1): the consumer sends the goods back within 14 days of the statement."""
    return sent_on + datetime.timedelta(days=WITHDRAWAL_RETURN_DAYS)


def withdrawal_refund_latest(received_on: datetime.date) -> datetime.date:
    """Directive Art. 13(1): the refund is due at the latest 14 days from the day the trader
    received the statement."""
    return received_on + datetime.timedelta(days=WITHDRAWAL_REFUND_DAYS)


def withdrawal_goods_back_on(
    *, goods_received_on: datetime.date | None, proof_received_on: datetime.date | None
) -> datetime.date | None:
    """Directive Art. 13(3): the trader may withhold the refund until it has received the goods
    back or the consumer's proof of sending them, whichever comes first; None while neither."""
    days = [day for day in (goods_received_on, proof_received_on) if day is not None]
    return min(days) if days else None


def withdrawal_refund_due(
    *, received_on: datetime.date, goods_back_on: datetime.date | None
) -> datetime.date | None:
    """The day by which the refund must be made: 14 days from receiving the statement; when the
    shop waited for goods or proof that came later than that, the day they came (the refund is
    then due without delay). None while the shop may still wait."""
    if goods_back_on is None:
        return None
    return max(withdrawal_refund_latest(received_on), goods_back_on)


def withdrawal_refund_amount(
    *, withdrawn_lines_total: Decimal, delivery_paid: Decimal, whole_order_withdrawn: bool
) -> Decimal:
    """Directive Art. 13(1)-(2): the price of the goods withdrawn from plus the standard
    delivery cost paid (the shop offers standard delivery only, so the price paid is it). The
    delivery cost belongs to the contract as a whole: it is refunded with the withdrawal that
    leaves nothing of the order (Commission guidance on Directive 2011/83, 2021, on partial
    withdrawal), never twice."""
    return withdrawn_lines_total + (delivery_paid if whole_order_withdrawn else Decimal("0.00"))
