"""The Mollie provider, driving the real mollie-api-python client against the fake Mollie API."""

import socket
from decimal import Decimal

import pytest

from devtools.fake_mollie import FakeMollieServer
from orders.payments import (
    MollieProvider,
    PaymentNotFound,
    PaymentRejected,
    ProviderConfigurationError,
    ProviderPaymentStatus,
    ProviderRefundStatus,
    ProviderUnavailable,
    get_payment_provider,
)
from orders.payments.mollie import mollie_amount

D = Decimal


@pytest.fixture
def provider(fake_mollie):
    return get_payment_provider()


@pytest.fixture
def create(provider, shop):
    def create(amount="24.90", **extra):
        return provider.create_payment(
            amount=D(amount),
            currency="EUR",
            description="C'est Moi order CM-2026-000123",
            redirect_url=f"{shop.url}/orders/CM-2026-000123/",
            webhook_url=f"{shop.url}/payments/webhook/",
            metadata={"order_id": 123},
            **extra,
        )

    return create


@pytest.fixture
def paid(create, fake_mollie):
    payment = create(amount="100.00")
    fake_mollie.set_payment_status(payment.id, "paid")
    return payment


def test_created_payment_waits_on_the_hosted_checkout_page(create, provider, fake_mollie, shop):
    payment = create()
    assert payment.id.startswith("tr_")
    assert payment.status == ProviderPaymentStatus.OPEN
    assert payment.checkout_url == f"{fake_mollie.url}/checkout/{payment.id}"
    assert (payment.amount, payment.currency) == (D("24.90"), "EUR")
    assert payment.metadata == {"order_id": 123}
    assert not payment.is_paid
    [stored] = fake_mollie.payments()
    assert stored["amount"] == {"currency": "EUR", "value": "24.90"}
    assert stored["redirectUrl"] == f"{shop.url}/orders/CM-2026-000123/"
    assert stored["webhookUrl"] == f"{shop.url}/payments/webhook/"
    assert provider.fetch_payment(payment.id) == payment


def test_whole_euro_amounts_are_sent_with_two_decimals(create, fake_mollie):
    create(amount="10")
    assert fake_mollie.payments()[0]["amount"]["value"] == "10.00"


@pytest.mark.parametrize("status", ["paid", "failed", "canceled", "expired"])
def test_each_outcome_reaches_the_shop_by_webhook_and_fetch(
    status, create, provider, fake_mollie, shop
):
    payment = create()
    fake_mollie.set_payment_status(payment.id, status)

    assert [call["form"] for call in shop.calls] == [{"id": [payment.id]}]
    fetched = provider.fetch_payment(payment.id)
    assert fetched.status == ProviderPaymentStatus(status)
    assert fetched.is_paid is (status == "paid")
    assert fetched.checkout_url is None


def test_pending_payment_still_has_no_outcome(create, provider, fake_mollie):
    payment = create()
    fake_mollie.set_payment_status(payment.id, "pending")
    fetched = provider.fetch_payment(payment.id)
    assert fetched.status == ProviderPaymentStatus.PENDING
    assert not fetched.is_paid


def test_same_idempotency_key_creates_one_payment(create, fake_mollie):
    first = create(idempotency_key="order-123-attempt-1")
    again = create(idempotency_key="order-123-attempt-1")
    other = create(idempotency_key="order-123-attempt-2")
    assert first.id == again.id != other.id
    assert len(fake_mollie.payments()) == 2


# --- refunds -----------------------------------------------------------------------------
def test_partial_refund_keeps_the_payment_paid_and_reports_the_amounts(paid, provider):
    refund = provider.create_refund(
        payment_id=paid.id, amount=D("30.00"), currency="EUR", description="Returned ring"
    )
    assert refund.id.startswith("re_")
    assert (refund.payment_id, refund.amount) == (paid.id, D("30.00"))
    assert refund.status == ProviderRefundStatus.PENDING

    payment = provider.fetch_payment(paid.id)
    assert payment.status == ProviderPaymentStatus.PAID
    assert payment.is_paid  # Mollie's is_paid() stays true after refunds
    assert payment.amount_refunded == D("30.00")
    assert payment.amount_refundable == D("70.00")
    assert payment.amount_kept == D("70.00")


