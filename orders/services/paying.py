"""Paying for an order on the provider's hosted page, and learning the outcome.

The outcome is never taken from the request that reports it: the webhook (Mollie), the bank's
signed callback and the shopper's return only say "look at payment X", and the payment is
fetched from the provider. A paid payment marks the order paid only when the provider reports
exactly the amount and currency the shop asked for. HTTP calls
happen outside transactions so that no row stays locked while the provider answers; the state
change then happens under row locks (order first, then payment) and is idempotent, so the
webhook, its retries and the return page can race harmlessly."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.currency import rsd_to_eur
from catalog.selectors import exchange_rate_current

from ..access import order_link
from ..models import (
    EmailKind,
    FulfilmentStatus,
    Order,
    OrderEventKind,
    Payment,
    Refund,
    StockReservation,
)
from ..payments import (
    STILL_PAYABLE,
    PaymentNotFound,
    ProviderPayment,
    ProviderPaymentStatus,
    charge_currency,
    get_payment_provider,
)
from .documents import order_documents_later
from .emails import order_email_later
from .hooks import OrderHook, order_hooks_enqueue
from .money import order_money_refresh
from .pipeline import order_to_paid
from .refunds import refunds_apply, refunds_fetch
from .stock import StockShortage, stock_put_back, stock_take
from .timeline import order_event_record

logger = logging.getLogger(__name__)

# A shopper who clicks "pay" again within this time goes back to the same payment page.
REUSE_OPEN_PAYMENT_FOR = datetime.timedelta(minutes=10)


class PaymentStartError(Exception):
    """The order cannot be paid now; the message says why, in the shopper's words."""


