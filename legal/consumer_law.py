"""Deadlines of the Serbian Law on Consumer Protection (Sl. glasnik RS 88/2021) that the shop's
terms of service promise. Orders print them on documents; complaints and withdrawals enforce
them."""

# Art. 56: the seller answers a complaint within 8 days of receiving it...
COMPLAINT_ANSWER_DAYS = 8
# ...and resolves it within 15 days of filing (30 only for technical goods and furniture).
COMPLAINT_RESOLUTION_DAYS = 15
# Art. 27: withdrawal from a distance contract within 14 days of receiving the goods.
WITHDRAWAL_DAYS = 14
