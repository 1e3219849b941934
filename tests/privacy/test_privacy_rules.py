"""The pure rules of data-subject requests and retention periods (sources in privacy/rules.py)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from privacy import rules

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))


def test_a_request_is_due_30_days_after_it_was_received():
    assert rules.request_due(datetime.date(2026, 12, 5)) == datetime.date(2027, 1, 4)
    assert rules.request_due(datetime.date(2028, 2, 1)) == datetime.date(2028, 3, 2)


@given(received=days)
def test_the_due_date_is_always_30_days_later(received):
    assert (rules.request_due(received) - received).days == 30


@given(
    so_far=st.integers(0, 2),
    extension=st.integers(-5, 100),
    due=days,
    today_offset=st.integers(-40, 40),
)
def test_an_extension_is_allowed_once_by_1_to_60_days_before_the_due_date(
    so_far, extension, due, today_offset
):
    today = due + datetime.timedelta(days=today_offset)
    allowed = rules.request_extension_allowed(
        extensions_so_far=so_far, days=extension, due_on=due, today=today
    )
    assert allowed == (so_far == 0 and 1 <= extension <= 60 and today_offset <= 0)


def test_the_longest_extension_gives_90_days_in_all():
    received = datetime.date(2026, 12, 5)
    due = rules.request_extended_due(due_on=rules.request_due(received), days=60)
    assert (due - received).days == 90


@given(due=days, offset=st.integers(-10, 10))
def test_overdue_and_due_soon_never_overlap(due, offset):
    today = due + datetime.timedelta(days=offset)
    overdue = rules.request_overdue(due_on=due, today=today)
    soon = rules.request_due_soon(due_on=due, today=today)
    assert overdue == (offset > 0)
    assert soon == (-5 <= offset <= 0)
    assert not (overdue and soon)


def test_no_due_date_is_neither_overdue_nor_due_soon():
    today = datetime.date(2026, 12, 5)
    assert not rules.request_overdue(due_on=None, today=today)
    assert not rules.request_due_soon(due_on=None, today=today)


def test_invoices_are_kept_five_years_after_the_end_of_their_business_year():
    period = rules.ACCOUNTING_PERIOD
    assert period.ends(datetime.date(2026, 1, 1)) == datetime.date(2032, 1, 1)
    assert period.ends(datetime.date(2026, 12, 31)) == datetime.date(2032, 1, 1)
    assert period.cutoff(datetime.date(2031, 12, 31)) == datetime.date(2026, 1, 1)
    assert period.cutoff(datetime.date(2032, 1, 1)) == datetime.date(2027, 1, 1)


@given(dated=days, today=days)
def test_a_business_year_record_is_past_its_period_exactly_from_the_day_it_ends(dated, today):
    period = rules.ACCOUNTING_PERIOD
    assert (dated < period.cutoff(today)) == (today >= period.ends(dated))


@given(dated=days, today=days, length=st.integers(1, 400))
def test_a_record_kept_some_days_is_past_its_period_from_the_day_it_ends(dated, today, length):
    period = rules.Days(length)
    assert (dated < period.cutoff(today)) == (today >= period.ends(dated))


def test_the_complaint_register_is_kept_two_years_from_filing():
    period = rules.COMPLAINT_REGISTER_PERIOD
    assert period.ends(datetime.date(2026, 12, 5)) == datetime.date(2028, 12, 5)
    assert period.ends(datetime.date(2028, 2, 29)) == datetime.date(2030, 2, 28)


@given(dated=days, today=days)
def test_a_record_kept_years_is_past_its_period_from_the_day_it_ends(dated, today):
    period = rules.Years(2)
    if not (dated.month == 2 and dated.day == 29):
        assert (dated < period.cutoff(today)) == (today >= period.ends(dated))


def test_links_and_exports_expire():
    sent = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)
    assert rules.confirmation_link_expires(sent) == sent + datetime.timedelta(days=3)
    assert rules.export_expires(sent) == sent + datetime.timedelta(days=7)


def test_periods_describe_themselves():
    assert rules.Days(1).describe() == "1 day"
    assert rules.Days(30).describe() == "30 days"
    assert rules.Years(2).describe() == "2 years"
    assert rules.ACCOUNTING_PERIOD.describe() == "5 years after the end of the business year"
