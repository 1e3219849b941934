"""Contests: entrants give name, address and e-mail with the contest's own consent (a ledger
row with its exact text); staff draw winners once, reproducibly from the recorded seed."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from contact import rules
from contact.models import Contest, ContestEntry
from contact.services import (
    ContestError,
    contest_draw,
    contest_enter,
    contest_entries_due_for_deletion,
)
from newsletter.models import ConsentPurpose, ConsentRecord, ConsentSource, text_sha256
from tests.accounts.second_factor import staff_login
from tests.orders.staff_factories import staff_member

pytestmark = pytest.mark.django_db

CONSENT = "I agree that C'est Moi uses my name, address and e-mail for the Winter draw."


def _contest(**overrides):
    now = timezone.now()
    values = {
        "title": "Winter draw",
        "consent_text": CONSENT,
        "ends_at": now + datetime.timedelta(days=7),
        "winners_count": 2,
        "entries_kept_until": now + datetime.timedelta(days=97),
    }
    return Contest.objects.create(**{**values, **overrides})


def _enter(contest, email, now=None):
    return contest_enter(
        contest_id=contest.pk,
        full_name="Ana Petrović",
        address="Knez Mihailova 1, 11000 Beograd",
        email=email,
        consent_given=True,
        language="en",
        user=None,
        now=now or timezone.now(),
    )


def test_an_entrant_enters_with_the_unticked_consent(client):
    contest = _contest()
    page = client.get(f"/contests/{contest.pk}/").content.decode()
    assert CONSENT.replace("'", "&#x27;") in page
    assert 'type="checkbox" name="consent"' in page and "checked" not in page
    without = client.post(
        f"/contests/{contest.pk}/",
        {"full_name": "Ana", "address": "Beograd", "email": "ana@example.com"},
    )
    assert without.status_code == 400 and b"To enter, tick the consent." in without.content
    assert ContestEntry.objects.count() == 0

    response = client.post(
        f"/contests/{contest.pk}/",
        {"full_name": "Ana", "address": "Beograd", "email": "Ana@example.com", "consent": "on"},
    )
    assert b"your entry is in" in response.content
    entry = ContestEntry.objects.get()
    consent = entry.consent
    assert (consent.purpose, consent.scope, consent.source) == (
        ConsentPurpose.CONTEST,
        f"contest-{contest.pk}",
        ConsentSource.CONTEST_FORM,
    )
    assert consent.text == CONSENT and consent.text_sha256 == text_sha256(CONSENT)


def test_entering_twice_keeps_one_entry_and_says_nothing_different():
    contest = _contest()
    first = _enter(contest, "ana@example.com")
    assert _enter(contest, "ANA@example.com") == first
    assert ContestEntry.objects.count() == 1
    assert ConsentRecord.objects.count() == 1


def test_a_closed_contest_takes_no_entries():
    contest = _contest()
    with pytest.raises(ContestError):
        _enter(contest, "a@example.com", now=contest.ends_at)


def test_the_draw_is_recorded_and_reproducible_from_its_seed():
    contest = _contest()
    for n in range(10):
        _enter(contest, f"entrant{n}@example.com")
    with pytest.raises(ContestError):
        contest_draw(contest_id=contest.pk, actor=None, now=timezone.now())
    winners = contest_draw(contest_id=contest.pk, actor=None, now=contest.ends_at)
    contest.refresh_from_db()
    assert len(contest.draw_seed) == 32 and contest.drawn_at == contest.ends_at
    assert [w.winner_rank for w in winners] == [1, 2]
    ids = list(contest.entries.values_list("pk", flat=True))
    assert rules.contest_winners(entry_ids=ids, seed=contest.draw_seed, count=2) == [
        w.pk for w in winners
    ]
    with pytest.raises(ContestError):
        contest_draw(contest_id=contest.pk, actor=None, now=contest.ends_at)


@given(
    ids=st.sets(st.integers(min_value=1, max_value=10**6), max_size=50),
    seed=st.text(max_size=40),
    count=st.integers(min_value=0, max_value=60),
)
def test_the_draw_rule_is_a_function_of_its_inputs(ids, seed, count):
    winners = rules.contest_winners(entry_ids=ids, seed=seed, count=count)
    assert winners == rules.contest_winners(
        entry_ids=sorted(ids, reverse=True), seed=seed, count=count
    )
    assert len(winners) == min(count, len(ids)) == len(set(winners))
    assert set(winners) <= ids


def test_marketing_draws_from_admin_and_the_texts_stay_fixed_once_entered(client):
    contest = _contest(ends_at=timezone.now() + datetime.timedelta(seconds=1))
    _enter(contest, "ana@example.com")
    Contest.objects.filter(pk=contest.pk).update(
        ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    staff_login(client, staff_member("marketing@cestmoi.rs", role="Marketing"))
    page = client.get(f"/admin/contact/contest/{contest.pk}/change/").content.decode()
    assert 'name="consent_text"' not in page
    client.post(
        "/admin/contact/contest/", {"action": "draw_winners", "_selected_action": [contest.pk]}
    )
    assert ContestEntry.objects.get().winner_rank == 1


def test_marketing_creates_a_contest_with_the_default_retention(client):
    staff_login(client, staff_member("marketing@cestmoi.rs", role="Marketing"))
    response = client.post(
        "/admin/contact/contest/add/",
        {
            "title": "Spring",
            "description": "",
            "consent_text": CONSENT,
            "ends_at_0": "2027-04-01",
            "ends_at_1": "12:00:00",
            "winners_count": "1",
            "entries_kept_until_0": "",
            "entries_kept_until_1": "",
            "entries-TOTAL_FORMS": "0",
            "entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    contest = Contest.objects.get()
    assert contest.entries_kept_until - contest.ends_at == rules.CONTEST_ENTRIES_KEPT_AFTER_END


def test_entries_expire_with_their_contest():
    contest = _contest()
    entry = _enter(contest, "ana@example.com")
    assert not contest_entries_due_for_deletion(contest.ends_at).exists()
    later = contest.entries_kept_until + datetime.timedelta(seconds=1)
    assert list(contest_entries_due_for_deletion(later)) == [entry]
