"""Pick-up request by e-mail to the courier's (or distribution center's) address, with a
shipping label PDF to print and stick on the parcel."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from cestmoi.formatting import country_name
from legal.seller import SELLER
from paperwork.pdf import render_pdf

from ..models import DeliveryMethod
from .base import CourierError, CourierUnavailable, Shipment

LABEL_TEMPLATE = "orders/pdf/shipping_label.html"


def shipping_label_pdf(shipment: Shipment) -> bytes:
    return render_pdf(LABEL_TEMPLATE, {"shipment": shipment, "seller": SELLER})


class EmailCourierBackend:
    def send(
        self,
        shipment: Shipment,
        *,
        method: DeliveryMethod,
        idempotency_key: str,
        test: bool = False,
    ) -> None:
        if not method.courier_email:
            raise CourierError(f"{method.name} has no e-mail address for pick-up requests.")
        warning = [_("THIS IS A TEST. Please do not pick up anything."), ""] if test else []
        subject = _("Pick-up request: parcel %(number)s") % {"number": shipment.order_number}
        body = "\n".join(
            [
                *warning,
                _("Please pick up one parcel at %(sender)s, %(address)s.")
                % {"sender": SELLER.business_name, "address": SELLER.address},
                "",
                _("Order number: %(value)s") % {"value": shipment.order_number},
                _("Recipient: %(value)s") % {"value": shipment.recipient_name},
                _("Phone: %(value)s") % {"value": shipment.phone},
                _("Address: %(street)s, %(postal_code)s %(city)s, %(country)s")
                % {**shipment.as_payload(), "country": country_name(shipment.country)},
                _("Parcels: %(value)s") % {"value": shipment.parcel_count},
                _("Weight: %(value)s g") % {"value": shipment.weight_grams},
                "",
                _("The shipping label is attached. Reference: %(key)s") % {"key": idempotency_key},
            ]
        )
        message = EmailMessage(
            subject=_("[TEST] %(subject)s") % {"subject": subject} if test else subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[method.courier_email],
            reply_to=[settings.STAFF_EMAIL],
        )
        message.attach(
            f"label-{shipment.order_number}.pdf", shipping_label_pdf(shipment), "application/pdf"
        )
        try:
            message.send()
        except OSError as error:  # smtplib's errors are OSErrors
            raise CourierUnavailable(f"Sending the e-mail failed: {error}") from error