def payment_start(*, order_id: int, now: datetime.datetime, hold_for: datetime.timedelta) -> str:
    """Create a payment for the order at the provider; returns the hosted checkout page's URL."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status != FulfilmentStatus.AWAITING_PAYMENT:
            raise PaymentStartError(_("This order does not need paying."))
        # One query for both the reusable payment and the attempt's number below.
        earlier = list(order.payments.all())  # newest first
        recent = next(
            (
                payment
                for payment in earlier
                if payment.status == ProviderPaymentStatus.OPEN
                and payment.created_at >= now - REUSE_OPEN_PAYMENT_FOR
                and payment.checkout_url
            ),
            None,
        )
        if recent is not None:
            return recent.checkout_url
        held_again = order.stock_reservation == StockReservation.RELEASED
        if held_again:
            try:
                stock_take(_order_quantities(order))
            except StockShortage as shortage:
                raise PaymentStartError(" ".join(shortage.problems)) from None
            order.stock_reservation = StockReservation.HELD
            order_event_record(order=order, kind=OrderEventKind.STOCK_HELD_AGAIN)
        # An order placed a moment ago holds its stock until exactly this time already.
        if held_again or order.reserved_until != now + hold_for:
            order.reserved_until = now + hold_for
            order.save(update_fields=["stock_reservation", "reserved_until"])
        currency = charge_currency()
        rate = None
        if currency == "RSD":
            # The bank charges the dinar total itself: no rate, no rounding.
            amount = order.total
        else:
            rate = exchange_rate_current(timezone.localdate(now))
            if rate is None:
                raise PaymentStartError(
                    _("Card payments are unavailable at the moment. Please try again later.")
                )
            amount = rsd_to_eur(order.total, rate.eur_rsd)
        attempt = len(earlier) + 1

    metadata = {"order_id": order.pk, "order_number": order.number, "amount_rsd": str(order.total)}
    if rate is not None:
        metadata |= {"eur_rsd_rate": str(rate.eur_rsd), "rate_date": rate.date.isoformat()}
    remote = get_payment_provider().create_payment(
        amount=amount,
        currency=currency,
        description=_("C'est Moi order %(number)s") % {"number": order.number},
        redirect_url=settings.SITE_URL + order_link(order) + "&returned=1",
        webhook_url=settings.SITE_URL + reverse("orders:payment_webhook"),
        metadata=metadata,
        idempotency_key=f"{order.public_id}-{attempt}",
    )
    # The provider answers a repeated idempotency key with the payment it made the first time,
    # which is then stored already: kept as it is (one statement either way).
    Payment.objects.bulk_create(
        [
            Payment(
                provider_payment_id=remote.id,
                order=order,
                provider=settings.PAYMENT_PROVIDER,
                status=remote.status,
                currency=currency,
                amount_rsd=order.total,
                amount_eur=amount if currency == "EUR" else None,
                eur_rsd_rate=rate.eur_rsd if rate else None,
                rate_date=rate.date if rate else None,
                checkout_url=remote.checkout_url or "",
            )
        ],
        ignore_conflicts=True,
    )
    return remote.checkout_url


def payment_sync(*, provider_payment_id: str, now: datetime.datetime) -> Payment | None:
    """Fetch the payment from the provider and apply its status and its refunds (Mollie calls
    the same webhook when a refund changes). Unknown ids change nothing."""
    try:
        remote = get_payment_provider().fetch_payment(provider_payment_id)
        known = (
            Payment.objects.filter(provider_payment_id=remote.id)
            .values("order_id", has_refunds=Exists(Refund.objects.filter(payment=OuterRef("pk"))))
            .first()
        )
        # The list of refunds is a second call to the provider, made only when there can be
        # one: the provider counts money refunded (a refund started in its dashboard too), or
        # the shop asked for one (whose answer may have been lost).
        may_have_refunds = remote.amount_refunded > 0 or (known and known["has_refunds"])
        remote_refunds = refunds_fetch(remote.id) if remote.is_paid and may_have_refunds else []
    except PaymentNotFound:
        logger.info("Ignoring a payment the provider does not know: %s", provider_payment_id)
        return None
    order_id = known["order_id"] if known else _order_id_from_metadata(remote)
    if order_id is None:
        logger.warning("Payment %s belongs to no order of this shop", remote.id)
        return None
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = Payment.objects.select_for_update().filter(provider_payment_id=remote.id).first()
        if payment is None:
            payment = _payment_recorded_late(order, remote)
        _payment_apply(payment=payment, order=order, remote=remote, now=now)
        # Without a refund at the provider or in the shop there is none to bring in line.
        if remote.is_paid and may_have_refunds:
            refunds_apply(order=order, payment=payment, remote_refunds=remote_refunds, now=now)
    return payment


# The return page asks the provider about a payment at most this often.
RETURN_CHECK_EVERY_SECONDS = 5


def payment_check_due(*, payment: Payment) -> bool:
    """Whether the return page may ask the provider about `payment` now (shared by all web
    processes through the cache; the first caller in each window wins). With the cache down
    (`add` answers None) the shopper back from paying is still answered from the provider."""
    added = cache.add(f"orders:payment-check:{payment.pk}", True, RETURN_CHECK_EVERY_SECONDS)
    return added is not False


def _order_id_from_metadata(remote: ProviderPayment) -> int | None:
    """A payment created at the provider whose row the shop failed to save (a crash right after
    the provider answered) still names its order in the metadata."""
    order_id = remote.metadata.get("order_id") if isinstance(remote.metadata, dict) else None
    if not isinstance(order_id, int):
        return None
    return Order.objects.filter(pk=order_id).values_list("pk", flat=True).first()


def _payment_recorded_late(order: Order, remote: ProviderPayment) -> Payment:
    meta = remote.metadata
    in_euros = remote.currency == "EUR"
    return Payment.objects.create(
        order=order,
        provider=settings.PAYMENT_PROVIDER,
        provider_payment_id=remote.id,
        status=ProviderPaymentStatus.OPEN,
        currency=remote.currency,
        amount_rsd=order.total,
        amount_eur=remote.amount if in_euros else None,
        eur_rsd_rate=meta.get("eur_rsd_rate") if in_euros else None,
        rate_date=meta.get("rate_date") if in_euros else None,
        checkout_url=remote.checkout_url or "",
    )


def _payment_apply(*, payment: Payment, order: Order, remote: ProviderPayment, now) -> None:
    if remote.amount_refunded != payment.amount_refunded:
        payment.amount_refunded = remote.amount_refunded
        payment.save(update_fields=["amount_refunded", "updated_at"])
    if remote.status == payment.status or payment.status not in STILL_PAYABLE:
        # Replays change nothing, and a finished payment never changes back.
        return
    if remote.status == ProviderPaymentStatus.PAID and (
        remote.currency != payment.currency or remote.amount != payment.amount_charged
    ):
        # Paid, but not what the shop asked for: the order is not marked paid and a person
        # must look (refund it, or ask for the rest). The payment keeps its status, so every
        # replay comes here: the event is written once.
        _amount_mismatch_record(order=order, payment=payment, remote=remote)
        return
    previous = payment.status
    payment.status = remote.status
    if remote.status == ProviderPaymentStatus.PAID:
        payment.paid_at = remote.paid_at or now
    payment.save(update_fields=["status", "paid_at", "updated_at"])
    order_event_record(
        order=order,
        kind=OrderEventKind.PAYMENT_CHANGED,
        from_status=previous,
        to_status=remote.status,
        note=payment.provider_payment_id,
    )
    if remote.status == ProviderPaymentStatus.PAID:
        order_mark_paid(order=order, now=now)
        order_money_refresh(order=order)
    elif remote.status not in STILL_PAYABLE:
        nothing_payable = _release_if_nothing_payable(order)
        if nothing_payable and remote.status == ProviderPaymentStatus.FAILED:
            # A declined card gets an e-mail with the way back to paying; a payment the
            # shopper canceled or let expire does not (they chose to stop). One such e-mail
            # per order: a shopper retrying on the payment page is not sent one per attempt.
            order_email_later(order=order, kind=EmailKind.PAYMENT_FAILED, now=now)


def _amount_mismatch_record(*, order: Order, payment: Payment, remote: ProviderPayment) -> None:
    note = (
        f"{payment.provider_payment_id}: {remote.currency} {remote.amount} paid, "
        f"{payment.currency} {payment.amount_charged} expected"
    )
    if not order.events.filter(kind=OrderEventKind.PAYMENT_AMOUNT_MISMATCH, note=note).exists():
        order_event_record(order=order, kind=OrderEventKind.PAYMENT_AMOUNT_MISMATCH, note=note)


def order_mark_paid(*, order: Order, now: datetime.datetime) -> None:
    """awaiting payment → paid, committing the held stock, and queue the documents and the
    confirmation e-mail. Call with the order locked."""
    if order.status != FulfilmentStatus.AWAITING_PAYMENT:
        # Two payment pages paid, or a payment after cancelation: the money must go back.
        order_event_record(
            order=order,
            kind=OrderEventKind.DUPLICATE_PAYMENT,
            note="A payment arrived for an order that was not awaiting one: refund it.",
        )
        return
    if order.stock_reservation == StockReservation.RELEASED:
        # Paid after the hold ran out: take the stock again if it is still there.
        try:
            stock_take(_order_quantities(order))
        except StockShortage as shortage:
            order_event_record(
                order=order,
                kind=OrderEventKind.STOCK_SHORTFALL,
                note=" ".join(shortage.problems),
            )
        else:
            order.stock_reservation = StockReservation.COMMITTED
    else:
        order.stock_reservation = StockReservation.COMMITTED
    order_to_paid(order=order, now=now)
    order_documents_later(order=order, now=now)
    order_email_later(order=order, kind=EmailKind.ORDER_PAID, now=now)
    order_hooks_enqueue(OrderHook.PAID, key=f"paid:{order.pk}", now=now, order_id=order.pk)


def _release_if_nothing_payable(order: Order) -> bool:
    """Returns whether the order is left unpaid with no payment under way."""
    if order.status != FulfilmentStatus.AWAITING_PAYMENT:
        return False
    if order.payments.filter(status__in=STILL_PAYABLE).exists():
        return False
    stock_release(order=order, reason="payment_not_completed")
    return True


def stock_release(*, order: Order, reason: str) -> None:
    """Put an unpaid order's held stock back on the shelf. Call with the order locked."""
    if order.stock_reservation != StockReservation.HELD:
        return
    stock_put_back(_order_quantities(order))
    order.stock_reservation = StockReservation.RELEASED
    order.reserved_until = None
    order.save(update_fields=["stock_reservation", "reserved_until"])
    order_event_record(order=order, kind=OrderEventKind.STOCK_RELEASED, note=reason)


