"""Refunds to the card an order was paid with, through the payment provider's Refunds API.

How an amount can never be refunded twice, without holding row locks while Mollie answers:

1. Reserve. Under row locks on the order and then the payment (the same order as the webhook
   takes them), the remaining amount is computed from the refund rows that still hold money
   (everything but failed and canceled), the request is checked against it, and a refund row
   is inserted without a provider id. The transaction commits: from now on the amount counts as
   refunded for every other staff member, task or webhook, which all lock the same rows.
2. Ask Mollie, with no transaction open. The row's id travels as metadata and in the
   idempotency key, so that a refund Mollie made but whose answer was lost is still matched to
   its row by the next webhook.
3. Record Mollie's id and status on the row. If Mollie refused, or could not even be
   connected to, the row is marked failed, which frees its amount again; the caller gets a
   RefundError. If the request went out but no usable answer came back (a timeout, a dropped
   connection, a server error), Mollie may have made the refund: the row becomes
   "unconfirmed", keeps holding its amount, and the caller gets a RefundUnconfirmed.

An unconfirmed refund (or a reservation whose process died before asking) is settled by
Mollie's list of the payment's refunds, where it is found by its `refund_id` metadata: the
webhook, `refunds_reconcile_unconfirmed` (periodic) and staff's `refund_retry` adopt it from
there. Only while the list lacks it may it be sent again, and then as the same request under
the same idempotency key, so Mollie makes it at most once. When the list still lacks it
RESERVATION_GIVES_UP_AFTER after the shop last asked, Mollie never made it: the row is marked
failed and its amount is free again.

The order's money status becomes partially refunded / refunded only when Mollie reports a
refund as refunded: before that, the refund can still fail or be canceled. A completed refund
gets a credit note and the "refund issued" e-mail, both through the outbox. Refunds never
move the order's fulfilment status. Refunds in progress are visible on the order and in
`refunds_in_progress`.

The same holds at the bank (PAYMENT_PROVIDER=bank), where "Mollie" reads "the bank's XML
API": the refund row's id travels as the credit's reference (REFUNDREF), the bank answers a
repeated reference with the first credit, the order's history (ORDERHISTORY) is the list of
refunds, and a credit is final ("refunded") as soon as the bank approves it. Amounts are the
dinars themselves; for Mollie they are converted to EUR at the payment's rate.

Call these functions outside any transaction of your own: inside one, step 1's locks would be
held during the HTTP call and a rollback after step 2 would forget a refund Mollie made (the
webhook would then record it as one started in Mollie's dashboard)."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from catalog.currency import rsd_to_eur
from catalog.prices import CENT, money
from cestmoi.formatting import amount as local_amount

from ..models import (
    FINAL_REFUND_STATUSES,
    RELEASED_REFUND_STATUSES,
    EmailKind,
    Order,
    OrderEventKind,
    Payment,
    Refund,
)
from ..models.refund import UNCONFIRMED
from ..payments import (
    PaymentProviderError,
    PaymentRejected,
    ProviderNotReached,
    ProviderRefund,
    ProviderRefundStatus,
    ProviderUnavailable,
    get_payment_provider,
)
from .documents import credit_note_later
from .emails import order_email_later
from .hooks import OrderHook, order_hooks_enqueue
from .money import order_money_refresh
from .timeline import order_event_record

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
# A refund Mollie has not confirmed (no answer came, or the process died between reserving
# and asking) stops holding its amount when Mollie's list still lacks it this long after the
# shop last asked; Mollie's calls time out long before.
RESERVATION_GIVES_UP_AFTER = datetime.timedelta(minutes=10)
# Refund rows Mollie may have made without the shop knowing its id.
NOT_CONFIRMED = Q(provider_refund_id__isnull=True) & Q(
    status__in=(ProviderRefundStatus.QUEUED, UNCONFIRMED)
)


class RefundError(Exception):
    """The refund was not made; the message says why, in staff's words."""


class RefundUnconfirmed(RefundError):
    """Mollie did not answer: the refund may have been made. Its row holds its amount until
    Mollie's list settles it; nothing will be refunded twice."""

    def __init__(self, refund: Refund):
        super().__init__(
            _(
                "The payment provider did not confirm the refund yet. Nothing will be "
                "refunded twice: the shop checks with the provider and records the refund "
                "once the provider confirms it."
            )
        )
        self.refund = refund


@dataclass(frozen=True)
class Refundable:
    """What can still be refunded of a payment (amounts held by refunds in progress count as
    refunded): in dinars, and in the currency the card was charged in (the same for the bank;
    euros for Mollie)."""

    payment: Payment
    rsd: Decimal
    charged: Decimal


