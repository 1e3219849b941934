"""E-mails to the customer about their order: HTML and plain text, in the language the order
was placed in, each sent once per (order, kind, reference) as recorded in SentEmail.

Kinds and what they read:
- order_paid: the confirmation and the withdrawal form are attached (issued if still missing).
- payment_failed: a link back to the order page to pay again; skipped when the order was paid
  meanwhile or another payment is still under way.
- shipped: the courier (order.delivery_name) and, once the pipeline part adds them,
  `order.tracking_number` and `order.tracking_url` (read only if the order has them). Use the
  tracking number as `reference`, so a reshipment gets its own e-mail.
- delivery_problem: offers cancellation with the full price back within 3 days.
- refund_issued: `amount_rsd` and `amount_eur` of the refund (strings or Decimals); use the
  refund's id as `reference`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from legal.consumer_law import deadlines
from legal.seller import SELLER

from ..access import order_link
from ..models import DocumentKind, EmailKind, Order, OrderEvent, OrderStatus, SentEmail
from ..payments import ProviderPaymentStatus
from .documents import order_documents_issue
from .paying import STILL_PAYABLE


@dataclass(frozen=True)
class _Email:
    subject: str
    context: dict
    attachments: tuple = ()


def order_email_send(
    *,
    order_id: int,
    kind: str,
    reference: str = "",
    amount_rsd=None,
    amount_eur=None,
) -> bool:
    """Send the e-mail of `kind` about `reference` once; returns whether it was sent now.

    The order row stays locked from the log check until the log row is written, so a retried or
    duplicated task waits and then finds the e-mail logged. Delivery is still at least once, not
    exactly once: if the process dies (or the commit fails) after the SMTP server accepted the
    message but before the log row is committed, the retry sends it again. That window is the
    length of one INSERT and COMMIT; the other way round (log first) could lose an e-mail."""
    kind = EmailKind(kind)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if SentEmail.objects.filter(order=order, kind=kind, reference=reference).exists():
            return False
        with translation.override(order.language):
            email = _BUILDERS[kind](order, amount_rsd=amount_rsd, amount_eur=amount_eur)
            if email is None:
                return False
            message = _message(order, kind, email)
        message.send()
        SentEmail.objects.create(
            order=order, kind=kind, reference=reference, sent_at=timezone.now()
        )
        OrderEvent.objects.create(
            order=order, kind="email_sent", note=f"{kind} {reference}".strip()
        )
        return True


def _message(order: Order, kind: str, email: _Email) -> EmailMultiAlternatives:
    context = {
        **email.context,
        "order": order,
        "kind": kind,
        "seller": SELLER,
        **deadlines(),
        "order_url": settings.SITE_URL + order_link(order),
    }
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=render_to_string(f"orders/email/{kind}.txt", context),
        to=[order.email],
    )
    message.attach_alternative(render_to_string(f"orders/email/{kind}.html", context), "text/html")
    for document in email.attachments:
        with document.file.open("rb") as pdf:
            message.attach(document.filename, pdf.read(), "application/pdf")
    return message


def _paid_payment(order: Order):
    return order.payments.filter(status=ProviderPaymentStatus.PAID).first()


def _order_paid(order: Order, **_facts) -> _Email:
    documents = order_documents_issue(order_id=order.pk)
    return _Email(
        subject=_("Your order %(number)s is confirmed") % {"number": order.number},
        context={"lines": list(order.lines.all()), "payment": _paid_payment(order)},
        attachments=(
            documents[DocumentKind.CONFIRMATION],
            documents[DocumentKind.WITHDRAWAL_FORM],
        ),
    )


def _payment_failed(order: Order, **_facts) -> _Email | None:
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return None
    if order.payments.filter(status__in=STILL_PAYABLE).exists():
        return None
    return _Email(
        subject=_("Your payment for order %(number)s did not go through")
        % {"number": order.number},
        context={},
    )


def _shipped(order: Order, **_facts) -> _Email:
    return _Email(
        subject=_("Your order %(number)s is on its way") % {"number": order.number},
        context={
            "tracking_number": order.tracking_number,
            "tracking_url": order.tracking_url,
        },
    )


def _delivery_problem(order: Order, **_facts) -> _Email:
    return _Email(
        subject=_("We cannot deliver your order %(number)s") % {"number": order.number},
        context={},
    )


def _refund_issued(order: Order, *, amount_rsd, amount_eur, **_facts) -> _Email:
    return _Email(
        subject=_("Refund for your order %(number)s") % {"number": order.number},
        context={
            "amount_rsd": amount_rsd,
            "amount_eur": amount_eur,
            "payment": _paid_payment(order),
        },
    )


_BUILDERS = {
    EmailKind.ORDER_PAID: _order_paid,
    EmailKind.PAYMENT_FAILED: _payment_failed,
    EmailKind.SHIPPED: _shipped,
    EmailKind.DELIVERY_PROBLEM: _delivery_problem,
    EmailKind.REFUND_ISSUED: _refund_issued,
}
