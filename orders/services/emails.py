"""E-mails to the customer about their order: HTML and plain text, in the language the order
was placed in, each sent at most once per (kind, order, reference) through
`paperwork.emails.email_send_once`. They are queued through the outbox with
`order_email_later`, inside the transaction of the change they tell about.

Kinds and what they read:
- order_paid: the confirmation and the withdrawal form are attached (issued if still missing).
- payment_failed: a link back to the order page to pay again; skipped when the order was paid
  meanwhile or another payment is still under way.
- shipped: the courier, tracking number and link; `reference` is the tracking number, so a
  parcel sent again gets its own e-mail.
- delivery_problem: offers cancellation with the full price back within 3 days.
- refund_issued: `reference` is the refund's id; the refund's amounts and its credit note.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from legal.consumer_law import deadlines
from legal.seller import SELLER
from paperwork.emails import Email, email_send_once
from paperwork.outbox import outbox_enqueue

from ..access import order_link
from ..models import DocumentKind, EmailKind, FulfilmentStatus, Order, OrderEventKind, Refund
from ..payments import STILL_PAYABLE, ProviderPaymentStatus
from .documents import credit_note_for_refund, order_documents_issue
from .timeline import order_event_record


def order_email_later(
    *, order: Order, kind: EmailKind, now: datetime.datetime, reference: str = ""
) -> None:
    """Queue the e-mail in the outbox; call inside the transaction of the change."""
    outbox_enqueue(
        "orders.send_order_email",
        key=f"orders.email:{order.pk}:{kind}:{reference}",
        now=now,
        order_id=order.pk,
        kind=str(kind),
        reference=reference,
    )


def order_email_send(*, order_id: int, kind: str, reference: str = "") -> bool:
    """Send the e-mail of `kind` about `reference` once; returns whether it was sent now."""
    kind = EmailKind(kind)
    order = Order.objects.get(pk=order_id)
    sent = email_send_once(
        kind=kind,
        about=order.number,
        reference=reference,
        recipient=order.email,
        language=order.language,
        build=lambda: _BUILDERS[kind](order, reference),
    )
    if sent:
        order_event_record(
            order=order, kind=OrderEventKind.EMAIL_SENT, note=f"{kind} {reference}".strip()
        )
    return sent


def _email(order: Order, kind: str, subject: str, context: dict, attachments=()) -> Email:
    return Email(
        subject=subject,
        template=f"orders/email/{kind}",
        context={
            **context,
            "order": order,
            "kind": kind,
            "seller": SELLER,
            **deadlines(),
            "order_url": settings.SITE_URL + order_link(order),
        },
        attachments=attachments,
    )


def _paid_payment(order: Order):
    return order.payments.filter(status=ProviderPaymentStatus.PAID).first()


def _order_paid(order: Order, reference: str) -> Email:
    documents = order_documents_issue(order_id=order.pk)
    return _email(
        order,
        EmailKind.ORDER_PAID,
        _("Your order %(number)s is confirmed") % {"number": order.number},
        {"lines": list(order.lines.all()), "payment": _paid_payment(order)},
        attachments=(
            documents[DocumentKind.CONFIRMATION],
            documents[DocumentKind.WITHDRAWAL_FORM],
        ),
    )


def _payment_failed(order: Order, reference: str) -> Email | None:
    order.refresh_from_db()
    if order.status != FulfilmentStatus.AWAITING_PAYMENT:
        return None
    if order.payments.filter(status__in=STILL_PAYABLE).exists():
        return None
    return _email(
        order,
        EmailKind.PAYMENT_FAILED,
        _("Your payment for order %(number)s did not go through") % {"number": order.number},
        {},
    )


def _shipped(order: Order, reference: str) -> Email:
    return _email(
        order,
        EmailKind.SHIPPED,
        _("Your order %(number)s is on its way") % {"number": order.number},
        {"tracking_number": order.tracking_number, "tracking_url": order.tracking_url},
    )


def _delivery_problem(order: Order, reference: str) -> Email:
    return _email(
        order,
        EmailKind.DELIVERY_PROBLEM,
        _("We cannot deliver your order %(number)s") % {"number": order.number},
        {},
    )


def _refund_issued(order: Order, reference: str) -> Email:
    refund = Refund.objects.get(pk=int(reference), order=order)
    credit_note = credit_note_for_refund(refund_id=refund.pk)
    return _email(
        order,
        EmailKind.REFUND_ISSUED,
        _("Refund for your order %(number)s") % {"number": order.number},
        {
            "amount_rsd": refund.amount_rsd,
            "amount_eur": refund.amount_eur,
            "payment": refund.payment,
        },
        attachments=(credit_note,),
    )


_BUILDERS = {
    EmailKind.ORDER_PAID: _order_paid,
    EmailKind.PAYMENT_FAILED: _payment_failed,
    EmailKind.SHIPPED: _shipped,
    EmailKind.DELIVERY_PROBLEM: _delivery_problem,
    EmailKind.REFUND_ISSUED: _refund_issued,
}
