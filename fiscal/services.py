"""Issuing fiscal receipts for the shop's card sales and refunds, exactly once.

1. Plan (`fiscal_plan_*`, run by the outbox tasks the orders app queues when an order is paid,
   shipped or refunded): under the order's row lock, decide which receipts the event needs
   (fiscal/rules.py: advance at payment, advance refund + final sale at shipping, a refund
   receipt against the advance or the sale) and store one FiscalIntent for each, with an
   outbox item that issues it. An event replayed finds its intents by their `cause`.
2. Issue (`fiscal_intent_issue`): claim the intent (attempts + 1, `sending_until` = now +
   SEND_LEASE) and commit, so that no row stays locked while the V-SDC answers and no second
   attempt starts while one may be under way. Then call the V-SDC with the intent's id as
   RequestId; every attempt after the first asks the processor about that RequestId before
   posting. Store the answer (FiscalReceipt, one per intent by a unique key) and the
   receipt's e-mail in one transaction.
3. An intent the outbox gives up on is marked failed and the order gets a "needs attention"
   event; staff can send it again from admin (still asking about its RequestId first)."""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from legal.seller import SELLER
from orders.access import order_link
from orders.models import Order, OrderEventKind, Payment, Refund
from orders.services.timeline import order_event_record
from paperwork.emails import Email, email_send_once
from paperwork.outbox import outbox_enqueue

from .models import FiscalIntent, FiscalReceipt, IntentStatus
from .rules import (
    REFUND_OF,
    Item,
    ReceiptKind,
    items_leave,
    items_take,
    items_total,
    request_body,
    tax_label,
)
from .vsdc import VsdcClient, VsdcError, VsdcNoAnswer

logger = logging.getLogger(__name__)

ISSUE_TASK = "fiscal.issue_receipt"
EMAIL_TASK = "fiscal.send_receipt_email"
EMAIL_KIND = "fiscal_receipt"
DELIVERY_VAT_RATE = Decimal("20.00")


class FiscalPlanError(Exception):
    """The event cannot be given a receipt (staff must look at it); the message says why."""


class IssuanceInProgress(Exception):
    """Another attempt at this intent may still be waiting for the V-SDC; try later."""


class ReferenceNotIssued(Exception):
    """The receipt this one refers to is not issued yet; try later."""


def send_lease() -> datetime.timedelta:
    """How long an attempt may take at most: the post and the look-up after a lost answer,
    each with its timeouts, and a margin."""
    per_call = settings.VSDC_CONNECT_TIMEOUT + settings.VSDC_READ_TIMEOUT
    return datetime.timedelta(seconds=2 * per_call + 30)


# --- planning -------------------------------------------------------------------------------
def order_items(order: Order) -> list[Item]:
    """The order's goods and delivery as receipt lines."""
    items = [
        Item(
            name=f"{line.product_name} {line.option}".strip(),
            quantity=line.quantity,
            unit_price=line.unit_price,
            label=tax_label(line.vat_rate),
        )
        for line in order.lines.order_by("pk")
    ]
    if order.delivery_price > 0:
        items.append(
            Item(
                name=_("Delivery: %(courier)s") % {"courier": order.delivery_name},
                quantity=1,
                unit_price=order.delivery_price,
                label=tax_label(DELIVERY_VAT_RATE),
            )
        )
    return items


