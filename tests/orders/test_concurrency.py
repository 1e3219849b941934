"""Concurrent buyers on the real PostgreSQL: stock is taken under row locks, never oversold."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from cart.models import Cart
from catalog.models import Variant
from legal.models import LegalDocument
from orders.models import Order
from orders.services.placing import CheckoutError, DeliveryContact, order_place

from .factories import courier, ring

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS = 20


def run_together(work, count):
    """Start `count` threads at the same instant; each gets its index. Returns their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def contact(index):
    return DeliveryContact(
        full_name=f"Buyer {index}",
        email=f"buyer{index}@example.com",
        phone="+381641234567",
        street="Knez Mihailova 1",
        city="Beograd",
        postal_code="11000",
    )


def test_twenty_buyers_for_the_last_three_units(legal_texts):
    variant = ring(stock=3)[0]
    delivery = courier()
    terms = LegalDocument.objects.filter(kind="terms-of-service").latest("version")
    carts = []
    for _ in range(BUYERS):
        cart = Cart.objects.create()
        cart.lines.create(variant=variant, quantity=1)
        carts.append(cart)

    def buy(index):
        return order_place(
            cart_id=carts[index].pk,
            contact=contact(index),
            delivery_method_id=delivery.pk,
            terms_id=terms.pk,
            idempotency_key=uuid.uuid4(),
            user=None,
            language="en",
            now=timezone.now(),
            hold_for=datetime.timedelta(minutes=30),
        )

    results = run_together(buy, BUYERS)

    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, CheckoutError)]
    assert len(placed) == 3, results
    assert len(refused) == BUYERS - 3
    assert all("sold out" in str(error) for error in refused)
    assert Variant.objects.get(pk=variant.pk).stock == 0
    assert Order.objects.count() == 3
    assert len({order.number for order in placed}) == 3


def test_the_same_checkout_confirmed_in_parallel_makes_one_order(legal_texts):
    variant = ring(stock=5)[0]
    delivery = courier()
    terms = LegalDocument.objects.filter(kind="terms-of-service").latest("version")
    cart = Cart.objects.create()
    cart.lines.create(variant=variant, quantity=2)
    key = uuid.uuid4()

    def confirm(index):
        return order_place(
            cart_id=cart.pk,
            contact=contact(0),
            delivery_method_id=delivery.pk,
            terms_id=terms.pk,
            idempotency_key=key,
            user=None,
            language="en",
            now=timezone.now(),
            hold_for=datetime.timedelta(minutes=30),
        )

    results = run_together(confirm, 8)

    assert all(isinstance(r, Order) for r in results), results
    assert {r.pk for r in results} == {Order.objects.get().pk}
    assert Variant.objects.get(pk=variant.pk).stock == 3
