"""Issue 4's journey in Chromium: a guest order joins the account once its address is verified;
the customer checks out with a saved address, pays, and finds the order in the history; another
customer cannot open it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from orders.models import Order
from tests.orders.factories import courier, guest_order, ring, todays_rate

from .factories import PASSWORD, VerifiedUserFactory
from .test_browser import add_address, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guest_order_attached_then_checkout_with_saved_address_and_history(
    page, browser, live_server, settings, fake_mollie, legal_texts
):
    settings.SITE_URL = live_server.url
    todays_rate()
    courier(name="Post Express", price="450.00")
    (size_54,) = ring(price="4990.00", stock=3)
    earlier = guest_order("Jelena@Example.com")

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("jelena@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    earlier.refresh_from_db()
    assert earlier.user is None  # not before the address is verified
    page.goto(re.search(r"https?://\S+", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="My account")).to_be_visible()

    page.goto("/account/orders/")
    expect(page.get_by_role("link", name=earlier.number)).to_be_visible()

    page.goto("/account/addresses/")
    add_address(
        page,
        name="Jelena Petrović",
        street="Knez Mihailova 12",
        postal_code="11000",
        city="Beograd",
        phone="064 555 1234",
    )

    page.goto(size_54.product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="Proceed to checkout").click()
    expect(page.get_by_label(re.compile("Knez Mihailova 12"))).to_be_checked()
    expect(page.get_by_label("E-mail")).to_have_count(0)  # the account's address is used
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("Post Express")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I have read and agree to the Terms of Use").check()
    page.get_by_role("button", name="CONTINUE").click()
    page.get_by_role("button", name="CONFIRM ORDER").click()
    page.get_by_role("button", name="Paid").click()
    expect(page.locator(".order-status")).to_contain_text("Paid")

    order = Order.objects.exclude(pk=earlier.pk).get()
    assert (order.full_name, order.street, order.email) == (
        "Jelena Petrović",
        "Knez Mihailova 12",
        "jelena@example.com",
    )
    page.goto("/account/orders/")
    expect(page.get_by_role("link", name=order.number)).to_be_visible()
    page.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")

    other = VerifiedUserFactory(email="stranger@example.com")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        stranger = context.new_page()
        sign_in(stranger, other.email)
        for number in (order.number, earlier.number):
            assert stranger.goto(f"/orders/{number}/").status == 404
        stranger.goto("/account/orders/")
        expect(stranger.get_by_text("You have not placed any orders yet.")).to_be_visible()
    finally:
        context.close()
