"""Card payments through a provider's hosted page: card data never reaches the shop.

provider = get_payment_provider()
payment = provider.create_payment(amount=Decimal("12.34"), currency="EUR", ...)
redirect(payment.checkout_url)
"""

from django.conf import settings

from .base import (
    STILL_PAYABLE,
    PaymentNotFound,
    PaymentProvider,
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
from .mollie import MollieProvider

__all__ = [
    "STILL_PAYABLE",
    "MollieProvider",
    "PaymentNotFound",
    "PaymentProvider",
    "PaymentProviderError",
    "PaymentRejected",
    "ProviderConfigurationError",
    "ProviderNotReached",
    "ProviderPayment",
    "ProviderPaymentStatus",
    "ProviderRefund",
    "ProviderRefundStatus",
    "ProviderUnavailable",
    "get_payment_provider",
]


def get_payment_provider() -> PaymentProvider:
    """The configured provider, built per call so that settings changed in tests apply."""
    return MollieProvider(
        api_key=settings.MOLLIE_API_KEY,
        api_endpoint=settings.MOLLIE_API_ENDPOINT,
        read_timeout=settings.MOLLIE_READ_TIMEOUT,
    )
