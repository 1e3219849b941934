"""Campaigns go out in batches to confirmed subscribers of their language whose consent stands
at send time; every message carries the unsubscribe link and the one-click headers (RFC 8058),
and a retried batch sends nobody twice."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsletter import rules
from newsletter.models import (
    Campaign,
    CampaignDelivery,
    CampaignState,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
    Subscriber,
)
from newsletter.selectors import consent_is_given
from newsletter.services import (
    campaign_batch_send,
    campaign_send_start,
    newsletter_unsubscribe_address,
)

from . import flaky_mail
from .newsletter_steps import campaign, page_without_csrf, sign_up, subscribed

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience(client, django_capture_on_commit_callbacks):
    """Two confirmed, one who revoked, one never confirmed, one confirmed in Serbian."""
    for email in ("ana@example.com", "bojan@example.com", "revoked@example.com"):
        subscribed(Client(), email, django_capture_on_commit_callbacks)
    sign_up(Client(), "unconfirmed@example.com", django_capture_on_commit_callbacks)
    subscribed(
        Client(HTTP_ACCEPT_LANGUAGE="sr-latn"),
        "srpski@example.com",
        django_capture_on_commit_callbacks,
    )
    newsletter_unsubscribe_address(
        email="revoked@example.com", source=ConsentSource.ADMIN, language="en", now=timezone.now()
    )
    mail.outbox.clear()


def _send(issue, django_capture_on_commit_callbacks, staff=None):
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_start(campaign_id=issue.pk, actor=staff, now=timezone.now())
    issue.refresh_from_db()


def test_a_campaign_reaches_only_confirmed_subscribers_who_did_not_revoke(
    audience, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(rules, "CAMPAIGN_BATCH_SIZE", 1)  # one batch per subscriber
    issue = campaign()
    _send(issue, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "bojan@example.com"]
    assert issue.state == CampaignState.SENT and issue.sent_at is not None
    assert CampaignDelivery.objects.filter(campaign=issue).count() == 2


def test_the_ledger_decides_at_send_time(audience, django_capture_on_commit_callbacks):
    issue = campaign()
    # Revoked after the campaign was written, before it went out, by a row in the ledger only.
    ConsentRecord.objects.create(
        email="bojan@example.com",
        purpose=ConsentPurpose.NEWSLETTER,
        given=False,
        text="Revoked by phone",
        text_version="admin",
        text_sha256=__import__("hashlib").sha256(b"Revoked by phone").hexdigest(),
        language="en",
        source=ConsentSource.ADMIN,
        recorded_at=timezone.now(),
    )
    _send(issue, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]


def test_a_serbian_campaign_goes_to_serbian_subscribers(
    audience, django_capture_on_commit_callbacks
):
    issue = campaign(language="sr-latn", subject="Zimska kolekcija")
    _send(issue, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["srpski@example.com"]
    assert "Odjavite se" in message.body


def test_a_retried_batch_sends_nobody_twice(audience, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.newsletter.flaky_mail.FlakyEmailBackend"
    issue = campaign()
    with django_capture_on_commit_callbacks(execute=False):
        campaign_send_start(campaign_id=issue.pk, actor=None, now=timezone.now())
        # The first attempt: one message goes, then the mail server hangs up.
        flaky_mail.hang_up_once_after(1)
        with pytest.raises(ConnectionError):
            campaign_batch_send(campaign_id=issue.pk, after_subscriber_id=0, now=timezone.now())
        assert [m.to for m in mail.outbox] == [["ana@example.com"]]
        # The outbox runs the same batch again (and once more, as if its answer was lost).
        for _ in range(2):
            campaign_batch_send(campaign_id=issue.pk, after_subscriber_id=0, now=timezone.now())
    assert [m.to for m in mail.outbox] == [["ana@example.com"], ["bojan@example.com"]]
    assert CampaignDelivery.objects.filter(campaign=issue).count() == 2
    issue.refresh_from_db()
    assert issue.state == CampaignState.SENT


def test_every_message_has_the_unsubscribe_link_and_one_click_headers(
    audience, django_capture_on_commit_callbacks
):
    _send(campaign(), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    headers = message.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(https?://[^>]+)>", headers["List-Unsubscribe"])[1]
    assert url in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and url in html and "<strong>winter</strong>" in html

    # The mail client's one-click POST: no cookies, no CSRF token (RFC 8058).
    path = re.sub(r"^https?://[^/]+", "", url)
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)
    revocation = ConsentRecord.objects.filter(email="ana@example.com").order_by("-pk").first()
    assert (revocation.given, revocation.source) == (False, ConsentSource.EMAIL_LINK)

    mail.outbox.clear()
    _send(campaign(subject="Spring"), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["bojan@example.com"]]


@pytest.mark.parametrize("token", ["unknown-token", "x" * 500, "%00"])
def test_an_unknown_token_gets_the_same_200_answer(
    client, token, django_capture_on_commit_callbacks
):
    subscribed(client, "ana@example.com", django_capture_on_commit_callbacks)
    known = Subscriber.objects.get().token
    csrf_client = Client(enforce_csrf_checks=True)
    unknown = csrf_client.post(
        f"/newsletter/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    real = csrf_client.post(
        f"/newsletter/unsubscribe/{known}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert unknown.status_code == real.status_code == 200
    # The same page; only the language switch's "back to this page" differs.
    assert page_without_csrf(unknown).replace(token.encode(), b"T") == page_without_csrf(
        real
    ).replace(known.encode(), b"T")


def test_the_unsubscribe_link_opens_a_page_and_its_button_unsubscribes(
    client, django_capture_on_commit_callbacks
):
    subscribed(client, "ana@example.com", django_capture_on_commit_callbacks)
    path = f"/newsletter/unsubscribe/{Subscriber.objects.get().token}/"
    assert Client().get(path).status_code == 200
    assert consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)
    assert b"You are unsubscribed" in Client().post(path).content
    assert not consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)


def test_a_campaign_is_sent_once(admin_client, audience, django_capture_on_commit_callbacks):
    issue = campaign()
    _send(issue, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/newsletter/campaign/",
            {"action": "send_campaign", "_selected_action": [issue.pk]},
        )
    assert mail.outbox == []


def test_marketing_writes_tests_and_sends_a_campaign_in_admin(
    client, audience, django_capture_on_commit_callbacks
):
    from tests.accounts.second_factor import staff_login
    from tests.orders.staff_factories import staff_member

    staff_login(client, staff_member("marketing@cestmoi.rs", role="Marketing"))
    response = client.post(
        "/admin/newsletter/campaign/add/",
        {
            "subject": "New earrings",
            "language": "en",
            "body_text": "Silver earrings, just in.",
            "body_html": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Campaign.objects.get()
    assert issue.created_by.email == "marketing@cestmoi.rs"
    assert client.get(f"/admin/newsletter/campaign/{issue.pk}/change/").status_code == 200

    client.post(
        "/admin/newsletter/campaign/",
        {"action": "send_test_to_me", "_selected_action": [issue.pk]},
    )
    [test] = mail.outbox
    assert test.to == ["marketing@cestmoi.rs"]
    assert CampaignDelivery.objects.count() == 0
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/newsletter/campaign/",
            {"action": "send_campaign", "_selected_action": [issue.pk]},
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "bojan@example.com"]
    issue.refresh_from_db()
    assert (
        issue.state == CampaignState.SENT and issue.send_started_by.email == "marketing@cestmoi.rs"
    )
    page = client.get(f"/admin/newsletter/campaign/{issue.pk}/change/").content.decode()
    assert 'name="subject"' not in page  # a sent campaign is read only
