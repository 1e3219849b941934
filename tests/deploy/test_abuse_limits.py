"""Every public form that sends an e-mail is limited per visitor's address and per e-mail
address, so the shop cannot be used to flood someone's inbox."""

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PASSWORD as RIGHT_PASSWORD
from tests.accounts.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "kolibri-na-zici-42"

# The public forms that send e-mail, and the allauth actions whose limits cover them by the
# visitor's address and by the e-mail address. (Complaint and withdrawal forms: their apps.)
FORMS_THAT_SEND_EMAIL = {
    "sign-up (verification e-mail)": ("signup", "confirm_email"),
    "sign-in of an unverified account (verification e-mail again)": ("login", "confirm_email"),
    "password reset": ("reset_password", "reset_password"),
    "checkout's confirm step (payment e-mails)": ("place_order", "place_order"),
}


@pytest.mark.parametrize("form", sorted(FORMS_THAT_SEND_EMAIL))
def test_each_form_that_sends_email_is_limited_per_ip_and_per_address(form):
    by_ip, by_address = FORMS_THAT_SEND_EMAIL[form]
    limits = settings.ACCOUNT_RATE_LIMITS
    assert any(rate.per == "ip" for rate in parse_rates(limits[by_ip])), form
    assert any(rate.per == "key" for rate in parse_rates(limits[by_address])), form


def test_password_reset_mails_one_address_at_most_five_times_a_minute(client):
    VerifiedUserFactory(email="victim@example.com")
    for _ in range(8):
        client.post(reverse("account_reset_password"), {"email": "victim@example.com"})
    assert len(mail.outbox) == 5
    # Another address is not affected by the first one's limit.
    client.post(reverse("account_reset_password"), {"email": "other@example.com"})
    assert len(mail.outbox) == 6


def test_sign_up_from_one_address_is_refused_after_twenty_a_minute(client):
    for n in range(20):
        response = client.post(
            reverse("account_signup"),
            {"email": f"bot{n}@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302
    refused = client.post(
        reverse("account_signup"),
        {"email": "bot20@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert refused.status_code == 429
    assert len(mail.outbox) == 20


# The public forms limited per e-mail address: (url, form data for an address, how many pass).
# Each post comes from another visitor's address, so only the per-address limit can stop them.
PER_ADDRESS = {
    "newsletter": ("/newsletter/", lambda email: {"email": email}, 3),
    "contact": (
        "/contact/write/",
        lambda email: {"name": "Ana", "email": email, "body": "Hello"},
        5,
    ),
    "privacy request": ("/privacy/", lambda email: {"kind": "access", "email": email}, 3),
}


@pytest.mark.parametrize("form", sorted(PER_ADDRESS))
def test_the_per_address_limit_does_not_care_how_the_address_is_written(client, legal_texts, form):
    url, data, allowed = PER_ADDRESS[form]
    spellings = [
        "victim@example.com",
        "Victim@Example.com",
        " VICTIM@example.COM",
        "victim@EXAMPLE.com",
    ]
    for n in range(allowed):
        client.post(url, data(spellings[n % len(spellings)]), REMOTE_ADDR=f"198.51.100.{n + 1}")
    sent = len(mail.outbox)
    refused = client.post(url, data("VICTIM@EXAMPLE.COM"), REMOTE_ADDR="198.51.100.99")
    assert refused.status_code in (200, 429)
    assert b"Too many" in refused.content
    assert len(mail.outbox) == sent


def test_failed_sign_ins_count_against_the_address_however_it_is_written(client):
    VerifiedUserFactory(email="victim@example.com")
    spellings = [
        "victim@example.com",
        "Victim@Example.com",
        "VICTIM@EXAMPLE.COM",
        " victim@example.COM",
    ]
    # Five wrong passwords, each from another visitor's address: only the per-address count adds up.
    for n in range(5):
        client.post(
            reverse("account_login"),
            {"login": spellings[n % len(spellings)], "password": "wrong-guess"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
    right = client.post(
        reverse("account_login"),
        {"login": "victim@example.com", "password": RIGHT_PASSWORD},
        REMOTE_ADDR="203.0.113.99",
    )
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in right.content
