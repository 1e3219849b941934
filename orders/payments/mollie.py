"""Mollie behind the provider interface, through the official mollie-api-python client
(Payments API: Mollie no longer recommends its Orders API)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

from mollie.api.client import Client
from mollie.api.error import (
    BadRequestError,
    IdentifierError,
    NotFoundError,
    RequestError,
    RequestSetupError,
    ResponseError,
    ResponseHandlingError,
    UnauthorizedError,
    UnprocessableEntityError,
)
from mollie.api.objects.payment import Payment
from mollie.api.objects.refund import Refund
from mollie.api.resources.payments import Payments

from .base import (
    PaymentNotFound,
    PaymentProviderError,
    PaymentRejected,
    ProviderConfigurationError,
    ProviderNotReached,
    ProviderPayment,
    ProviderPaymentStatus,
    ProviderRefund,
    ProviderRefundStatus,
    ProviderUnavailable,
)
from .network import never_connected

CENT = Decimal("0.01")
# Seconds to connect; the client retries failed connects itself. The read timeout is the
# MOLLIE_READ_TIMEOUT setting.
CONNECT_TIMEOUT = 3


def mollie_amount(amount: Decimal, currency: str) -> dict:
    """Mollie's amount object: the value a string with exactly two decimals ("10.00")."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"amounts are Decimal, not {type(amount).__name__}")
    if amount != amount.quantize(CENT):
        # Rounding here would charge something other than the amount the order records.
        raise ValueError(f"{amount} has more than two decimals: round it before charging")
    return {"currency": currency, "value": f"{amount:.2f}"}


def _decimal(amount: dict | None) -> Decimal:
    return Decimal(amount["value"]) if amount else Decimal("0.00")


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _status(choices, value: str):
    try:
        return choices(value)
    except ValueError:
        raise PaymentProviderError(f"Mollie reported an unknown status {value!r}") from None


@contextmanager
def _provider_errors() -> Iterator[None]:
    """Translate the client's exceptions into the interface's (order matters: the client's
    IdentifierError is a RequestSetupError is a RequestError)."""
    try:
        yield
    except (NotFoundError, IdentifierError) as error:
        raise PaymentNotFound(str(error)) from error
    except (UnprocessableEntityError, BadRequestError) as error:
        raise PaymentRejected(str(error), field=error.field) from error
    except (UnauthorizedError, RequestSetupError) as error:
        raise ProviderConfigurationError(str(error)) from error
    except RequestError as error:
        if never_connected(error.__context__):
            raise ProviderNotReached(str(error)) from error
        raise ProviderUnavailable(str(error)) from error
    except (ResponseHandlingError, ResponseError) as error:
        raise ProviderUnavailable(str(error)) from error


class MollieProvider:
    def __init__(self, *, api_key: str, api_endpoint: str = "", read_timeout: float = 10.0):
        self.client = Client(timeout=(CONNECT_TIMEOUT, read_timeout))
        if api_endpoint:
            self.client.set_api_endpoint(api_endpoint)
        with _provider_errors():
            self.client.set_api_key(api_key)

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
    ) -> ProviderPayment:
        data = {
            "amount": mollie_amount(amount, currency),
            "description": description,
            "redirectUrl": redirect_url,
            "webhookUrl": webhook_url,
            "metadata": metadata,
        }
        with _provider_errors():
            payment = self.client.payments.create(data, idempotency_key=idempotency_key)
        return self._payment(payment)

    def fetch_payment(self, payment_id: str) -> ProviderPayment:
        with _provider_errors():
            return self._payment(self.client.payments.get(payment_id))

    def create_refund(
        self,
        *,
        payment_id: str,
        amount: Decimal,
        currency: str,
        description: str = "",
        metadata: dict | None = None,
        idempotency_key: str = "",
    ) -> ProviderRefund:
        data = {"amount": mollie_amount(amount, currency), "description": description}
        if metadata is not None:
            data["metadata"] = metadata
        with _provider_errors():
            refund = self._payment_handle(payment_id).refunds.create(
                data, idempotency_key=idempotency_key
            )
        return self._refund(refund)

    def list_refunds(self, payment_id: str) -> list[ProviderRefund]:
        with _provider_errors():
            return [
                self._refund(refund) for refund in self._payment_handle(payment_id).refunds.list()
            ]

    def _payment_handle(self, payment_id: str) -> Payment:
        """A payment known only by its id, to reach /payments/{id}/refunds without first
        fetching the payment (the client does the same for its own sub-resources)."""
        Payments.validate_resource_id(payment_id, "payment ID")
        return Payment({"id": payment_id}, self.client)

    @staticmethod
    def _payment(payment: Payment) -> ProviderPayment:
        return ProviderPayment(
            id=payment.id,
            status=_status(ProviderPaymentStatus, payment.status),
            amount=_decimal(payment.amount),
            currency=payment.amount["currency"],
            description=payment.description or "",
            checkout_url=payment.checkout_url,
            metadata=payment.metadata or {},
            paid_at=_datetime(payment.paid_at),
            amount_refunded=_decimal(payment.amount_refunded),
            amount_charged_back=_decimal(payment.amount_chargedback),
            amount_refundable=_decimal(payment.amount_remaining),
        )

    @staticmethod
    def _refund(refund: Refund) -> ProviderRefund:
        return ProviderRefund(
            id=refund.id,
            payment_id=refund.payment_id,
            status=_status(ProviderRefundStatus, refund.status),
            amount=_decimal(refund.amount),
            currency=refund.amount["currency"],
            description=refund.description or "",
            metadata=refund.metadata or {},
            created_at=_datetime(refund.created_at),
        )