def refundable_for(payment: Payment) -> Refundable:
    held = payment.refunds.exclude(status__in=RELEASED_REFUND_STATUSES).aggregate(
        rsd=Sum("amount_rsd"), eur=Sum("amount_eur")
    )
    rsd = max(payment.amount_rsd - (held["rsd"] or ZERO), ZERO)
    if payment.currency == "RSD":
        return Refundable(payment=payment, rsd=rsd, charged=rsd)
    eur = max(payment.amount_eur - (held["eur"] or ZERO), ZERO)
    return Refundable(payment=payment, rsd=rsd, charged=eur)


def refund_in_charged_currency(*, left: Refundable, amount_rsd: Decimal) -> Decimal:
    """What a refund of `amount_rsd` gives back to the card: the dinars themselves, or for a
    euro payment euros at the payment's rate (the whole remainder exactly, so that rounding
    leaves no cent behind)."""
    if left.payment.currency == "RSD":
        return amount_rsd
    if amount_rsd == left.rsd:
        return left.charged
    return min(rsd_to_eur(amount_rsd, left.payment.eur_rsd_rate), left.charged)


def order_refundable(order: Order) -> Refundable | None:
    """The order's paid payment and what is left of it, or None if nothing was paid."""
    payment = _paid_payment(order)
    return refundable_for(payment) if payment is not None else None


def _paid_payment(order: Order, *, lock: bool = False) -> Payment | None:
    payments = Payment.objects.filter(order=order, paid_at__isnull=False).order_by("paid_at", "pk")
    if lock:
        payments = payments.select_for_update()
    return payments.first()


def refund_create(*, order: Order, amount_rsd: Decimal, reason: str, actor) -> Refund:
    """Refund `amount_rsd` dinars of the order's card payment (in EUR at the payment's rate)."""
    if not isinstance(amount_rsd, Decimal) or not amount_rsd.is_finite():
        raise TypeError("refund amounts are finite Decimals")
    if amount_rsd <= 0 or amount_rsd != amount_rsd.quantize(CENT):
        raise RefundError(_("Enter a positive amount in dinars with at most two decimals."))
    refund = _refund_reserve(order_id=order.pk, amount_rsd=amount_rsd, reason=reason, actor=actor)
    return _refund_send(refund)


def refund_full(*, order: Order, actor, reason: str = "") -> Refund:
    """Refund everything of the order's card payment that is not refunded yet."""
    left = order_refundable(order)
    if left is None or left.rsd <= 0:
        raise RefundError(_("Nothing is left to refund on order %(number)s.") % _number(order))
    refund = _refund_reserve(
        order_id=order.pk,
        amount_rsd=left.rsd,
        reason=reason or _("Full refund"),
        actor=actor,
        whole_remainder=True,
    )
    return _refund_send(refund)


def _number(order: Order) -> dict:
    return {"number": order.number}


def _refund_reserve(
    *, order_id: int, amount_rsd: Decimal, reason: str, actor, whole_remainder: bool = False
) -> Refund:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = _paid_payment(order, lock=True)
        if payment is None:
            raise RefundError(_("Order %(number)s has no card payment to refund.") % _number(order))
        left = refundable_for(payment)
        if whole_remainder:
            # Between reading and locking another refund may have taken part of it.
            amount_rsd = left.rsd
        if left.rsd <= 0 or left.charged <= 0:
            raise RefundError(_("Nothing is left to refund on order %(number)s.") % _number(order))
        if amount_rsd > left.rsd:
            raise RefundError(
                _(
                    "At most RSD %(left)s can still be refunded on order %(number)s "
                    "(paid minus refunds made or in progress)."
                )
                % {"left": local_amount(left.rsd), "number": order.number}
            )
        amount_charged = refund_in_charged_currency(left=left, amount_rsd=amount_rsd)
        if amount_charged <= 0:
            raise RefundError(_("This amount is less than one euro cent."))
        in_euros = payment.currency == "EUR"
        refund = Refund.objects.create(
            order=order,
            payment=payment,
            amount_rsd=amount_rsd,
            amount_eur=amount_charged if in_euros else None,
            status=ProviderRefundStatus.QUEUED,
            reason=reason[:255],
            created_by=actor,
        )
        order_event_record(
            order=order,
            kind=OrderEventKind.REFUND_REQUESTED,
            actor=actor,
            note=(
                f"RSD {amount_rsd} = EUR {amount_charged}. {reason}"
                if in_euros
                else f"RSD {amount_rsd}. {reason}"
            ).strip(),
        )
    return refund


