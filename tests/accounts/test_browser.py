"""A customer's account in Debian's chromium: sign-up, verification by e-mail, sign-in, profile,
address book, and another customer who tries to open those addresses."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Address, User

from .factories import PASSWORD, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My account")).to_be_visible()


def add_address(page, *, name, street, postal_code, city, phone):
    page.get_by_role("link", name="Add an address").first.click()
    page.get_by_label("Recipient's name and surname").fill(name)
    page.get_by_label("Street and number").fill(street)
    page.get_by_label("Postal code").fill(postal_code)
    page.get_by_label("City").fill(city)
    page.get_by_label("Phone for the courier").fill(phone)
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_role("status")).to_contain_text("The address has been added.")


def test_sign_up_verify_sign_in_profile_and_address_book(page, browser, live_server):
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="sign up").click()
    page.get_by_label("Email").fill("jelena@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    expect(page.get_by_role("link", name="My account")).to_have_count(0)

    (message,) = mail.outbox
    assert message.subject == "C'est Moi: Please confirm your e-mail address"
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="My account")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
    sign_in(page, "jelena@example.com")

    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    page.get_by_role("link", name="Change name or phone").click()
    page.get_by_label("Name and surname").fill("Jelena Petrović")
    page.get_by_label("Phone").fill("064 555 1234")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your details have been saved.")
    expect(page.locator(".details")).to_contain_text("Jelena Petrović")
    expect(page.locator(".details")).to_contain_text("+381 64 5551234")

    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Addresses"
    ).click()
    add_address(
        page,
        name="Jelena Petrović",
        street="Knez Mihailova 12",
        postal_code="11000",
        city="Beograd",
        phone="064 555 1234",
    )
    # A wrong postal code is named next to its field and nothing is lost.
    page.get_by_role("link", name="Add an address").first.click()
    page.get_by_label("Recipient's name and surname").fill("Marko Petrović")
    page.get_by_label("Street and number").fill("Zmaj Jovina 3")
    page.get_by_label("Postal code").fill("210")
    page.get_by_label("City").fill("Novi Sad")
    page.get_by_label("Phone for the courier").fill("+43 1 5134550")
    page.get_by_role("button", name="Save address").click()
    expect(page.locator("#id_postal_code_error")).to_contain_text("five digits")
    page.get_by_label("Postal code").fill("21 000")
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_role("status")).to_contain_text("The address has been added.")

    cards = page.locator(".address-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Default address")
    expect(cards.first).to_contain_text("Knez Mihailova 12")
    page.get_by_role("button", name="Make default Zmaj Jovina 3").click()
    expect(page.get_by_role("status")).to_contain_text("This is now your default address.")
    expect(cards.first).to_contain_text("Zmaj Jovina 3")
    expect(cards.first).to_contain_text("Default address")
    expect(page.locator(".address-card.is-default")).to_have_count(1)

    page.get_by_role("link", name="Orders").first.click()
    expect(page.get_by_text("You have not placed any orders yet.")).to_be_visible()
    assert console_errors == []  # the strict CSP blocked nothing on these pages

    jelena = User.objects.get(email="jelena@example.com")
    ids = list(Address.objects.filter(user=jelena).values_list("pk", flat=True))
    assert len(ids) == 2

    other = VerifiedUserFactory(email="stranger@example.com")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        stranger = context.new_page()
        sign_in(stranger, other.email)
        for address_id in ids:
            for action in ("edit", "delete"):
                response = stranger.goto(f"/account/addresses/{address_id}/{action}/")
                assert response.status == 404
                expect(stranger.get_by_role("heading", level=1)).to_have_text("Page not found")
        stranger.goto("/account/addresses/")
        expect(stranger.get_by_text("You have no saved addresses yet.")).to_be_visible()
        expect(stranger.locator("main")).not_to_contain_text("Knez Mihailova")
    finally:
        context.close()


def test_account_pages_fit_a_phone(phone_page):
    user = VerifiedUserFactory()
    Address.objects.create(
        user=user,
        name="Jelena Petrović",
        street="Bulevar kralja Aleksandra 73",
        city="Beograd",
        postal_code="11000",
        phone="+381641234567",
        is_default=True,
    )
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, path
    sign_in(phone_page, user.email)
    for path in ("/account/", "/account/addresses/", "/account/profile/", "/accounts/email/"):
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, path
    expect(phone_page.get_by_role("button", name="Sign out")).to_be_visible()
