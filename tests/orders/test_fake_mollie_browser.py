"""A shopper on the fake Mollie checkout page, in Debian's chromium."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.payments import ProviderPaymentStatus, get_payment_provider


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paying_on_the_hosted_page_calls_the_webhook_and_lands_back_at_the_shop(
    page, fake_mollie, shop
):
    provider = get_payment_provider()
    payment = provider.create_payment(
        amount=Decimal("89.90"),
        currency="EUR",
        description="C'est Moi order CM-2026-000007",
        redirect_url=f"{shop.url}/orders/CM-2026-000007/",
        webhook_url=f"{shop.url}/payments/webhook/",
        metadata={"order_id": 7},
    )

    page.goto(payment.checkout_url)
    expect(page.get_by_role("heading", name="Pay €89.90")).to_be_visible()
    expect(page.get_by_text("C'est Moi order CM-2026-000007")).to_be_visible()
    page.get_by_role("button", name="Paid").click()

    expect(page).to_have_url(f"{shop.url}/orders/CM-2026-000007/")
    expect(page.get_by_role("heading", name="Back at the shop")).to_be_visible()
    assert [call["form"] for call in shop.calls] == [{"id": [payment.id]}]
    assert provider.fetch_payment(payment.id).status == ProviderPaymentStatus.PAID
