"""A blocked customer cannot place an order (terms: prohibited conduct and fraud)."""

import pytest
from django.contrib.messages import get_messages

from orders.models import Order
from orders.services.blocks import customer_block, customer_block_lift

from .checkout_steps import add_to_cart, checkout_key, confirm, fill_checkout
from .factories import GUEST, courier, ring, todays_rate

pytestmark = pytest.mark.django_db
REFUSAL = "We cannot accept orders from this account. Please contact us at info@cestmoi.rs."


@pytest.fixture
def shop():
    todays_rate()
    return ring(stock=3)[0], courier()


def try_to_buy(client, shop):
    variant, method = shop
    add_to_cart(client, variant)
    response = confirm(client, checkout_key(fill_checkout(client, method)))
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_a_blocked_e_mail_is_refused_politely(client, shop, admin_user):
    # The block is stored in lower case; the shopper types it in any case.
    customer_block(email=GUEST["email"], reason="fraud", actor=admin_user)
    response, messages = try_to_buy(client, shop)
    assert response.status_code == 302 and response.url == "/cart/"
    assert messages == [REFUSAL]
    assert not Order.objects.exists()


def test_a_blocked_account_is_refused_whatever_address_it_types(
    client, shop, admin_user, django_user_model
):
    user = django_user_model.objects.create_user(
        email="someone@example.com", password="x-pass-1234"
    )
    customer_block(user=user, reason="abusive messages", actor=admin_user)
    client.force_login(user)
    _response, messages = try_to_buy(client, shop)
    assert REFUSAL in messages
    assert not Order.objects.exists()


def test_a_lifted_block_lets_the_customer_buy_again(client, shop, admin_user, fake_mollie):
    block = customer_block(email=GUEST["email"], reason="mistake", actor=admin_user)
    customer_block_lift(block_id=block.pk, actor=admin_user)
    try_to_buy(client, shop)
    assert Order.objects.count() == 1
