"""Which cart an order is placed from: the service itself decides whose cart it may take."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cart.models import Cart
from legal.models import LegalDocument
from orders.models import Order
from orders.services.placing import CheckoutError, DeliveryContact, order_place

from .factories import courier, ring

pytestmark = pytest.mark.django_db

CONTACT = DeliveryContact(
    full_name="Jelena Petrović",
    email="jelena@example.rs",
    phone="+381641234567",
    street="Knez Mihailova 1",
    city="Beograd",
    postal_code="11000",
)


def place(*, cart_id, user):
    return order_place(
        cart_id=cart_id,
        contact=CONTACT,
        delivery_method_id=courier().pk,
        terms_id=LegalDocument.objects.filter(kind="terms-of-service").latest("version").pk,
        idempotency_key=uuid.uuid4(),
        user=user,
        language="en",
        now=timezone.now(),
        hold_for=datetime.timedelta(minutes=30),
    )


def test_a_guest_cannot_buy_from_a_customer_s_cart_by_its_id(legal_texts):
    variant = ring(stock=3)[0]
    customer = get_user_model().objects.create_user(email="marko@example.rs", password="x")
    accounts_cart = Cart.objects.create(user=customer)
    accounts_cart.lines.create(variant=variant, quantity=1)

    with pytest.raises(CheckoutError, match="Your cart is empty"):
        place(cart_id=accounts_cart.pk, user=None)

    assert not Order.objects.exists()
    assert accounts_cart.lines.count() == 1


def test_a_signed_in_customer_buys_from_their_own_cart(legal_texts):
    variant = ring(stock=3)[0]
    customer = get_user_model().objects.create_user(email="marko@example.rs", password="x")
    Cart.objects.create(user=customer).lines.create(variant=variant, quantity=2)
    guest_cart = Cart.objects.create()
    guest_cart.lines.create(variant=variant, quantity=1)

    order = place(cart_id=guest_cart.pk, user=customer)

    assert order.user == customer
    assert [line.quantity for line in order.lines.all()] == [2]
    assert guest_cart.lines.count() == 1
