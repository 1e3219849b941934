"""Deadlines of the Serbian Law on Consumer Protection (Sl. glasnik RS 88/2021) that the shop's
terms of service promise. Orders print them on documents; complaints and withdrawals enforce
them."""

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
    }
