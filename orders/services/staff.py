"""What staff do to an order from admin: move it along the pipeline, write internal notes,
cancel it with a full refund, hand it to the courier. Each call is one transaction that locks
the order row first, so two staff members clicking at once cannot both move it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import EmailKind, FulfilmentStatus, Order, OrderEvent, OrderEventKind
from . import pipeline
from .couriers import courier_notify_later
from .emails import order_email_later
from .refunds import RefundError, RefundUnconfirmed, refund_full
from .timeline import order_event_record

S = FulfilmentStatus

# The moves staff make by hand. Payment arrives through Mollie's webhook, which moves the
# order itself; cancelling a paid order always refunds it.
STAFF_MOVES = (S.IN_PREPARATION, S.SHIPPED, S.DELIVERED, S.DELIVERY_FAILED)
# The customer hears of these moves at once (terms: prompt notice when delivery is impossible).
CUSTOMER_EMAIL_ON = {S.SHIPPED: EmailKind.SHIPPED, S.DELIVERY_FAILED: EmailKind.DELIVERY_PROBLEM}
# Statuses in which money was taken and the goods have not reached the customer.
CANCELABLE_WITH_REFUND = (S.PAID, S.IN_PREPARATION, S.DELIVERY_FAILED)


class StaffActionError(Exception):
    """The action cannot be done as asked; the message is for the staff member."""


def staff_moves_from(status: str) -> list[str]:
    """The moves admin offers as buttons for an order in `status`."""
    return [to for to in pipeline.transitions_from(status) if to in STAFF_MOVES]


def _locked(order_id: int) -> Order:
    # Raises Order.DoesNotExist for an unknown id: the admin views answer it with a 404.
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("delivery_method")
        .get(pk=order_id)
    )


def order_staff_move(
    *,
    order_id: int,
    to: str,
    actor,
    now: datetime.datetime,
    note: str = "",
    tracking_number: str = "",
    delivered_on: datetime.date | None = None,
) -> Order:
    """Move the order to `to`. Shipping needs the courier's tracking number; delivery records
    the day the customer received the parcel (today unless staff say otherwise). The
    customer is e-mailed when the order ships and when delivery turns out impossible."""
    if to not in STAFF_MOVES:
        raise StaffActionError(_("This change of status is not made by hand."))
    tracking_number = tracking_number.strip()
    note = note.strip()
    with transaction.atomic():
        order = _locked(order_id)
        if to not in pipeline.transitions_from(order.status):
            raise StaffActionError(
                _("Order %(number)s is %(status)s; it cannot become %(to)s.")
                % {
                    "number": order.number,
                    "status": order.get_status_display(),
                    "to": S(to).label,
                }
            )
        if to == S.SHIPPED:
            if not tracking_number:
                raise StaffActionError(_("Enter the courier's tracking number."))
            order.tracking_number = tracking_number
            template = order.delivery_method.tracking_url_template if order.delivery_method else ""
            order.tracking_url = rules.tracking_url(template, tracking_number)
            order.save(update_fields=["tracking_number", "tracking_url"])
            pipeline.order_to_shipped(order=order, actor=actor, now=now, note=note)
        elif to == S.DELIVERED:
            day = delivered_on or timezone.localdate(now)
            _check_delivery_day(order, day, now)
            pipeline.order_to_delivered(order=order, actor=actor, delivered_on=day, note=note)
        elif to == S.IN_PREPARATION:
            pipeline.order_to_in_preparation(order=order, actor=actor, note=note)
        else:
            pipeline.order_to_delivery_failed(order=order, actor=actor, note=note)
        if to in CUSTOMER_EMAIL_ON:
            # A parcel sent again after a failed delivery has a new tracking number and so
            # its own "shipped" e-mail.
            order_email_later(
                order=order, kind=CUSTOMER_EMAIL_ON[to], reference=order.tracking_number, now=now
            )
    return order


def _check_delivery_day(order: Order, day: datetime.date, now: datetime.datetime) -> None:
    if day > timezone.localdate(now):
        raise StaffActionError(_("The delivery date cannot be in the future."))
    if order.shipped_at is not None and day < timezone.localdate(order.shipped_at):
        raise StaffActionError(_("The delivery date cannot be before the parcel was shipped."))


def order_delivery_date_correct(
    *, order_id: int, actor, delivered_on: datetime.date, reason: str, now: datetime.datetime
) -> Order:
    """Correct the recorded delivery day (the withdrawal and liability periods run from it);
    the reason and the old day stay on the timeline."""
    reason = reason.strip()
    if not reason:
        raise StaffActionError(_("Say why the delivery date changes."))
    with transaction.atomic():
        order = _locked(order_id)
        if order.status != S.DELIVERED:
            raise StaffActionError(_("Only a delivered order has a delivery date."))
        _check_delivery_day(order, delivered_on, now)
        previous = order.delivered_on
        order.delivered_on = delivered_on
        order.save(update_fields=["delivered_on"])
        order_event_record(
            order=order,
            kind=OrderEventKind.DELIVERY_DATE_CORRECTED,
            actor=actor,
            from_status=previous.isoformat() if previous else "",
            to_status=delivered_on.isoformat(),
            note=reason,
        )
    return order


def order_note_add(*, order_id: int, actor, note: str) -> OrderEvent:
    """An internal note on the order's timeline (never shown to the customer)."""
    note = note.strip()
    if not note:
        raise StaffActionError(_("Write the note first."))
    with transaction.atomic():
        order = _locked(order_id)
        return order_event_record(
            order=order, kind=OrderEventKind.NOTE, actor=actor, note=note, from_status=order.status
        )


def order_cancel_with_refund(*, order_id: int, actor, note: str = "") -> Order:
    """Cancel an order that was paid but not delivered, and refund all of it (terms: the
    refund is due within 3 days of the contract's termination). The cancellation commits
    first: the refund code calls Mollie outside any transaction of ours, and if Mollie fails
    the order stays cancelled and the refund is started again from the order's refund form."""
    with transaction.atomic():
        order = _locked(order_id)
        if order.status not in CANCELABLE_WITH_REFUND:
            raise StaffActionError(
                _("Order %(number)s is %(status)s; it cannot be cancelled with a refund.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        pipeline.order_to_canceled(order=order, actor=actor, note=note.strip())
    _refund_full(order=order, actor=actor)
    return order


def order_courier_notify(*, order_id: int, actor) -> Order:
    """Tell the courier that the parcel is ready to be picked up."""
    with transaction.atomic():
        order = _locked(order_id)
        if order.status != S.IN_PREPARATION:
            raise StaffActionError(_("The courier is notified while the order is in preparation."))
        order_event_record(
            order=order,
            kind=OrderEventKind.COURIER_REQUESTED,
            actor=actor,
            from_status=order.status,
            note=_("Courier notice requested: %(courier)s") % {"courier": order.delivery_name},
        )
        # The outbox retries the notice and alerts staff when it keeps failing.
        courier_notify_later(order=order, now=timezone.now())
    return order


def _refund_full(*, order: Order, actor) -> None:
    try:
        refund_full(order=order, actor=actor)
    except RefundUnconfirmed as error:
        raise StaffActionError(
            _("Order %(number)s is cancelled. %(error)s") % {"number": order.number, "error": error}
        ) from None
    except RefundError as error:
        raise StaffActionError(
            _(
                "Order %(number)s is cancelled, but its refund did not go through: %(error)s "
                "Start the refund again from the order's refund form."
            )
            % {"number": order.number, "error": error}
        ) from None
