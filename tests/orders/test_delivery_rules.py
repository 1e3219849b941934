"""The delivery deadline of the terms: 30 days from purchase, staff warned from day 25."""

import datetime

import pytest
from django.utils import timezone

from orders import rules
from orders.rules import DeliveryRisk

BELGRADE = timezone.get_fixed_timezone(60)


def paid(day, hour=12):
    return datetime.datetime(2026, 3, day, hour, tzinfo=BELGRADE)


def test_the_deadline_is_30_days_after_the_day_of_purchase():
    assert rules.DELIVERY_DEADLINE_DAYS == 30
    assert rules.delivery_deadline(paid(1)) == datetime.date(2026, 3, 31)


def test_a_purchase_just_after_midnight_in_belgrade_counts_on_the_belgrade_day():
    # 23:30 UTC on 1 March is 00:30 on 2 March in Belgrade.
    late_evening_utc = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    assert rules.purchase_date(late_evening_utc) == datetime.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("today", "risk"),
    [
        (datetime.date(2026, 3, 1), DeliveryRisk.OK),
        (datetime.date(2026, 3, 25), DeliveryRisk.OK),  # day 24
        (datetime.date(2026, 3, 26), DeliveryRisk.AT_RISK),  # day 25
        (datetime.date(2026, 3, 31), DeliveryRisk.AT_RISK),  # the deadline itself
        (datetime.date(2026, 4, 1), DeliveryRisk.LATE),
    ],
)
def test_risk_by_day(today, risk):
    assert rules.delivery_risk(paid(1), today) == risk


def test_database_cut_off_days_agree_with_the_rule_for_every_day():
    today = datetime.date(2026, 4, 10)
    late_before, at_risk_before = rules.risk_purchase_dates(today)
    for days in range(0, 40):
        bought = today - datetime.timedelta(days=days)
        at_noon = datetime.datetime.combine(bought, datetime.time(12), tzinfo=BELGRADE)
        expected = rules.delivery_risk(at_noon, today)
        by_dates = (
            DeliveryRisk.LATE
            if bought < late_before
            else DeliveryRisk.AT_RISK
            if bought < at_risk_before
            else DeliveryRisk.OK
        )
        assert by_dates == expected, days


@pytest.mark.parametrize(
    ("template", "number", "url"),
    [
        (
            "https://t.example/track?code={tracking_number}",
            "RR 123/RS",
            "https://t.example/track?code=RR%20123%2FRS",
        ),
        ("https://t.example/track", "RR1", ""),
        ("", "RR1", ""),
    ],
)
def test_tracking_url(template, number, url):
    assert rules.tracking_url(template, number) == url
