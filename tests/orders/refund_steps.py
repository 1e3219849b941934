"""A paid order to refund, and Mollie's webhook as the fake Mollie would call it."""

import datetime
from decimal import Decimal

from django.utils import timezone

from orders.services.paying import payment_start

from .factories import guest_order, todays_rate

# 10,430.00 RSD at 117.2 RSD per euro = €88.99 charged to the card.
TOTAL = Decimal("10430.00")
CHARGED = Decimal("88.99")


def paid_order(client, fake_mollie):
    todays_rate("117.2000")
    order = guest_order("jelena@example.rs", total=str(TOTAL))
    payment_start(order_id=order.pk, now=timezone.now(), hold_for=datetime.timedelta(minutes=30))
    payment_id = order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    assert client.post("/payments/webhook/", {"id": payment_id}).status_code == 200
    order.refresh_from_db()
    return order
