import re
from decimal import Decimal

import pytest

from accounts.models import User
from orders.models import Cart, Order

from .checkout_steps import add_to_cart, checkout_key, confirm, fill_checkout, place_order
from .factories import GUEST, courier, ring, todays_rate

pytestmark = pytest.mark.django_db


def test_cart_shows_lines_prices_and_total(client):
    variant = ring(price="4990.00")[0]
    add_to_cart(client, variant, 2)
    page = client.get("/cart/").content.decode()
    assert "Luna ring" in page and "Size 54" in page
    assert "4,990.00 RSD" in page
    assert "9,980.00 RSD" in page
    assert "1,020.01 RSD more for free delivery" in page
    assert 'Cart <span class="cart-count">(2' in page


def test_posted_prices_and_unknown_fields_change_nothing(client):
    variant = ring(price="4990.00")[0]
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1, "price": "1.00"})
    assert "4,990.00 RSD" in client.get("/cart/").content.decode()


@pytest.mark.parametrize(
    "post",
    [
        {"variant": "abc", "quantity": 1},
        {"variant": "", "quantity": 1},
        {"variant": 999999, "quantity": 1},
        {"quantity": 1},
        {"variant": "1", "quantity": "-4"},
        {"variant": "1", "quantity": "1e9"},
    ],
)
def test_nonsense_add_to_cart_is_refused_politely(client, post):
    ring()
    response = client.post("/cart/add/", post, follow=True)
    assert response.status_code == 200
    assert Cart.objects.filter(lines__isnull=False).count() == 0
    assert 'class="message message-error"' in response.content.decode()


def test_quantities_over_stock_are_refused(client):
    variant = ring(stock=2)[0]
    page = client.post("/cart/add/", {"variant": variant.pk, "quantity": 3}, follow=True)
    assert "Only 2 pieces of Luna ring Size 54 are left." in page.content.decode()
    add_to_cart(client, variant, 2)
    page = client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, follow=True)
    assert "Only 2 pieces" in page.content.decode()
    line = Cart.objects.get().lines.get()
    page = client.post(f"/cart/lines/{line.pk}/", {"quantity": "5"}, follow=True)
    assert "Only 2 pieces" in page.content.decode()
    line.refresh_from_db()
    assert line.quantity == 2


def test_quantity_zero_or_remove_empties_the_cart(client):
    variant = ring()[0]
    add_to_cart(client, variant)
    line = Cart.objects.get().lines.get()
    client.post(f"/cart/lines/{line.pk}/", {"quantity": "0"})
    assert "Your cart is empty." in client.get("/cart/").content.decode()
    add_to_cart(client, variant)
    line = Cart.objects.get().lines.get()
    client.post(f"/cart/lines/{line.pk}/", {"remove": "1", "quantity": "1"})
    assert "Your cart is empty." in client.get("/cart/").content.decode()


def test_another_visitors_cart_line_cannot_be_changed(client, django_user_model):
    variant = ring()[0]
    other = Cart.objects.create()
    line = other.lines.create(variant=variant, quantity=1)
    add_to_cart(client, variant)
    client.post(f"/cart/lines/{line.pk}/", {"quantity": "0"})
    client.post(f"/cart/lines/{line.pk}/", {"remove": "1"})
    assert other.lines.filter(pk=line.pk).exists()


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


def test_guest_cart_joins_the_account_at_sign_in_and_leaves_with_sign_out(client):
    first, second = ring(sizes=("52", "54"), stock=4)
    user = User.objects.create_user("ana@example.com", "pw-long-enough-123")
    saved = Cart.objects.create(user=user)
    saved.lines.create(variant=first, quantity=3)
    add_to_cart(client, first, 3)
    add_to_cart(client, second, 1)
    client.force_login(user)
    lines = {line.variant_id: line.quantity for line in Cart.objects.get(user=user).lines.all()}
    assert lines == {first.pk: 4, second.pk: 1}  # 3 + 3 capped at the 4 in stock
    assert Cart.objects.filter(user__isnull=True).count() == 0

    client.post("/accounts/logout/")
    assert "Your cart is empty." in client.get("/cart/").content.decode()


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