def reservations_release_expired(*, now: datetime.datetime) -> int:
    """Release the stock of orders whose payment time ran out. Payments still open are asked
    about first, so that a payment made in the last second is never lost."""
    released = 0
    expired = Order.objects.filter(
        status=FulfilmentStatus.AWAITING_PAYMENT,
        stock_reservation=StockReservation.HELD,
        reserved_until__lt=now,
    ).values_list("pk", flat=True)
    for order_id in list(expired):
        for payment_id in Payment.objects.filter(
            order_id=order_id, status__in=STILL_PAYABLE
        ).values_list("provider_payment_id", flat=True):
            payment_sync(provider_payment_id=payment_id, now=now)
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            still_waiting = order.payments.filter(
                status__in=(ProviderPaymentStatus.PENDING, ProviderPaymentStatus.AUTHORIZED)
            ).exists()
            if (
                order.status == FulfilmentStatus.AWAITING_PAYMENT
                and order.stock_reservation == StockReservation.HELD
                and order.reserved_until is not None
                and order.reserved_until < now
                and not still_waiting
            ):
                stock_release(order=order, reason="payment_time_ran_out")
                released += 1
    return released


def _order_quantities(order: Order) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for variant_id, quantity in order.lines.values_list("variant_id", "quantity"):
        if variant_id is not None:
            quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities
