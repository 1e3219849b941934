"""A guest buys a ring in Chromium: catalog → cart → checkout → fake Mollie's hosted page →
back on the order page, paid, with the confirmation e-mail sent."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from orders.models import FulfilmentStatus, Order

from .browser_steps import fill_address
from .factories import courier, ring, todays_rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop_online(settings, live_server, fake_mollie, legal_texts):
    # Mollie calls the shop back at its public address: here, the live test server.
    settings.SITE_URL = live_server.url
    todays_rate("117.2000")
    courier(name="Post Express", price="450.00")
    return ring(price="4990.00", stock=2, sizes=("52", "54"))


def test_guest_buys_a_ring_and_pays_on_the_hosted_page(page, shop_online, fake_mollie):
    page.goto("/")
    page.goto(shop_online[0].product.get_absolute_url())
    page.get_by_label(re.compile("Size 54")).check()
    page.get_by_role("button", name="Add to cart").click()

    expect(page.locator(".cart-count")).to_contain_text("1")
    expect(page.locator(".cart-total")).to_have_text("4,990.00 RSD")
    expect(page.get_by_text("6,010.01 RSD more for free delivery")).to_be_visible()
    page.get_by_role("link", name="Proceed to checkout").click()

    fill_address(page, **{"Postal code": "38220"})
    expect(page.get_by_text("we cannot deliver to Kosovo and Metohija")).to_be_visible()
    expect(page.get_by_label("Street and number")).to_have_value("Knez Mihailova 12")
    page.get_by_label("Postal code").fill("11000")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label(re.compile("Post Express")).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("You will be charged €46.42 (RSD 5,440.00")).to_be_visible()
    page.get_by_label("I have read and agree to the Terms of Use").check()
    page.get_by_role("button", name="CONTINUE").click()

    page.get_by_role("button", name="CONFIRM ORDER").click()
    expect(page).to_have_url(re.compile(re.escape(fake_mollie.url)))
    page.get_by_role("button", name="Paid").click()

    expect(page.locator(".order-status")).to_contain_text("Paid")
    order = Order.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")
    assert order.status == FulfilmentStatus.PAID
    assert [m.to for m in mail.outbox] == [["jelena@example.rs"]]
    assert order.number in mail.outbox[0].subject
    expect(page.locator(".cart-count")).to_have_count(0)  # the cart was emptied


def test_checkout_fits_a_phone_screen(phone_page, shop_online):
    phone_page.goto(shop_online[0].product.get_absolute_url())
    phone_page.get_by_role("button", name="Add to cart").click()
    for url in ("/cart/", "/checkout/"):
        phone_page.goto(url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, url
