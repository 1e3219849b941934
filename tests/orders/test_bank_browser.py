"""A guest pays in dinars in Chromium: the shop's page posts the signed form to the fake bank's
hosted page, the shopper picks DinaCard and passes 3-D Secure, the bank calls the shop back
server to server and sends the browser back with a signed form; the order is paid with
exactly its dinar total."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from orders.models import FulfilmentStatus, Order

from .browser_steps import fill_address
from .factories import courier, ring, todays_rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop_online(settings, live_server, fake_bank, legal_texts):
    # The bank calls the shop back at its public address: here, the live test server.
    settings.SITE_URL = live_server.url
    todays_rate("117.2000")
    courier(name="Post Express", price="450.00")
    return ring(price="4990.37", stock=2, sizes=("54",))


def test_guest_pays_in_dinars_on_the_bank_page(page, shop_online, fake_bank):
    page.goto(shop_online[0].product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator(".cart-count")).to_contain_text("1")
    page.get_by_role("link", name="Proceed to checkout").click()
    fill_address(page)
    page.get_by_label(re.compile("Post Express")).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("You will be charged 5,440.37 RSD")).to_be_visible()
    expect(page.get_by_text(re.compile(r"≈ €46\.42 .*for information only"))).to_be_visible()
    page.get_by_label("I have read and agree to the Terms of Use").check()
    page.get_by_role("button", name="CONTINUE").click()
    page.get_by_role("button", name="CONFIRM ORDER").click()

    # The shop's page posts itself to the bank (JavaScript from the shop's own origin).
    expect(page).to_have_url(fake_bank.gateway_url)
    expect(page.locator("#amount")).to_have_text("5440.37 RSD")
    page.get_by_label("Card brand").select_option("DinaCard")
    page.get_by_role("button", name="Pay (3-D Secure approved)").click()

    expect(page.locator(".order-status")).to_contain_text("Paid")
    expect(page.get_by_text("Card charge: 5,440.37 RSD, in dinars.")).to_be_visible()
    order = Order.objects.get()
    assert order.status == FulfilmentStatus.PAID
    payment = order.payments.get()
    assert payment.amount_charged == order.total == Decimal("5440.37")
    [at_bank] = fake_bank.snapshot().values()
    assert (Decimal(at_bank["amount"]), at_bank["brand"]) == (order.total, "DinaCard")
    # The bank's server-to-server call reached the shop and was answered.
    assert [(call["status"], call["body"]) for call in fake_bank.callbacks] == [(200, "Approved")]
    assert [m.to for m in mail.outbox] == [["jelena@example.rs"]]
    assert "5,440.37 RSD" in mail.outbox[0].body


def test_a_declined_card_leads_back_to_the_order_to_try_again(page, shop_online, fake_bank):
    page.goto(shop_online[0].product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="Proceed to checkout").click()
    fill_address(page)
    page.get_by_label(re.compile("Post Express")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I have read and agree to the Terms of Use").check()
    page.get_by_role("button", name="CONTINUE").click()
    page.get_by_role("button", name="CONFIRM ORDER").click()
    page.get_by_role("button", name="3-D Secure failed").click()

    expect(page.get_by_text("Your payment was not completed")).to_be_visible()
    order = Order.objects.get()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert shop_online[0].__class__.objects.get(pk=shop_online[0].pk).stock == 2
