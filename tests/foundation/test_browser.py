import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_footer_and_every_legal_page_open_in_chromium(page, legal_texts):
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    page.goto("/")
    footer = page.locator("footer")
    for fact in (
        "C EST MOI ART JEWELERY D.O.O. Belgrade - Old Town",
        "Balkanska no. 2, 11000 Belgrade",
        "20846739",
        "107661603",
        "734130",
        "+381 11 20 55 008",
        "info@cestmoi.rs",
    ):
        expect(footer).to_contain_text(fact)

    for link, kind, title in (
        ("Terms of service", "terms-of-service", "Terms of Service"),
        (
            "Personal data protection rules",
            "data-protection-rules",
            "Rules of Personal Data Protection",
        ),
        ("Privacy policy", "privacy-policy", "Privacy Policy"),
    ):
        page.goto("/")
        page.locator("footer").get_by_role("link", name=link).click()
        expect(page).to_have_url(re.compile(f"/legal/{kind}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.goto("/")
    page.get_by_role("link", name="Withdraw from contract here").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw from a contract")
    page.get_by_role("link", name="Complaints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints")
    # A strict Content-Security-Policy must not be blocking any of the shop's own assets.
    assert console_errors == []


def test_footer_reads_on_a_phone(phone_page):
    phone_page.goto("/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # no sideways scrolling
    expect(phone_page.locator("footer")).to_contain_text("PIB (tax ID): 107661603")
