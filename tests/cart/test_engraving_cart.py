"""Engraved pieces in the cart: the text is checked on the server and said on the product page
when it cannot be engraved; the same piece with the same text is one line, another text
another line, and all lines of one piece share its stock."""

import pytest

from cart.models import Cart, CartLine
from cart.services import cart_merge
from tests.orders.factories import ring

pytestmark = pytest.mark.django_db


@pytest.fixture
def engraved_ring():
    return ring(stock=3, engraving_max_length=20)[0]


def add(client, variant, engraving, quantity=1, follow=False):
    data = {"variant": variant.pk, "quantity": quantity, "engraving": engraving}
    data["next"] = variant.product.get_absolute_url()
    return client.post("/cart/add/", data, follow=follow)


def lines():
    return list(CartLine.objects.order_by("pk").values_list("engraving", "quantity"))


def test_the_product_page_asks_for_the_text_with_its_limit_and_the_withdrawal_exception(
    client, engraved_ring
):
    page = client.get(engraved_ring.product.get_absolute_url()).content.decode()
    assert 'name="engraving" maxlength="20"' in page
    assert "Up to 20 characters" in page
    assert "it cannot be withdrawn from" in page


def test_the_same_text_joins_its_line_and_another_text_is_a_line_of_its_own(client, engraved_ring):
    add(client, engraved_ring, "Ana ♥")
    add(client, engraved_ring, "  Ana   ♥ ")  # the same text, typed with stray spaces
    add(client, engraved_ring, "Marko")
    assert lines() == [("Ana ♥", 2), ("Marko", 1)]
    page = client.get("/cart/").content.decode()
    assert "Engraving: “Ana ♥”" in page and "Engraving: “Marko”" in page


def test_two_engravings_of_one_piece_take_from_one_shelf(client, engraved_ring):
    add(client, engraved_ring, "Ana", quantity=2)
    page = add(client, engraved_ring, "Marko", quantity=2, follow=True).content.decode()
    assert "Only 3 pieces of Luna ring Size 54 are left." in page
    assert lines() == [("Ana", 2)]
    add(client, engraved_ring, "Marko")
    marko = CartLine.objects.get(engraving="Marko")
    page = client.post(f"/cart/lines/{marko.pk}/", {"quantity": "2"}, follow=True)
    assert "Only 3 pieces" in page.content.decode()
    assert lines() == [("Ana", 2), ("Marko", 1)]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (
            "Ana i Marko zauvek zajedno",
            "The engraving can be at most 20 characters long; yours has 26.",
        ),
        ("ana@example.rs", "These characters cannot be engraved: @."),
        ("Ana\x00", "Null characters are not allowed."),
        ("x" * 5000, "The text to engrave is far too long."),
    ],
)
def test_text_that_cannot_be_engraved_is_refused_on_the_product_page(
    client, engraved_ring, typed, error
):
    response = add(client, engraved_ring, typed, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == engraved_ring.product.get_absolute_url()
    page = response.content.decode()
    assert 'class="message message-error"' in page and error in page
    assert not CartLine.objects.exists()


def test_a_piece_made_to_order_needs_its_text_and_a_plain_piece_takes_none(client):
    made_to_order = ring(personalised=True, engraving_max_length=12)[0]
    page = add(client, made_to_order, "  ", follow=True).content.decode()
    assert "Please enter the text to engrave." in page
    plain = ring()[0]
    page = add(client, plain, "Ana", follow=True).content.decode()
    assert "This piece cannot be engraved." in page
    assert not CartLine.objects.exists()
    page = client.get(plain.product.get_absolute_url()).content.decode()
    assert 'name="engraving"' not in page


def test_the_error_is_in_serbian_for_a_serbian_shopper(client, engraved_ring):
    client.cookies["django_language"] = "sr-latn"
    page = add(client, engraved_ring, "x" * 21, follow=True).content.decode()
    assert "Gravura može imati najviše 20 znakova; vaša ima 21." in page


def test_at_sign_in_the_guest_cart_keeps_each_engraving_and_the_stock_limit(engraved_ring):
    guest, saved = Cart.objects.create(), Cart.objects.create()
    saved.lines.create(variant=engraved_ring, engraving="Ana", quantity=1)
    guest.lines.create(variant=engraved_ring, engraving="Ana", quantity=1)
    guest.lines.create(variant=engraved_ring, engraving="Marko", quantity=2)
    cart_merge(source=guest, target=saved)
    assert sorted(saved.lines.values_list("engraving", "quantity")) == [("Ana", 2), ("Marko", 1)]
