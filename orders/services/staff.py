"""What staff do to an order from admin: move it along the pipeline, write internal notes,
cancel it with a full refund, hand it to the courier. Each call is one transaction that locks
the order row first, so two staff members clicking at once cannot both move it."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules
from ..models import Order, OrderEvent, OrderStatus
from ..tasks import send_order_email
from . import pipeline
from .couriers import courier_notify_later
from .refunds import RefundError, RefundUnconfirmed, refund_full

S = OrderStatus

# The moves staff make by hand. Payment arrives through Mollie's webhook and refunds through
# the refund code, which move the order themselves; cancelling a paid order always refunds it.
STAFF_MOVES = {
    S.IN_PREPARATION: pipeline.order_to_in_preparation,
    S.SHIPPED: pipeline.order_to_shipped,
    S.DELIVERED: pipeline.order_to_delivered,
    S.DELIVERY_FAILED: pipeline.order_to_delivery_failed,
}
# The customer hears of these moves at once (terms: prompt notice when delivery is impossible).
CUSTOMER_EMAIL_ON = {S.SHIPPED: "shipped", S.DELIVERY_FAILED: "delivery_problem"}
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
    *, order_id: int, to: str, actor, note: str = "", tracking_number: str = ""
) -> Order:
    """Move the order to `to`. Shipping needs the courier's tracking number; the customer is
    e-mailed (after commit) when the order ships and when delivery turns out impossible."""
    move = STAFF_MOVES.get(to)
    if move is None:
        raise StaffActionError(_("This change of status is not made by hand."))
    tracking_number = tracking_number.strip()
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
        try:
            move(order=order, actor=actor, note=note.strip())
        except pipeline.InvalidTransition as error:
            raise StaffActionError(str(error)) from None
        if to in CUSTOMER_EMAIL_ON:
            # A parcel sent again after a failed delivery has a new tracking number and so
            # its own "shipped" e-mail.
            notify_customer(order, CUSTOMER_EMAIL_ON[to], reference=order.tracking_number)
    return order


def order_note_add(*, order_id: int, actor, note: str) -> OrderEvent:
    """An internal note on the order's timeline (never shown to the customer)."""
    note = note.strip()
    if not note:
        raise StaffActionError(_("Write the note first."))
    with transaction.atomic():
        order = _locked(order_id)
        return OrderEvent.objects.create(
            order=order, kind="note", actor=actor, note=note, from_status=order.status
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
        OrderEvent.objects.create(
            order=order,
            kind="courier_requested",
            actor=actor,
            from_status=order.status,
            note=_("Courier notice requested: %(courier)s") % {"courier": order.delivery_name},
        )
        # The courier code queues its notice for after commit, retries it and alerts staff
        # when it keeps failing.
        courier_notify_later(order_id=order.pk)
    return order


def notify_customer(order: Order, kind: str, *, reference: str = "") -> None:
    """Queue the customer e-mail `kind` once the transaction commits. The move has committed
    by the time it is queued, so a broker outage is logged rather than shown as an error."""
    order_id = order.pk
    transaction.on_commit(lambda: send_order_email.delay(order_id, kind, reference), robust=True)


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