def _refund_send(refund: Refund) -> Refund:
    """Ask Mollie for the refund. The request depends only on the row, so that sending it
    again is the same request under the same idempotency key."""
    payment = refund.payment
    # In the shop's own language whoever sends it, so a resend has the same body.
    with override(settings.LANGUAGE_CODE):
        description = _("Refund for order %(number)s") % _number(refund.order)
    try:
        remote = get_payment_provider().create_refund(
            payment_id=payment.provider_payment_id,
            amount=refund.amount_charged,
            currency=payment.currency,
            description=description,
            metadata={"refund_id": refund.pk, "order_number": refund.order.number},
            idempotency_key=f"{refund.order.public_id}-refund-{refund.pk}",
        )
    except ProviderUnavailable as error:
        # Nothing was sent this time; but a resent refund's first request may still be made.
        if isinstance(error, ProviderNotReached) and refund.status == ProviderRefundStatus.QUEUED:
            _refund_mark_failed(refund, error)
            raise RefundError(
                _(
                    "The payment provider could not be reached, so the refund was not "
                    "confirmed. Nothing is recorded as refunded; try again in a few minutes."
                )
            ) from error
        _refund_mark_unconfirmed(refund, error)
        raise RefundUnconfirmed(refund) from error
    except PaymentProviderError as error:
        _refund_mark_failed(refund, error)
        if isinstance(error, PaymentRejected):
            message = _("The payment provider refused the refund: %(error)s") % {"error": error}
        else:
            message = _("The refund failed: %(error)s") % {"error": error}
        raise RefundError(message) from error
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        Payment.objects.select_for_update().get(pk=refund.payment_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        # The webhook may have recorded it already (matched through the metadata).
        _refund_apply_remote(refund=refund, remote=remote, order=order)
    return refund


def _refund_mark_failed(refund: Refund, error: Exception) -> None:
    _refund_mark(refund, ProviderRefundStatus.FAILED, OrderEventKind.REFUND_FAILED, error)


def _refund_mark_unconfirmed(refund: Refund, error: Exception) -> None:
    # Saving stamps updated_at: the time the shop last asked, which the release counts from.
    _refund_mark(refund, UNCONFIRMED, OrderEventKind.REFUND_UNCONFIRMED, error)


def _refund_mark(refund: Refund, status: str, kind: OrderEventKind, error: Exception) -> None:
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.provider_refund_id:
            return  # the webhook found it at Mollie meanwhile
        refund.status = status
        refund.last_error = str(error)[:2000]
        refund.save(update_fields=["status", "last_error", "updated_at"])
        order_event_record(order=refund.order_id, kind=kind, note=refund.last_error)


def refund_retry(*, refund_id: int, actor, now) -> Refund:
    """Staff's "check with Mollie" for a refund Mollie has not confirmed: adopt Mollie's
    refund if its list has one for this row; otherwise send the same request again under the
    same idempotency key. Returns the row as it then stands (a refund given up because Mollie
    never made it comes back failed); raises RefundUnconfirmed if Mollie still gives no
    answer, RefundError if it cannot be checked or is refused."""
    refund = Refund.objects.select_related("order", "payment").get(pk=refund_id)
    if refund.status != UNCONFIRMED:
        raise RefundError(
            _("Only a refund the payment provider has not confirmed can be checked again.")
        )
    try:
        remote_refunds = refunds_fetch(refund.payment.provider_payment_id)
    except PaymentProviderError as error:
        raise RefundError(
            _("The payment provider could not be asked about the refund: %(error)s")
            % {"error": error}
        ) from error
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        refunds_apply(order=order, payment=payment, remote_refunds=remote_refunds, now=now)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != UNCONFIRMED:
            return refund
        # Stamps updated_at before the request goes out, so that no one gives the refund up
        # while Mollie may be making it.
        refund.save(update_fields=["updated_at"])
        order_event_record(
            order=order,
            kind=OrderEventKind.REFUND_RESENT,
            actor=actor,
            note=f"Not in the provider's refunds: asked again for "
            f"{refund.payment.currency} {refund.amount_charged}",
        )
    return _refund_send(refund)


def refunds_reconcile_unconfirmed(*, now) -> int:
    """Settle every refund Mollie has not confirmed from the payment's list of refunds at
    Mollie: adopt the ones found, give up the ones still missing RESERVATION_GIVES_UP_AFTER
    after the shop last asked. For a periodic task; a payment Mollie does not answer for is
    tried again next time. Returns how many refunds were settled."""
    refund_ids = list(Refund.objects.filter(NOT_CONFIRMED).values_list("pk", flat=True))
    payments = Payment.objects.filter(refunds__in=refund_ids).distinct()
    for payment_id, order_id, provider_payment_id in payments.values_list(
        "pk", "order_id", "provider_payment_id"
    ):
        try:
            remote_refunds = refunds_fetch(provider_payment_id)
        except PaymentProviderError as error:
            logger.warning("Refunds of %s not checked: %s", provider_payment_id, error)
            continue
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            payment = Payment.objects.select_for_update().get(pk=payment_id)
            refunds_apply(order=order, payment=payment, remote_refunds=remote_refunds, now=now)
    return len(refund_ids) - Refund.objects.filter(NOT_CONFIRMED, pk__in=refund_ids).count()


def refunds_fetch(payment_id: str) -> list[ProviderRefund]:
    """The payment's refunds at the provider (an HTTP call: make it outside transactions)."""
    return get_payment_provider().list_refunds(payment_id)


def refunds_apply(
    *, order: Order, payment: Payment, remote_refunds: list[ProviderRefund], now
) -> None:
    """Bring the payment's refund rows in line with the provider's list: new statuses, refunds
    started in Mollie's dashboard, unconfirmed refunds Mollie made or never made. Idempotent.
    Call with the order and the payment locked (the webhook does)."""
    seen: set[int] = set()
    for remote in remote_refunds:
        refund = _refund_row_for(payment=payment, remote=remote)
        seen.add(refund.pk)
        _refund_apply_remote(refund=refund, remote=remote, order=order)
    # Not in Mollie's list long after the shop last asked: Mollie never made it. A queued row
    # was asked for right after it was reserved; an unconfirmed one when it was last saved.
    given_up = now - RESERVATION_GIVES_UP_AFTER
    stale = (
        payment.refunds.filter(NOT_CONFIRMED)
        .filter(
            Q(status=ProviderRefundStatus.QUEUED, created_at__lt=given_up)
            | Q(status=UNCONFIRMED, updated_at__lt=given_up)
        )
        .exclude(pk__in=seen)
    )
    for refund in stale.select_for_update():
        _refund_mark_failed(refund, RefundError("The payment provider never made this refund."))


def _refund_row_for(*, payment: Payment, remote: ProviderRefund) -> Refund:
    rows = Refund.objects.select_for_update()
    refund = rows.filter(provider_refund_id=remote.id).first()
    if refund is not None:
        return refund
    local_id = remote.metadata.get("refund_id") if isinstance(remote.metadata, dict) else None
    if isinstance(local_id, int):
        refund = rows.filter(pk=local_id, payment=payment, provider_refund_id__isnull=True).first()
        if refund is not None:
            # Its answer was lost: found by the reservation's own id.
            order_event_record(
                order=payment.order_id,
                kind=OrderEventKind.REFUND_RECONCILED,
                note=f"{remote.id} is refund #{refund.pk} (found in Mollie's refunds)",
            )
            return refund
    # Started in the provider's dashboard: only the amount charged back is known.
    left = refundable_for(payment)
    in_euros = payment.currency == "EUR"
    if remote.amount >= left.charged:
        amount_rsd = left.rsd
    elif in_euros:
        amount_rsd = min(money(remote.amount * payment.eur_rsd_rate), left.rsd)
    else:
        amount_rsd = remote.amount
    refund = Refund.objects.create(
        order_id=payment.order_id,
        payment=payment,
        amount_rsd=max(amount_rsd, CENT),
        amount_eur=remote.amount if in_euros else None,
        provider_refund_id=remote.id,
        status=ProviderRefundStatus.QUEUED,
        reason=remote.description[:255] or _("Refund made at the payment provider"),
        created_by=None,
    )
    order_event_record(
        order=payment.order_id,
        kind=OrderEventKind.REFUND_RECORDED,
        note=f"{remote.id}: {remote.currency} {remote.amount} (started at the payment provider)",
    )
    return refund


def _refund_apply_remote(*, refund: Refund, remote: ProviderRefund, order: Order) -> None:
    changed = []
    if refund.provider_refund_id != remote.id:
        refund.provider_refund_id = remote.id
        changed.append("provider_refund_id")
    # Mollie never moves a refund out of a final status; a replay changes nothing. A refund
    # marked failed locally because Mollie's answer was lost is revived by Mollie's word.
    was_refunded = refund.status == ProviderRefundStatus.REFUNDED
    if refund.status != remote.status and not (
        refund.status in FINAL_REFUND_STATUSES and refund.last_error == ""
    ):
        order_event_record(
            order=order,
            kind=OrderEventKind.REFUND_CHANGED,
            from_status=refund.status,
            to_status=remote.status,
            note=remote.id,
        )
        refund.status = remote.status
        refund.last_error = ""
        changed += ["status", "last_error"]
    if changed:
        refund.save(update_fields=[*changed, "updated_at"])
    if refund.status == ProviderRefundStatus.REFUNDED and not was_refunded:
        order_money_refresh(order=order)
        now = timezone.now()
        credit_note_later(refund=refund, now=now)
        order_email_later(
            order=order, kind=EmailKind.REFUND_ISSUED, reference=str(refund.pk), now=now
        )
        order_hooks_enqueue(
            OrderHook.REFUND_COMPLETED,
            key=f"refund:{refund.pk}",
            now=now,
            order_id=order.pk,
            refund_id=refund.pk,
        )
