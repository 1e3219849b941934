"""Pure deadline rules of complaints (non-conforming goods), from the Serbian Law on Consumer
Protection (Zakon o zaštiti potrošača, Sl. glasnik RS 88/2021) as the shop's terms of service
promise them. Dates in, dates or booleans out: callers pass today's date, nothing here reads the
clock. Withdrawal rules live next to these with names prefixed `withdrawal_`."""

import calendar
import datetime

from legal.consumer_law import (
    COMPLAINT_ANSWER_DAYS,
    COMPLAINT_RESOLUTION_DAYS,
    NON_CONFORMITY_YEARS,
)

# Art. 56(5): the consumer answers the seller's proposal within 3 days of receiving it; no answer
# in time counts as not agreeing (terms: "If you agree with our proposal...").
COMPLAINT_REPLY_DAYS = 3
# Art. 51(3) and the terms: a non-conformity appearing within 6 months of delivery lets the
# consumer choose replacement, price reduction or termination; repair only with consent.
COMPLAINT_CHOICE_MONTHS = 6
# Staff are reminded of deadlines this many days ahead (issue 12: "due soon").
COMPLAINT_DUE_SOON_DAYS = 2


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it has no such day (31 Aug
    + 6 months is 28 or 29 Feb): a period never spills into the following month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def complaint_answer_due(received_on: datetime.date) -> datetime.date:
    """Art. 56(3), terms "RIGHT TO COMPLAINT": the seller answers in writing or electronically
    without delay and at the latest 8 days from the day it received the complaint."""
    return received_on + datetime.timedelta(days=COMPLAINT_ANSWER_DAYS)


def complaint_resolution_latest(filed_on: datetime.date) -> datetime.date:
    """Art. 56(4): the proposal's resolution deadline may not be later than 15 days from the
    day the complaint was filed (30 applies only to technical goods and furniture)."""
    return filed_on + datetime.timedelta(days=COMPLAINT_RESOLUTION_DAYS)


def complaint_proposal_deadline_valid(
    *, filed_on: datetime.date, answered_on: datetime.date, deadline: datetime.date
) -> bool:
    """A proposed resolution deadline lies between the answer and 15 days from filing."""
    return answered_on <= deadline <= complaint_resolution_latest(filed_on)


def complaint_reply_due(answer_received_on: datetime.date) -> datetime.date:
    """Art. 56(5): the consumer has 3 days from receiving the answer to reply to the proposal."""
    return answer_received_on + datetime.timedelta(days=COMPLAINT_REPLY_DAYS)


def complaint_paused_days(
    *, answer_received_on: datetime.date, reply_received_on: datetime.date
) -> int:
    """Art. 56(5) (since 2021): the resolution deadline does not run from the day the consumer
    received the answer until the day the seller receives the reply. With no reply, the pause
    ends when the 3 days run out (silence then counts as disagreement)."""
    end = min(reply_received_on, complaint_reply_due(answer_received_on))
    return max(0, (end - answer_received_on).days)


def complaint_resolution_due(
    *, proposed: datetime.date, paused_days: int, extended_to: datetime.date | None
) -> datetime.date:
    """The day by which the complaint must be resolved: the extension the consumer agreed to
    if there is one (it replaces the deadline), else the proposed deadline moved by the pause."""
    if extended_to is not None:
        return extended_to
    return proposed + datetime.timedelta(days=paused_days)


def complaint_extension_allowed(*, extensions_so_far: int, consumer_consented: bool) -> bool:
    """Art. 56(6), terms: the resolution deadline may be extended only once, for objective
    reasons and with the consumer's consent."""
    return extensions_so_far == 0 and consumer_consented


def complaint_liability_ends(delivered_on: datetime.date) -> datetime.date:
    """Art. 52 and the terms: the seller is liable for non-conformity appearing within 2 years
    from delivery (the transfer of risk)."""
    return _add_months(delivered_on, 12 * NON_CONFORMITY_YEARS)


def complaint_within_liability(
    *, delivered_on: datetime.date | None, filed_on: datetime.date
) -> bool:
    """Filed within the 2 years; goods not yet delivered are within it (the period has not
    started). A complaint after the 2 years is still received and recorded (issue 12)."""
    return delivered_on is None or filed_on <= complaint_liability_ends(delivered_on)


def complaint_choice_ends(delivered_on: datetime.date) -> datetime.date:
    return _add_months(delivered_on, COMPLAINT_CHOICE_MONTHS)


def complaint_consumer_chooses_remedy(
    *, delivered_on: datetime.date | None, filed_on: datetime.date
) -> bool:
    """Art. 51(3): within 6 months of delivery the consumer's choice of replacement, price
    reduction or termination binds the seller; later the seller may first offer repair or
    replacement."""
    return delivered_on is None or filed_on <= complaint_choice_ends(delivered_on)


def complaint_overdue(*, due: datetime.date | None, today: datetime.date) -> bool:
    return due is not None and today > due


def complaint_due_soon(*, due: datetime.date | None, today: datetime.date) -> bool:
    """Due today or within the next 2 days, not yet overdue: staff are reminded."""
    return due is not None and 0 <= (due - today).days <= COMPLAINT_DUE_SOON_DAYS
