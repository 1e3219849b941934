"""The fake's memory: payments and refunds, validated and moved through their states the way
Mollie's v2 Payments API does, rendered as the HAL+JSON documents the real API returns.

Everything goes through one lock, so the threaded HTTP server may serve the shop, a browser and
a test at the same time. Webhooks are never called while the lock is held (the shop's webhook
handler calls back into the fake)."""

import secrets
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from .validation import (
    CURRENCY,
    DOCS,
    MAX_DESCRIPTION,
    MAX_REFUND_DESCRIPTION,
    MollieError,
    parse_amount,
    parse_metadata,
    parse_text,
    parse_url,
)

# A card payment left open on Mollie's page expires after 15 minutes; the fake only reports
# the time (expiry happens through the checkout page or the control API, never by the clock).
EXPIRY = timedelta(minutes=15)

PAYMENT_STATUSES = ("open", "pending", "paid", "failed", "canceled", "expired")
# Mollie never moves a payment out of paid, failed, canceled or expired.
PAYMENT_TRANSITIONS = {
    "open": {"pending", "paid", "failed", "canceled", "expired"},
    "pending": {"paid", "failed", "canceled", "expired"},
}
REFUND_STATUSES = ("queued", "pending", "processing", "refunded", "failed", "canceled")
REFUND_TRANSITIONS = {
    "queued": {"pending", "processing", "refunded", "failed", "canceled"},
    "pending": {"processing", "refunded", "failed", "canceled"},
    "processing": {"refunded", "failed"},
}
# Mollie calls the payment's webhook when a refund reaches these states, not for queued,
# pending or canceled (docs.mollie.com/payments/refunds, "Refund statuses").
REFUND_STATUSES_WITH_WEBHOOK = {"processing", "refunded", "failed"}
# Refunds in these states no longer hold money back from the payment.
RELEASED_REFUND_STATUSES = {"failed", "canceled"}


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _timestamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _new_id(prefix: str) -> str:
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(10))


def _money(amount: Decimal) -> dict:
    return {"currency": CURRENCY, "value": f"{amount:.2f}"}


@dataclass
class Refund:
    id: str
    payment_id: str
    amount: Decimal
    description: str
    metadata: object
    status: str
    created_at: datetime


@dataclass
class Payment:
    id: str
    amount: Decimal
    description: str
    redirect_url: str
    webhook_url: str
    metadata: object
    created_at: datetime
    status: str = "open"
    status_changed_at: dict = field(default_factory=dict)
    amount_charged_back: Decimal = Decimal("0.00")
    refund_ids: list = field(default_factory=list)


