"""The complaint deadlines of the Law on Consumer Protection, as pure functions."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints import rules

D = datetime.date
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 1, 1), D(2026, 1, 9)),
        (D(2026, 1, 28), D(2026, 2, 5)),  # across a month end
        (D(2026, 2, 25), D(2026, 3, 5)),  # February of a common year
        (D(2028, 2, 25), D(2028, 3, 4)),  # ...and of a leap year
        (D(2026, 12, 28), D(2027, 1, 5)),  # across a year end
    ],
)
def test_the_answer_is_due_8_days_after_receipt(received, due):
    assert rules.complaint_answer_due(received) == due


@given(days)
def test_answer_due_is_always_8_days_later(received):
    assert (rules.complaint_answer_due(received) - received).days == 8


@given(days, st.integers(min_value=-3, max_value=20))
def test_a_proposed_deadline_is_valid_from_the_answer_to_15_days_after_filing(filed, offset):
    answered = filed + datetime.timedelta(days=2)
    deadline = filed + datetime.timedelta(days=offset)
    valid = rules.complaint_proposal_deadline_valid(
        filed_on=filed, answered_on=answered, deadline=deadline
    )
    assert valid == (2 <= offset <= 15)


def test_the_latest_resolution_is_15_days_from_filing():
    assert rules.complaint_resolution_latest(D(2026, 1, 20)) == D(2026, 2, 4)


@given(days, st.integers(min_value=0, max_value=10))
def test_the_pause_runs_from_the_answer_until_the_reply_at_most_3_days(answered, after):
    reply = answered + datetime.timedelta(days=after)
    assert rules.complaint_paused_days(answer_received_on=answered, reply_received_on=reply) == min(
        after, 3
    )


def test_the_consumer_has_3_days_to_reply():
    assert rules.complaint_reply_due(D(2026, 2, 27)) == D(2026, 3, 2)


@given(days, st.integers(min_value=0, max_value=3))
def test_the_resolution_deadline_moves_by_the_pause(proposed, paused):
    due = rules.complaint_resolution_due(proposed=proposed, paused_days=paused, extended_to=None)
    assert due == proposed + datetime.timedelta(days=paused)


@given(days, days)
def test_an_extension_replaces_the_deadline(proposed, extended):
    assert (
        rules.complaint_resolution_due(proposed=proposed, paused_days=2, extended_to=extended)
        == extended
    )


@pytest.mark.parametrize(
    ("so_far", "consent", "allowed"),
    [(0, True, True), (0, False, False), (1, True, False), (1, False, False)],
)
def test_one_extension_only_and_only_with_consent(so_far, consent, allowed):
    assert (
        rules.complaint_extension_allowed(extensions_so_far=so_far, consumer_consented=consent)
        is allowed
    )


@pytest.mark.parametrize(
    ("delivered", "last_day"),
    [
        (D(2026, 3, 15), D(2028, 3, 15)),
        (D(2024, 2, 29), D(2026, 2, 28)),  # a leap day has no twin two years later
    ],
)
def test_liability_lasts_2_years_from_delivery(delivered, last_day):
    assert rules.complaint_liability_ends(delivered) == last_day
    assert rules.complaint_within_liability(delivered_on=delivered, filed_on=last_day)
    assert not rules.complaint_within_liability(
        delivered_on=delivered, filed_on=last_day + datetime.timedelta(days=1)
    )


@given(days, days)
def test_within_liability_is_monotonic_in_the_filing_day(delivered, filed):
    within = rules.complaint_within_liability(delivered_on=delivered, filed_on=filed)
    assert within == (filed <= rules.complaint_liability_ends(delivered))
    assert 730 <= (rules.complaint_liability_ends(delivered) - delivered).days <= 731


def test_goods_not_delivered_yet_are_within_liability_and_the_consumer_chooses():
    assert rules.complaint_within_liability(delivered_on=None, filed_on=D(2040, 1, 1))
    assert rules.complaint_consumer_chooses_remedy(delivered_on=None, filed_on=D(2040, 1, 1))


@pytest.mark.parametrize(
    ("delivered", "last_day"),
    [
        (D(2026, 1, 10), D(2026, 7, 10)),
        (D(2026, 8, 31), D(2027, 2, 28)),  # no 31 February: the month's last day
        (D(2027, 8, 31), D(2028, 2, 29)),
        (D(2026, 12, 31), D(2027, 6, 30)),
    ],
)
def test_the_consumer_chooses_the_remedy_within_6_months(delivered, last_day):
    assert rules.complaint_choice_ends(delivered) == last_day
    assert rules.complaint_consumer_chooses_remedy(delivered_on=delivered, filed_on=last_day)
    assert not rules.complaint_consumer_chooses_remedy(
        delivered_on=delivered, filed_on=last_day + datetime.timedelta(days=1)
    )


@given(days)
def test_six_months_end_in_the_sixth_month_after(delivered):
    ends = rules.complaint_choice_ends(delivered)
    assert (ends.year * 12 + ends.month) - (delivered.year * 12 + delivered.month) == 6
    assert ends.day <= delivered.day


@given(days, st.integers(min_value=-5, max_value=5))
def test_due_soon_and_overdue(today, offset):
    due = today + datetime.timedelta(days=offset)
    assert rules.complaint_overdue(due=due, today=today) == (offset < 0)
    assert rules.complaint_due_soon(due=due, today=today) == (0 <= offset <= 2)
    assert not (
        rules.complaint_overdue(due=due, today=today)
        and rules.complaint_due_soon(due=due, today=today)
    )


def test_no_deadline_is_neither_due_nor_overdue():
    assert not rules.complaint_overdue(due=None, today=D(2026, 1, 1))
    assert not rules.complaint_due_soon(due=None, today=D(2026, 1, 1))
