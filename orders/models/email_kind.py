"""The e-mails the shop sends about an order (logged in paperwork.SentEmail)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    ORDER_PAID = "order_paid", _("Order paid")
    PAYMENT_FAILED = "payment_failed", _("Payment failed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERY_PROBLEM = "delivery_problem", _("Delivery problem")
    REFUND_ISSUED = "refund_issued", _("Refund issued")