def fiscal_plan_paid(*, order_id: int, now: datetime.datetime) -> list[FiscalIntent]:
    """The card payment was taken before the goods are sent: an advance receipt for it."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        existing = FiscalIntent.objects.filter(cause=f"advance:{order.pk}").first()
        if existing is not None:
            return [existing]
        payment = (
            Payment.objects.filter(order=order, paid_at__isnull=False).order_by("paid_at").first()
        )
        items = order_items(order)
        if payment is None or items_total(items) != order.total:
            raise FiscalPlanError(
                f"Order {order.number}: no paid payment, or its items do not add up to its total"
            )
        return [
            _intent(
                order,
                ReceiptKind.ADVANCE_SALE,
                f"advance:{order.pk}",
                items,
                now=now,
                payment=payment,
            )
        ]


def fiscal_plan_shipped(*, order_id: int, now: datetime.datetime) -> list[FiscalIntent]:
    """The goods left: close the advance (what is left of it after refunds) and issue the
    final receipt for the goods still sold, both referring to the advance receipt."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        causes = _shipped_causes(order)
        existing = FiscalIntent.objects.filter(cause__in=causes)
        if existing:
            return sorted(existing, key=lambda intent: causes.index(intent.cause))
        advance = _live(order, ReceiptKind.ADVANCE_SALE)
        if advance is None:
            return [
                _intent(order, ReceiptKind.SALE, f"sale:{order.pk}", order_items(order), now=now)
            ]
        still_sold = items_leave(_items(advance), _refunded(advance, ReceiptKind.ADVANCE_REFUND))
        if items_total(still_sold) <= 0:
            return []  # all of it was refunded before it left: nothing was sold
        return [
            _intent(
                order,
                ReceiptKind.ADVANCE_REFUND,
                f"close:{order.pk}",
                still_sold,
                now=now,
                references=advance,
            ),
            _intent(
                order, ReceiptKind.SALE, f"sale:{order.pk}", still_sold, now=now, references=advance
            ),
        ]


def _shipped_causes(order: Order) -> tuple[str, str]:
    return (f"close:{order.pk}", f"sale:{order.pk}")


