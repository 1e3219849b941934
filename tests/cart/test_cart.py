import pytest

from accounts.models import User
from cart.models import Cart
from tests.orders.checkout_steps import add_to_cart
from tests.orders.factories import ring

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
