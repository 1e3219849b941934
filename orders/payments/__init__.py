"""Card payments through a provider's hosted page: card data never reaches the shop.

provider = get_payment_provider()
payment = provider.create_payment(amount=Decimal("12.34"), currency="EUR", ...)
redirect(payment.checkout_url)
"""

from django.conf import settings
from django.urls import reverse

from .bank import BankProvider
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
    "BankProvider",
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
    "charge_currency",
    "get_payment_provider",
]


def charge_currency() -> str:
    """The currency cards are charged in: dinars at the bank, euros at Mollie (no RSD)."""
    return "RSD" if settings.PAYMENT_PROVIDER == "bank" else "EUR"


def get_payment_provider() -> PaymentProvider:
    """The configured provider, built per call so that settings changed in tests apply."""
    if settings.PAYMENT_PROVIDER == "bank":
        return bank_provider()
    return MollieProvider(
        api_key=settings.MOLLIE_API_KEY,
        api_endpoint=settings.MOLLIE_API_ENDPOINT,
        read_timeout=settings.MOLLIE_READ_TIMEOUT,
    )


def bank_provider() -> BankProvider:
    """The bank's gateway, also for the views that verify what the bank posts."""
    pay_page = reverse("orders:bank_pay", args=("OID",)).replace("OID", "{oid}")
    return BankProvider(
        client_id=settings.BANK_CLIENT_ID,
        store_key=settings.BANK_STORE_KEY,
        gateway_url=settings.BANK_GATEWAY_URL,
        api_url=settings.BANK_API_URL,
        api_user=settings.BANK_API_USER,
        api_password=settings.BANK_API_PASSWORD,
        pay_page_url=settings.SITE_URL + pay_page,
        read_timeout=settings.BANK_READ_TIMEOUT,
    )
