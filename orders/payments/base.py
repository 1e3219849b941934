"""What the shop needs from any card-payment provider, independent of Mollie, so that another
provider (e.g. a Serbian bank's card gateway) can be added behind the same interface."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderPaymentStatus(models.TextChoices):
    OPEN = "open", _("Waiting for payment")
    PENDING = "pending", _("Payment being processed")
    AUTHORIZED = "authorized", _("Payment authorized")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    CANCELED = "canceled", _("Payment canceled")
    EXPIRED = "expired", _("Payment expired")


# A payment in these states may still be paid: the shopper is on the provider's page or the
# bank is still deciding.
STILL_PAYABLE = (
    ProviderPaymentStatus.OPEN,
    ProviderPaymentStatus.PENDING,
    ProviderPaymentStatus.AUTHORIZED,
)


class ProviderRefundStatus(models.TextChoices):
    QUEUED = "queued", _("Refund queued")
    PENDING = "pending", _("Refund pending")
    PROCESSING = "processing", _("Refund being processed")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Refund failed")
    CANCELED = "canceled", _("Refund canceled")


@dataclass(frozen=True)
class ProviderPayment:
    id: str
    status: ProviderPaymentStatus
    amount: Decimal
    currency: str
    description: str
    # Where to send the shopper to pay; None once the payment can no longer be paid.
    checkout_url: str | None
    metadata: dict = field(default_factory=dict)
    # Set once the payment was paid, and never cleared: refunds and chargebacks do not undo
    # it, so "was it paid" and "how much do we keep" are separate questions.
    paid_at: datetime | None = None
    amount_refunded: Decimal = Decimal("0.00")
    amount_charged_back: Decimal = Decimal("0.00")
    # What can still be refunded (0 when nothing can).
    amount_refundable: Decimal = Decimal("0.00")

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    @property
    def amount_kept(self) -> Decimal:
        """What the shop keeps: nothing unless paid, less refunds and chargebacks."""
        if not self.is_paid:
            return Decimal("0.00")
        return self.amount - self.amount_refunded - self.amount_charged_back


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    payment_id: str
    status: ProviderRefundStatus
    amount: Decimal
    currency: str
    description: str
    metadata: dict = field(default_factory=dict)
    created_at: datetime | None = None


class PaymentProviderError(Exception):
    """Anything that went wrong talking to the payment provider."""


class PaymentNotFound(PaymentProviderError):
    """The provider knows no such payment or refund (e.g. a forged webhook id)."""


class PaymentRejected(PaymentProviderError):
    """The provider refused the request as invalid (bad amount, refund over what is left)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class ProviderConfigurationError(PaymentProviderError):
    """The shop's credentials are missing or refused: an operator must fix the settings."""


class ProviderUnavailable(PaymentProviderError):
    """No usable answer (a timeout, a dropped connection, a server error): the provider may
    or may not have carried the request out. Retry later, with the same idempotency key."""


class ProviderNotReached(ProviderUnavailable):
    """Not even a connection to the provider could be made: the request never left the shop,
    so the provider cannot have carried it out."""


class PaymentProvider(Protocol):
    def create_payment(
        self,
        *,
        amount: Decimal,
        currency: str,
        description: str,
        redirect_url: str,
        webhook_url: str,
        metadata: dict,
        idempotency_key: str = "",
    ) -> ProviderPayment: ...

    def fetch_payment(self, payment_id: str) -> ProviderPayment: ...

    def create_refund(
        self,
        *,
        payment_id: str,
        amount: Decimal,
        currency: str,
        description: str = "",
        metadata: dict | None = None,
        idempotency_key: str = "",
    ) -> ProviderRefund: ...

    def list_refunds(self, payment_id: str) -> list[ProviderRefund]: ...
