"""A guest's purchase in Chromium, from the product page to the paid order page."""

import re

from playwright.sync_api import expect

GUEST = {
    "Name and surname": "Jelena Petrović",
    "E-mail": "jelena@example.rs",
    "Phone": "064 123 4567",
    "Street and number": "Knez Mihailova 12",
    "City": "Beograd",
    "Postal code": "11000",
}


def fill_address(page, **changes):
    for label, value in {**GUEST, **changes}.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Continue").click()


def checkout_and_pay(page, fake_mollie, *, courier="Post Express"):
    """From the cart: address, courier, terms, confirm, and "Paid" on Mollie's hosted page."""
    page.get_by_role("link", name="Proceed to checkout").click()
    fill_address(page)
    page.get_by_label(re.compile(courier)).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I have read and agree to the Terms of Use").check()
    page.get_by_role("button", name="CONTINUE").click()
    page.get_by_role("button", name="CONFIRM ORDER").click()
    expect(page).to_have_url(re.compile(re.escape(fake_mollie.url)))
    page.get_by_role("button", name="Paid").click()
    expect(page.locator(".order-status")).to_contain_text("Paid")
