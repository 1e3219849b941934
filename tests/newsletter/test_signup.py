"""Signing up: double opt-in (the link's page has a button; only the button confirms), the same
answer for every address, rate limits, the account's one-click switch and the checkout box."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsletter.models import ConsentPurpose, ConsentRecord, ConsentSource, Subscriber
from newsletter.selectors import consent_is_given, newsletter_is_active, subscriber_of
from newsletter.services import newsletter_confirm
from tests.accounts.factories import UserFactory, VerifiedUserFactory

from .newsletter_steps import page_without_csrf, sign_up, subscribed

pytestmark = pytest.mark.django_db


def test_the_link_opens_a_page_and_only_its_button_confirms(
    client, django_capture_on_commit_callbacks
):
    confirm_path = sign_up(client, "Ana@Example.com", django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ana@example.com" and subscriber.source == ConsentSource.FOOTER
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert "confirm" in message.subject.lower()

    # A mail scanner (or the person) opening the link, twice, from another browser: nothing.
    for _ in range(2):
        page = Client().get(confirm_path)
        assert page.status_code == 200
        assert b"Yes, subscribe me" in page.content
    assert not newsletter_is_active(Subscriber.objects.get())
    assert ConsentRecord.objects.count() == 0

    response = client.post(confirm_path)
    assert response.status_code == 200
    assert b"You are subscribed" in response.content
    assert newsletter_is_active(Subscriber.objects.get())
    [row] = ConsentRecord.objects.all()
    assert (row.given, row.source, row.text_version) == (True, ConsentSource.FOOTER, "newsletter-1")
    assert "unsubscribe at any time" in row.text


def test_the_consent_is_recorded_in_the_language_of_the_page(
    client, django_capture_on_commit_callbacks
):
    confirm_path = sign_up(client, "ana@example.com", django_capture_on_commit_callbacks)
    client.post(confirm_path, HTTP_ACCEPT_LANGUAGE="sr-latn")
    row = ConsentRecord.objects.get()
    assert row.language == "sr-latn"
    assert "Šaljite mi" in row.text


def test_a_confirmation_link_expires_after_7_days(client, django_capture_on_commit_callbacks):
    sign_up(client, "ana@example.com", django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    later = subscriber.confirmation_sent_at + datetime.timedelta(days=7, seconds=1)
    assert newsletter_confirm(token=subscriber.token, language="en", now=later) is False
    assert not newsletter_is_active(Subscriber.objects.get())


def test_the_answer_is_the_same_for_an_address_already_subscribed(
    client, django_capture_on_commit_callbacks
):
    subscribed(client, "ana@example.com", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    again = Client().post("/newsletter/", {"email": "ana@example.com"})
    fresh = Client().post("/newsletter/", {"email": "marko@example.com"})
    assert again.status_code == fresh.status_code == 200
    assert page_without_csrf(again).replace(b"ana@example.com", b"X") == page_without_csrf(
        fresh
    ).replace(b"marko@example.com", b"X")
    assert ConsentRecord.objects.filter(email="ana@example.com").count() == 1


def test_a_bad_address_is_explained(client):
    response = client.post("/newsletter/", {"email": "not an address"})
    assert response.status_code == 400
    assert b"Enter a valid email address." in response.content
    assert Subscriber.objects.count() == 0


def test_sign_ups_are_limited_per_address(client, django_capture_on_commit_callbacks):
    answers = []
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                Client(REMOTE_ADDR=f"10.0.0.{n}").post("/newsletter/", {"email": "ana@example.com"})
            )
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert b"Too many sign-ups" in answers[-1].content
    assert len(mail.outbox) == 3


def test_the_footer_of_every_page_has_the_form_with_the_consent_text(client):
    page = client.get("/contact/").content.decode()
    assert 'action="/newsletter/"' in page
    assert "unsubscribe at any time" in page


def test_a_verified_customer_subscribes_and_unsubscribes_with_one_click_each(client):
    user = VerifiedUserFactory(email="jelena@example.com")
    client.force_login(user)
    overview = client.get("/account/").content.decode()
    assert "You do not receive our newsletter." in overview
    client.post("/account/newsletter/subscribe/")
    assert newsletter_is_active(subscriber_of("jelena@example.com"))
    assert ConsentRecord.objects.get().source == ConsentSource.ACCOUNT
    assert mail.outbox == []
    assert "You receive our newsletter." in client.get("/account/").content.decode()

    client.post("/account/newsletter/unsubscribe/")
    assert not consent_is_given(email="jelena@example.com", purpose=ConsentPurpose.NEWSLETTER)
    assert list(ConsentRecord.objects.order_by("pk").values_list("given", flat=True)) == [
        True,
        False,
    ]


def test_an_unverified_account_gets_the_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(email="nov@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/newsletter/subscribe/")
    assert not newsletter_is_active(subscriber_of("nov@example.com"))
    [message] = mail.outbox
    assert message.to == ["nov@example.com"]


def test_unsubscribed_then_signing_up_again_needs_a_new_confirmation(
    client, django_capture_on_commit_callbacks
):
    subscribed(client, "ana@example.com", django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    client.post(f"/newsletter/unsubscribe/{subscriber.token}/")
    assert not newsletter_is_active(Subscriber.objects.get())
    sign_up(Client(), "ana@example.com", django_capture_on_commit_callbacks)
    assert not newsletter_is_active(Subscriber.objects.get())


def test_the_unconfirmed_sign_ups_due_for_deletion(client, django_capture_on_commit_callbacks):
    from newsletter.selectors import subscribers_unconfirmed_due_for_deletion

    sign_up(client, "ana@example.com", django_capture_on_commit_callbacks)
    now = timezone.now()
    assert not subscribers_unconfirmed_due_for_deletion(now).exists()
    later = now + datetime.timedelta(days=8)
    assert list(subscribers_unconfirmed_due_for_deletion(later)) == [Subscriber.objects.get()]


def test_the_sign_up_box_asks_for_the_newsletters_own_confirmation(
    client, django_capture_on_commit_callbacks
):
    password = "Sterling-silver-ring-42"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "nova@example.com",
                "password1": password,
                "password2": password,
                "newsletter": "on",
            },
        )
    subscriber = subscriber_of("nova@example.com")
    assert subscriber.source == ConsentSource.SIGNUP
    assert not newsletter_is_active(subscriber)
    assert any("newsletter" in m.subject.lower() for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/accounts/signup/",
            {"email": "bez@example.com", "password1": password, "password2": password},
        )
    assert subscriber_of("bez@example.com") is None
