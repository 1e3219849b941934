"""E-mails to the customer about their order."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from legal.seller import SELLER

from ..access import order_link
from ..models import Order, OrderEvent


def order_confirmation_send(*, order_id: int) -> bool:
    """Send the "order paid" confirmation once. The order row stays locked while sending, so a
    retried or duplicated task waits and then finds it already sent. Returns whether it sent."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.confirmation_sent_at is not None:
            return False
        with translation.override(order.language):
            context = {
                "order": order,
                "lines": order.lines.all(),
                "payment": order.payments.filter(status="paid").first(),
                "order_url": settings.SITE_URL + order_link(order),
                "seller": SELLER,
            }
            message = EmailMultiAlternatives(
                subject=_("Your order %(number)s is confirmed") % {"number": order.number},
                body=render_to_string("orders/email/order_paid.txt", context),
                to=[order.email],
            )
            message.attach_alternative(
                render_to_string("orders/email/order_paid.html", context), "text/html"
            )
        message.send()
        order.confirmation_sent_at = timezone.now()
        order.save(update_fields=["confirmation_sent_at"])
        OrderEvent.objects.create(order=order, kind="email_sent", note="order confirmation")
        return True
