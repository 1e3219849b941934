"""Orders paid, shipped and refunded as the shop's services leave them, with the fiscal
receipts planned and issued through the services the outbox tasks call."""

from django.utils import timezone

from fiscal.models import FiscalIntent
from fiscal.services import (
    fiscal_intent_issue,
    fiscal_plan_paid,
    fiscal_plan_refund,
    fiscal_plan_shipped,
)
from orders.models import Refund
from orders.payments import ProviderRefundStatus


def issue_all(intents):
    return [fiscal_intent_issue(intent_id=intent.pk, now=timezone.now()) for intent in intents]


def advance_for(order):
    (intent,) = fiscal_plan_paid(order_id=order.pk, now=timezone.now())
    return intent


def ship(order):
    return issue_all(fiscal_plan_shipped(order_id=order.pk, now=timezone.now()))


def refunded(order, amount):
    """A refund of `amount` RSD the payment provider has completed, and its receipt."""
    payment = order.payments.get()
    refund = Refund.objects.create(
        order=order,
        payment=payment,
        amount_rsd=amount,
        amount_eur="1.00",
        status=ProviderRefundStatus.REFUNDED,
        provider_refund_id=f"re_{FiscalIntent.objects.count()}_{order.pk}",
    )
    (receipt,) = issue_all(
        fiscal_plan_refund(order_id=order.pk, refund_id=refund.pk, now=timezone.now())
    )
    return receipt
