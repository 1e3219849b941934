import re
from decimal import Decimal

import pytest

from accounts.models import User
from orders.models import Order

from .checkout_steps import add_to_cart, checkout_key, confirm, fill_checkout, place_order
from .factories import GUEST, courier, ring, todays_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postal_code", "message"),
    [
        ("38220", "we cannot deliver to Kosovo and Metohija"),
        ("38000", "we cannot deliver to Kosovo and Metohija"),
        ("1100", "Enter a Serbian postal code"),
        ("ABCDE", "Enter a Serbian postal code"),
        ("99999", "Enter a Serbian postal code"),
    ],
)
def test_addresses_outside_serbia_are_refused_next_to_the_field(client, postal_code, message):
    add_to_cart(client, ring()[0])
    response = client.post("/checkout/", {**GUEST, "postal_code": postal_code})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert GUEST["street"] in page  # nothing typed is lost


def test_missing_and_bad_fields_are_named(client):
    add_to_cart(client, ring()[0])
    page = client.post(
        "/checkout/", {**GUEST, "email": "not-an-email", "phone": "12", "city": ""}
    ).content.decode()
    assert "Enter a valid email address." in page
    assert "Enter a phone number we can call" in page
    assert "This field is required." in page


def test_a_guest_types_into_at_most_8_fields_over_at_most_4_pages(client):
    todays_rate()
    delivery = courier()
    add_to_cart(client, ring()[0])
    text_inputs = 0
    pages = ["/checkout/", "/checkout/delivery/", "/checkout/review/", "/checkout/confirm/"]
    client.post("/checkout/", GUEST)
    client.post("/checkout/delivery/", {"delivery_method": delivery.pk})
    client.post("/checkout/review/", {"accept_terms": "on"})
    for url in pages:
        html = client.get(url).content.decode()
        text_inputs += len(
            re.findall(r'<input[^>]+type="(?:text|email|tel|number|password)"', html)
        )
    assert text_inputs <= 8
    assert text_inputs == 6


def test_terms_must_be_accepted(client):
    delivery = courier()
    add_to_cart(client, ring()[0])
    client.post("/checkout/", GUEST)
    client.post("/checkout/delivery/", {"delivery_method": delivery.pk})
    page = client.post("/checkout/review/", {}).content.decode()
    assert "please read and accept the Terms of Use" in page
    assert client.get("/checkout/confirm/")["Location"] == "/checkout/review/"


def test_inactive_or_forged_courier_is_refused(client):
    add_to_cart(client, ring()[0])
    hidden = courier(name="Hidden")
    hidden.is_active = False
    hidden.save()
    client.post("/checkout/", GUEST)
    page = client.post("/checkout/delivery/", {"delivery_method": hidden.pk}).content.decode()
    assert "Please choose one of the courier services offered." in page
    page = client.post("/checkout/delivery/", {"delivery_method": "x"}).content.decode()
    assert "Please choose one of the courier services offered." in page


def test_checkout_steps_cannot_be_skipped(client):
    assert client.get("/checkout/confirm/")["Location"] == "/cart/"
    add_to_cart(client, ring()[0])
    assert client.get("/checkout/review/")["Location"] == "/checkout/"
    assert client.get("/checkout/delivery/")["Location"] == "/checkout/"
    bad = client.post("/checkout/confirm/", {"checkout_key": "not-a-uuid"})
    assert bad["Location"] == "/checkout/review/"


def test_sold_out_while_checking_out_tells_the_shopper(client, fake_mollie):
    todays_rate()
    variant, delivery = ring(stock=1)[0], courier()
    add_to_cart(client, variant)
    key = checkout_key(fill_checkout(client, delivery))
    type(variant).objects.filter(pk=variant.pk).update(stock=0)
    page = confirm(client, key)
    assert page["Location"] == "/cart/"
    assert "Luna ring Size 54 is sold out." in client.get("/cart/").content.decode()
    assert Order.objects.count() == 0


def test_another_visitor_cannot_open_an_order(client, fake_mollie):
    todays_rate()
    order = place_order(client, ring()[0], courier())
    stranger = type(client)()
    for url in (
        f"/orders/{order.number}/",
        f"/orders/{order.number}/?key=forged",
        f"/orders/{order.number}/?key=",
        "/orders/CM-2026-999999/",
    ):
        assert stranger.get(url).status_code == 404
    assert stranger.post(f"/orders/{order.number}/pay/").status_code == 404
    thief = User.objects.create_user("thief@example.com", "pw-long-enough-123")
    stranger.force_login(thief)
    assert stranger.get(f"/orders/{order.number}/").status_code == 404


def test_signed_in_customer_sees_own_order_without_a_key(client, fake_mollie):
    todays_rate()
    user = User.objects.create_user("ana@example.com", "pw-long-enough-123")
    client.force_login(user)
    order = place_order(
        client, ring()[0], courier(), contact={k: v for k, v in GUEST.items() if k != "email"}
    )
    assert order.user == user
    assert order.email == "ana@example.com"
    assert client.get(f"/orders/{order.number}/").status_code == 200


def test_logged_in_customer_picks_a_saved_address(client, fake_mollie):
    from accounts.models import Address

    todays_rate()
    user = User.objects.create_user("ana@example.com", "pw-long-enough-123")
    address = Address.objects.create(
        user=user,
        name="Ana Jovanović",
        street="Bulevar kralja Aleksandra 73",
        city="Beograd",
        postal_code="11120",
        phone="+381601234567",
        is_default=True,
    )
    client.force_login(user)
    add_to_cart(client, ring(price="12000.00")[0])
    page = client.get("/checkout/").content.decode()
    assert "Bulevar kralja Aleksandra 73" in page
    client.post("/checkout/", {"saved_address": str(address.pk)})
    delivery = courier()
    client.post("/checkout/delivery/", {"delivery_method": delivery.pk})
    client.post("/checkout/review/", {"accept_terms": "on"})
    confirm(client, checkout_key(client.get("/checkout/confirm/")))
    order = Order.objects.get()
    assert (order.full_name, order.postal_code, order.email) == (
        "Ana Jovanović",
        "11120",
        "ana@example.com",
    )
    assert order.delivery_price == Decimal("0.00")  # over 11,000.00 RSD