def fiscal_plan_refund(
    *, order_id: int, refund_id: int, now: datetime.datetime
) -> list[FiscalIntent]:
    """Money went back to the card (withdrawal, complaint, price reduction, cancelation): a
    refund receipt against the sale if the goods had left, else against the advance."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        cause = f"refund:{refund_id}"
        existing = FiscalIntent.objects.filter(cause=cause).first()
        if existing is not None:
            return [existing]
        refund = Refund.objects.get(pk=refund_id, order=order)
        advance = _live(order, ReceiptKind.ADVANCE_SALE)
        if advance is not None and advance.payment_id not in (None, refund.payment_id):
            # Money of a second payment the order did not need (a duplicate payment) was never
            # a sale, so giving it back is not one either.
            logger.info("Refund %s returns a payment no receipt was issued for", refund.pk)
            return []
        base = _live(order, ReceiptKind.SALE) or advance
        if base is None:
            raise FiscalPlanError(
                f"Refund #{refund.pk} of order {order.number}: no sale or advance receipt to refer to"
            )
        kind = REFUND_OF[ReceiptKind(base.kind)]
        left = items_leave(_items(base), _refunded(base, kind))
        if refund.amount_rsd > items_total(left):
            raise FiscalPlanError(
                f"Refund #{refund.pk} of RSD {refund.amount_rsd} exceeds what receipt "
                f"{base.kind} of order {order.number} has left (RSD {items_total(left)})"
            )
        items = items_take(left, refund.amount_rsd)
        return [_intent(order, kind, cause, items, now=now, references=base, refund=refund)]


def _live(order: Order, kind: str) -> FiscalIntent | None:
    return (
        FiscalIntent.objects.filter(order=order, kind=kind)
        .exclude(status=IntentStatus.FAILED)
        .order_by("created_at")
        .first()
    )


def _refunded(base: FiscalIntent, kind: str) -> Decimal:
    total = (
        FiscalIntent.objects.filter(references=base, kind=kind)
        .exclude(status=IntentStatus.FAILED)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal("0.00")


def _items(intent: FiscalIntent) -> list[Item]:
    return [Item.from_json(item) for item in intent.items]


def _intent(order, kind, cause, items, *, now, payment=None, refund=None, references=None):
    intent = FiscalIntent.objects.create(
        order=order,
        kind=kind,
        cause=cause,
        items=[item.as_json() for item in items],
        amount=items_total(items),
        payment=payment,
        refund=refund,
        references=references,
        created_at=now,
    )
    outbox_enqueue(ISSUE_TASK, key=f"fiscal.issue:{intent.pk}", now=now, intent_id=str(intent.pk))
    return intent


# --- issuing --------------------------------------------------------------------------------
def fiscal_intent_issue(*, intent_id, now: datetime.datetime) -> FiscalReceipt | None:
    """Issue the intent's receipt unless it is issued; returns the receipt (None if the
    intent failed for good). Raises IssuanceInProgress, ReferenceNotIssued or a VsdcError
    when it must be tried again later (VsdcRejected: never)."""
    with transaction.atomic():
        intent = FiscalIntent.objects.select_for_update().get(pk=intent_id)
        if intent.status == IntentStatus.ISSUED:
            return intent.receipt
        if intent.status == IntentStatus.FAILED:
            return None
        if intent.sending_until is not None and intent.sending_until > now:
            raise IssuanceInProgress(
                f"Intent {intent.pk} is being sent until {intent.sending_until}"
            )
        if intent.request_body is None:
            intent.request_body = _request_body(intent)
        asked_before = intent.attempts > 0
        intent.attempts += 1
        intent.sending_until = now + send_lease()
        intent.save(update_fields=["request_body", "attempts", "sending_until"])
    client = VsdcClient.from_settings()
    try:
        # An earlier attempt may have been issued without its answer reaching us.
        answer = asked_before and client.lookup(request_id=intent.request_id)
        if not answer:
            answer = client.issue(request_id=intent.request_id, body=intent.request_body)
    except VsdcError as error:
        _attempt_failed(intent.pk, error)
        raise
    return _receipt_store(intent.pk, answer, now)


def _request_body(intent: FiscalIntent) -> dict:
    referent_number = referent_time = ""
    if intent.references_id is not None:
        referent = FiscalReceipt.objects.filter(intent_id=intent.references_id).first()
        if referent is None:
            raise ReferenceNotIssued(f"Intent {intent.pk} waits for {intent.references_id}")
        referent_number, referent_time = referent.invoice_number, referent.sdc_date_time_text
    return request_body(
        kind=intent.kind,
        items=_items(intent),
        cashier=settings.FISCAL_CASHIER,
        esir_number=f"{intent.order.number}/{intent.kind}",
        referent_number=referent_number,
        referent_date_time=referent_time,
    )


def _attempt_failed(intent_id, error: Exception) -> None:
    with transaction.atomic():
        intent = FiscalIntent.objects.select_for_update().get(pk=intent_id)
        intent.last_error = f"{type(error).__name__}: {error}"[:2000]
        if not isinstance(error, VsdcNoAnswer):
            # Nothing of this attempt can still be under way at the processor.
            intent.sending_until = None
        intent.save(update_fields=["last_error", "sending_until"])


def _receipt_store(intent_id, answer: dict, now) -> FiscalReceipt:
    with transaction.atomic():
        intent = FiscalIntent.objects.select_for_update().get(pk=intent_id)
        if intent.status == IntentStatus.ISSUED:
            return intent.receipt
        receipt = FiscalReceipt.objects.create(
            intent=intent,
            order_id=intent.order_id,
            kind=intent.kind,
            invoice_number=answer["invoiceNumber"],
            invoice_counter=answer.get("invoiceCounter") or "",
            invoice_counter_extension=answer.get("invoiceCounterExtension") or "",
            total_counter=answer.get("totalCounter") or 0,
            transaction_type_counter=answer.get("transactionTypeCounter") or 0,
            sdc_date_time=datetime.datetime.fromisoformat(answer["sdcDateTime"]),
            sdc_date_time_text=answer["sdcDateTime"],
            total_amount=Decimal(str(answer.get("totalAmount", intent.amount))),
            signature=answer.get("signature") or "",
            journal=answer.get("journal") or "",
            verification_url=answer["verificationUrl"],
            verification_qr_code=answer.get("verificationQRCode") or "",
            response=answer,
        )
        intent_mark_issued(intent, now=now)
        order_event_record(
            order=intent.order_id,
            kind=OrderEventKind.FISCAL_RECEIPT_ISSUED,
            note=f"{intent.get_kind_display()} {receipt.invoice_number} (RSD {receipt.total_amount})",
        )
        outbox_enqueue(EMAIL_TASK, key=f"fiscal.email:{receipt.pk}", now=now, receipt_id=receipt.pk)
    if receipt.total_amount != intent.amount:
        logger.error(
            "Receipt %s is for %s, intent for %s", receipt, receipt.total_amount, intent.amount
        )
    return receipt


# --- the intent's status: one function per move ---------------------------------------------
def intent_mark_issued(intent: FiscalIntent, *, now) -> None:
    _require(intent, IntentStatus.PENDING)
    intent.status, intent.issued_at, intent.sending_until, intent.last_error = (
        IntentStatus.ISSUED,
        now,
        None,
        "",
    )
    intent.save(update_fields=["status", "issued_at", "sending_until", "last_error"])


def intent_mark_failed(intent: FiscalIntent, *, error: str, now) -> None:
    _require(intent, IntentStatus.PENDING)
    intent.status, intent.failed_at, intent.last_error = IntentStatus.FAILED, now, error[:2000]
    intent.save(update_fields=["status", "failed_at", "last_error"])


def intent_mark_pending(intent: FiscalIntent) -> None:
    """A failed intent is tried again (by staff)."""
    _require(intent, IntentStatus.FAILED)
    intent.status, intent.failed_at, intent.sending_until = IntentStatus.PENDING, None, None
    intent.save(update_fields=["status", "failed_at", "sending_until"])


def _require(intent: FiscalIntent, status: str) -> None:
    if intent.status != status:
        raise ValueError(f"Fiscal intent {intent.pk} is {intent.status}, not {status}")


def fiscal_intent_give_up(*, intent_id, error: str, now) -> None:
    """The outbox gave up on issuing: staff must look at it."""
    with transaction.atomic():
        intent = FiscalIntent.objects.select_for_update().get(pk=intent_id)
        if intent.status != IntentStatus.PENDING:
            return
        intent_mark_failed(intent, error=error, now=now)
        order_event_record(
            order=intent.order_id,
            kind=OrderEventKind.FISCALIZATION_FAILED,
            note=f"{intent.get_kind_display()} (RSD {intent.amount}): {error}"[:2000],
        )


def fiscal_plan_give_up(*, order_id: int, error: str) -> None:
    order_event_record(order=order_id, kind=OrderEventKind.FISCALIZATION_FAILED, note=error[:2000])


def fiscal_intents_retry(*, intent_ids, now) -> int:
    """Staff: issue these failed intents again (their RequestId is asked about first)."""
    retried = 0
    with transaction.atomic():
        for intent in FiscalIntent.objects.select_for_update().filter(
            pk__in=intent_ids, status=IntentStatus.FAILED
        ):
            intent_mark_pending(intent)
            outbox_enqueue(
                ISSUE_TASK,
                key=f"fiscal.issue:{intent.pk}:again:{intent.attempts}",
                now=now,
                intent_id=str(intent.pk),
            )
            retried += 1
    return retried


# --- the customer's copy --------------------------------------------------------------------
def fiscal_receipt_email_send(*, receipt_id: int) -> bool:
    """E-mail the receipt (its text, QR code and verification link) once."""
    receipt = FiscalReceipt.objects.select_related("order").get(pk=receipt_id)
    order = receipt.order
    sent = email_send_once(
        kind=EMAIL_KIND,
        about=order.number,
        reference=receipt.invoice_number,
        recipient=order.email,
        language=order.language,
        build=lambda: Email(
            subject=_("Your fiscal receipt for order %(number)s") % {"number": order.number},
            template="fiscal/email/receipt",
            context={
                "order": order,
                "receipt": receipt,
                "qr_url": receipt_qr_url(receipt),
                "order_url": settings.SITE_URL + order_link(order),
                "seller": SELLER,
            },
        ),
    )
    if sent:
        order_event_record(
            order=order,
            kind=OrderEventKind.EMAIL_SENT,
            note=f"{EMAIL_KIND} {receipt.invoice_number}",
        )
    return sent


def receipt_qr_url(receipt: FiscalReceipt) -> str:
    return settings.SITE_URL + reverse("fiscal:receipt_qr", args=[receipt.intent_id])
