"""The checkout's newsletter box: unticked, never a condition of buying; ticked, the order's
address is sent the confirmation link once the order is placed."""

import re

import pytest
from django.core import mail

from newsletter.models import ConsentRecord, ConsentSource, Subscriber
from tests.orders.checkout_steps import add_to_cart, checkout_key, confirm
from tests.orders.factories import GUEST, courier, ring, todays_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(fake_mollie):
    todays_rate()
    return ring(stock=3)[0], courier()


def _checkout(client, shop, review):
    variant, method = shop
    add_to_cart(client, variant)
    client.post("/checkout/", GUEST)
    client.post("/checkout/delivery/", {"delivery_method": method.pk})
    page = client.get("/checkout/review/").content.decode()
    client.post("/checkout/review/", review)
    return page


def test_the_box_is_unticked_and_buying_without_it_signs_nobody_up(
    client, shop, django_capture_on_commit_callbacks
):
    page = _checkout(client, shop, {"accept_terms": "on"})
    box = re.search(r'<input type="checkbox" name="newsletter"[^>]*>', page)[0]
    assert "checked" not in box
    assert "newsletter about new collections" in page
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, checkout_key(client.get("/checkout/confirm/")))
    assert Subscriber.objects.count() == 0


def test_ticked_the_order_address_gets_the_confirmation_link(
    client, shop, django_capture_on_commit_callbacks
):
    _checkout(client, shop, {"accept_terms": "on", "newsletter": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, checkout_key(client.get("/checkout/confirm/")))
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.source) == (GUEST["email"].lower(), ConsentSource.CHECKOUT)
    assert ConsentRecord.objects.count() == 0  # consent only once the link's button is pressed
    assert any(
        m.to == [subscriber.email] and "newsletter" in m.subject.lower() for m in mail.outbox
    )