def test_refunding_more_than_is_left_is_refused(paid, provider):
    provider.create_refund(payment_id=paid.id, amount=D("60.00"), currency="EUR")
    with pytest.raises(PaymentRejected) as refused:
        provider.create_refund(payment_id=paid.id, amount=D("40.01"), currency="EUR")
    assert refused.value.field == "amount"
    provider.create_refund(payment_id=paid.id, amount=D("40.00"), currency="EUR")
    payment = provider.fetch_payment(paid.id)
    assert (payment.amount_refunded, payment.amount_refundable, payment.amount_kept) == (
        D("100.00"),
        D("0.00"),
        D("0.00"),
    )
    assert payment.is_paid


def test_unpaid_payment_cannot_be_refunded(create, provider):
    payment = create()
    with pytest.raises(PaymentRejected):
        provider.create_refund(payment_id=payment.id, amount=D("1.00"), currency="EUR")


def test_refund_progress_calls_the_payment_webhook_and_shows_in_the_list(
    paid, provider, fake_mollie, shop
):
    refund = provider.create_refund(
        payment_id=paid.id, amount=D("25.00"), currency="EUR", metadata={"complaint": 7}
    )
    calls_before = len(shop.calls)
    fake_mollie.set_refund_status(refund.id, "refunded")

    assert [call["form"] for call in shop.calls[calls_before:]] == [{"id": [paid.id]}]
    [listed] = provider.list_refunds(paid.id)
    assert (listed.id, listed.status, listed.amount) == (
        refund.id,
        ProviderRefundStatus.REFUNDED,
        D("25.00"),
    )
    assert listed.metadata == {"complaint": 7}


def test_failed_refund_gives_the_amount_back(paid, provider, fake_mollie):
    refund = provider.create_refund(payment_id=paid.id, amount=D("100.00"), currency="EUR")
    fake_mollie.set_refund_status(refund.id, "failed")
    payment = provider.fetch_payment(paid.id)
    assert (payment.amount_refunded, payment.amount_refundable) == (D("0.00"), D("100.00"))


def test_chargeback_keeps_is_paid_but_the_shop_keeps_nothing(paid, provider, fake_mollie):
    fake_mollie.charge_back(paid.id)
    payment = provider.fetch_payment(paid.id)
    assert payment.is_paid
    assert payment.amount_charged_back == D("100.00")
    assert payment.amount_kept == D("0.00")


# --- errors ------------------------------------------------------------------------------
@pytest.mark.parametrize("payment_id", ["tr_doesnotexist", "forged-id", ""])
def test_unknown_payment_ids_are_not_found(payment_id, provider):
    with pytest.raises(PaymentNotFound):
        provider.fetch_payment(payment_id)


def test_refunds_of_an_unknown_payment_are_not_found(provider):
    with pytest.raises(PaymentNotFound):
        provider.list_refunds("tr_doesnotexist")
    with pytest.raises(PaymentNotFound):
        provider.create_refund(payment_id="tr_doesnotexist", amount=D("1.00"), currency="EUR")


@pytest.mark.parametrize("amount", ["0.00", "-5.00"])
def test_amounts_mollie_refuses_are_rejected(amount, create):
    with pytest.raises(PaymentRejected) as refused:
        create(amount=amount)
    assert refused.value.field == "amount.value"


def test_dinars_are_refused_by_mollie(provider, shop):
    with pytest.raises(PaymentRejected):
        provider.create_payment(
            amount=D("1000.00"),
            currency="RSD",
            description="Order",
            redirect_url=shop.url,
            webhook_url=shop.url,
            metadata={},
        )


def test_amounts_are_never_rounded_silently_nor_floats():
    assert mollie_amount(D("1234.5"), "EUR") == {"currency": "EUR", "value": "1234.50"}
    with pytest.raises(ValueError):
        mollie_amount(D("10.005"), "EUR")
    with pytest.raises(TypeError):
        mollie_amount(10.0, "EUR")


def test_a_key_mollie_does_not_know_is_a_configuration_error(shop):
    with FakeMollieServer(api_key="test_" + "a" * 30) as fake:
        provider = MollieProvider(api_key="test_" + "b" * 30, api_endpoint=fake.url)
        with pytest.raises(ProviderConfigurationError):
            provider.fetch_payment("tr_anything")


def test_a_malformed_key_is_a_configuration_error():
    with pytest.raises(ProviderConfigurationError):
        MollieProvider(api_key="sk_not_a_mollie_key")


def test_an_unreachable_mollie_is_reported_as_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    provider = MollieProvider(
        api_key="test_" + "a" * 30, api_endpoint=f"http://127.0.0.1:{closed_port}"
    )
    with pytest.raises(ProviderUnavailable):
        provider.fetch_payment("tr_anything")