class Store:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.lock = threading.RLock()
        self.payments: dict[str, Payment] = {}
        self.refunds: dict[str, Refund] = {}
        self.webhook_calls: list[dict] = []
        self._idempotent: dict[tuple[str, str], tuple[int, dict]] = {}

    # --- idempotency ----------------------------------------------------------------------
    def idempotent(self, key: str, path: str, produce) -> tuple[int, dict, bool]:
        """Mollie answers a repeated Idempotency-Key with the first answer (and the header
        Idempotent-Replayed); errors are not remembered, so a corrected request goes through.
        Returns (status, body, replayed)."""
        with self.lock:
            if key and (key, path) in self._idempotent:
                return (*self._idempotent[(key, path)], True)
            status, body = produce()
            if key:
                self._idempotent[(key, path)] = (status, body)
            return status, body, False

    # --- payments --------------------------------------------------------------------------
    def create_payment(self, data: dict) -> dict:
        payment = Payment(
            id=_new_id("tr_"),
            amount=parse_amount(data.get("amount")),
            description=parse_text(
                data.get("description"),
                "description",
                required=True,
                max_length=MAX_DESCRIPTION,
            ),
            redirect_url=parse_url(data.get("redirectUrl"), "redirectUrl", required=True),
            webhook_url=parse_url(data.get("webhookUrl"), "webhookUrl", required=False),
            metadata=parse_metadata(data.get("metadata")),
            created_at=_now(),
        )
        with self.lock:
            self.payments[payment.id] = payment
            return self._payment_json(payment)

    def _payment(self, payment_id: str) -> Payment:
        try:
            return self.payments[payment_id]
        except KeyError:
            raise MollieError(404, f"No payment exists with token {payment_id}.") from None

    def get_payment(self, payment_id: str, *, embed_refunds: bool = False) -> dict:
        with self.lock:
            payment = self._payment(payment_id)
            body = self._payment_json(payment)
            if embed_refunds:
                body["_embedded"] = {"refunds": self._refund_list(payment)}
            return body

    def set_payment_status(self, payment_id: str, status: str) -> dict:
        if status not in PAYMENT_STATUSES:
            raise MollieError(400, f"Unknown payment status {status!r}", "status")
        with self.lock:
            payment = self._payment(payment_id)
            if status not in PAYMENT_TRANSITIONS.get(payment.status, set()):
                raise MollieError(
                    409, f"A {payment.status} payment cannot become {status}", "status"
                )
            payment.status = status
            payment.status_changed_at[status] = _now()
            return self._payment_json(payment)

    def charge_back(self, payment_id: str, amount: Decimal | None) -> dict:
        """The card holder disputes the payment: by default everything still kept."""
        with self.lock:
            payment = self._payment(payment_id)
            if payment.status != "paid":
                raise MollieError(422, "Only a paid payment can be charged back")
            remaining = self._remaining(payment)
            amount = remaining if amount is None else amount
            if amount > remaining or amount <= 0:
                raise MollieError(422, "The chargeback exceeds the remaining amount", "amount")
            payment.amount_charged_back += amount
            return self._payment_json(payment)

    def all_payments(self) -> list[dict]:
        with self.lock:
            return [
                {**self._payment_json(p), "_embedded": {"refunds": self._refund_list(p)}}
                for p in self.payments.values()
            ]

    def reset(self) -> None:
        with self.lock:
            self.payments.clear()
            self.refunds.clear()
            self.webhook_calls.clear()
            self._idempotent.clear()

    # --- refunds ---------------------------------------------------------------------------
    def _refunded(self, payment: Payment) -> Decimal:
        refunds = (self.refunds[refund_id] for refund_id in payment.refund_ids)
        return sum(
            (r.amount for r in refunds if r.status not in RELEASED_REFUND_STATUSES),
            Decimal("0.00"),
        )

    def _remaining(self, payment: Payment) -> Decimal:
        return payment.amount - self._refunded(payment) - payment.amount_charged_back

    def create_refund(self, payment_id: str, data: dict) -> dict:
        with self.lock:
            payment = self._payment(payment_id)
            if payment.status != "paid":
                raise MollieError(
                    422, f"The payment is {payment.status}: only paid payments can be refunded"
                )
            amount = parse_amount(data.get("amount"))
            remaining = self._remaining(payment)
            if amount > remaining:
                raise MollieError(
                    422,
                    f"The amount is higher than the amount that can be refunded "
                    f"({remaining:.2f} {CURRENCY})",
                    "amount",
                )
            refund = Refund(
                id=_new_id("re_"),
                payment_id=payment.id,
                amount=amount,
                description=parse_text(
                    data.get("description"),
                    "description",
                    required=False,
                    max_length=MAX_REFUND_DESCRIPTION,
                ),
                metadata=parse_metadata(data.get("metadata")),
                status="pending",
                created_at=_now(),
            )
            self.refunds[refund.id] = refund
            payment.refund_ids.append(refund.id)
            return self._refund_json(refund)

    def _refund(self, refund_id: str, payment_id: str | None = None) -> Refund:
        refund = self.refunds.get(refund_id)
        if refund is None or (payment_id is not None and refund.payment_id != payment_id):
            raise MollieError(404, f"No refund exists with token {refund_id}.")
        return refund

    def get_refund(self, payment_id: str, refund_id: str) -> dict:
        with self.lock:
            self._payment(payment_id)
            return self._refund_json(self._refund(refund_id, payment_id))

    def list_refunds(self, payment_id: str) -> dict:
        with self.lock:
            payment = self._payment(payment_id)
            refunds = self._refund_list(payment)
            return {
                "count": len(refunds),
                "_embedded": {"refunds": refunds},
                "_links": {
                    "self": self._link(f"/v2/payments/{payment.id}/refunds"),
                    "previous": None,
                    "next": None,
                    "documentation": self._docs("list-refunds"),
                },
            }

    def set_refund_status(self, refund_id: str, status: str) -> dict:
        if status not in REFUND_STATUSES:
            raise MollieError(400, f"Unknown refund status {status!r}", "status")
        with self.lock:
            refund = self._refund(refund_id)
            if status not in REFUND_TRANSITIONS.get(refund.status, set()):
                raise MollieError(409, f"A {refund.status} refund cannot become {status}", "status")
            refund.status = status
            return self._refund_json(refund)

    def cancel_refund(self, payment_id: str, refund_id: str) -> None:
        with self.lock:
            self._payment(payment_id)
            refund = self._refund(refund_id, payment_id)
            if refund.status not in ("queued", "pending"):
                raise MollieError(422, f"A {refund.status} refund can no longer be canceled")
            refund.status = "canceled"

    def webhook_url_for_payment(self, payment_id: str) -> str:
        with self.lock:
            return self._payment(payment_id).webhook_url

    def payment_id_of_refund(self, refund_id: str) -> str:
        with self.lock:
            return self._refund(refund_id).payment_id

    def payment_for_checkout(self, payment_id: str) -> Payment | None:
        with self.lock:
            return self.payments.get(payment_id)

    def record_webhook_call(self, call: dict) -> None:
        with self.lock:
            self.webhook_calls.append(call)

    def webhook_call_log(self) -> list[dict]:
        with self.lock:
            return list(self.webhook_calls)

    # --- HAL+JSON --------------------------------------------------------------------------
    def _link(self, path: str, media_type: str = "application/hal+json") -> dict:
        return {"href": f"{self.base_url}{path}", "type": media_type}

    @staticmethod
    def _docs(page: str) -> dict:
        return {"href": f"{DOCS}/{page}", "type": "text/html"}

    def checkout_url(self, payment_id: str) -> str:
        return f"{self.base_url}/checkout/{payment_id}"

    def _payment_json(self, payment: Payment) -> dict:
        changed = payment.status_changed_at
        body = {
            "resource": "payment",
            "id": payment.id,
            "mode": "test",
            "createdAt": _timestamp(payment.created_at),
            "amount": _money(payment.amount),
            "description": payment.description,
            "method": "creditcard" if payment.status == "paid" else None,
            "metadata": payment.metadata,
            "status": payment.status,
            "isCancelable": False,
            "profileId": "pfl_fakemollie",
            "sequenceType": "oneoff",
            "redirectUrl": payment.redirect_url,
            "webhookUrl": payment.webhook_url or None,
        }
        if payment.status in ("open", "pending"):
            body["expiresAt"] = _timestamp(payment.created_at + EXPIRY)
        for status, key in (
            ("paid", "paidAt"),
            ("failed", "failedAt"),
            ("canceled", "canceledAt"),
            ("expired", "expiredAt"),
        ):
            if status in changed:
                body[key] = _timestamp(changed[status])
        links = {"self": self._link(f"/v2/payments/{payment.id}")}
        if payment.status == "open":
            links["checkout"] = {"href": self.checkout_url(payment.id), "type": "text/html"}
        if payment.status == "paid":
            # Mollie reports these only once money has moved; they keep paidAt set even
            # when everything was refunded or charged back.
            body["amountRefunded"] = _money(self._refunded(payment))
            body["amountRemaining"] = _money(self._remaining(payment))
            body["settlementAmount"] = _money(payment.amount)
            body["details"] = {"cardLabel": "Mastercard", "cardNumber": "6787"}
            if payment.amount_charged_back:
                body["amountChargedBack"] = _money(payment.amount_charged_back)
            if payment.refund_ids:
                links["refunds"] = self._link(f"/v2/payments/{payment.id}/refunds")
        links["documentation"] = self._docs("get-payment")
        body["_links"] = links
        return body

    def _refund_list(self, payment: Payment) -> list[dict]:
        return [self._refund_json(self.refunds[refund_id]) for refund_id in payment.refund_ids]

    def _refund_json(self, refund: Refund) -> dict:
        return {
            "resource": "refund",
            "id": refund.id,
            "mode": "test",
            "amount": _money(refund.amount),
            "description": refund.description,
            "metadata": refund.metadata,
            "status": refund.status,
            "paymentId": refund.payment_id,
            "createdAt": _timestamp(refund.created_at),
            "_links": {
                "self": self._link(f"/v2/payments/{refund.payment_id}/refunds/{refund.id}"),
                "payment": self._link(f"/v2/payments/{refund.payment_id}"),
                "documentation": self._docs("get-refund"),
            },
        }
