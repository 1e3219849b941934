import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Material

from .factories import (
    CategoryFactory,
    ExchangeRateFactory,
    VariantFactory,
    photo_for,
    product_with_variant,
    stored_photo,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(settings, legal_texts):
    settings.ROOT_URLCONF = "tests.catalog.media_urls"
    rings = CategoryFactory(name="Rings", slug="rings")
    silver = CategoryFactory(name="Silver rings", slug="silver-rings", parent=rings)
    gold = CategoryFactory(name="Gold rings", slug="gold-rings", parent=rings)
    now = timezone.now()
    garnet = product_with_variant(
        category=silver,
        name="Garnet Ring",
        slug="garnet-ring",
        price=Decimal("4990.00"),
        description="A silver ring set with a deep red garnet.",
        stones="garnet",
        created_at=now - datetime.timedelta(days=2),
    )
    garnet.variants.update(option="Size 52")
    VariantFactory(product=garnet, option="Size 54", price=Decimal("4990.00"), stock=0)
    photo_for(garnet, stored_photo("ring", size=700))
    photo_for(garnet, stored_photo("necklace", size=700), position=1)
    for n in range(3):
        item = product_with_variant(
            category=gold,
            name=f"Gold Band {n}",
            slug=f"gold-band-{n}",
            material=Material.GOLD,
            price=Decimal("30000.00") + n,
            created_at=now - datetime.timedelta(days=5 + n),
        )
        photo_for(item, stored_photo("ring", size=300))
    ExchangeRateFactory(date=timezone.localdate(), eur_rsd=Decimal("117.2000"))


def csp_violations(page):
    messages = []
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return messages


def test_a_shopper_browses_filters_searches_and_reads_a_product(page, shop):
    violations = csp_violations(page)
    page.goto("/")
    page.get_by_role("navigation", name="Categories").get_by_role(
        "link", name="Rings", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rings")
    cards = page.locator(".product-card-name")
    expect(cards).to_have_count(4)

    page.get_by_label("Material").select_option("silver")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"material=silver"))
    expect(cards).to_have_text(["Garnet Ring"])

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Search the shop").fill("garnet")
    page.get_by_label("Search the shop").press("Enter")
    expect(page.locator(".product-card mark").first).to_have_text("Garnet")

    page.locator(".product-card a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Garnet Ring")
    photos = page.locator(".gallery-strip img")
    expect(photos).to_have_count(2)
    first = photos.first
    expect(first).to_have_attribute("alt", "Garnet Ring, photo 1")
    # The first photo is not lazy: the load event waits for it. (wait_for_function would need
    # 'unsafe-eval', which the shop's Content-Security-Policy rightly refuses.)
    page.wait_for_load_state("load")
    assert first.evaluate("img => img.naturalWidth") > 0
    declaration = page.locator(".declaration-table")
    expect(declaration).to_contain_text("Silver 925")
    expect(declaration).to_contain_text("garnet")
    expect(page.locator(".product-price")).to_contain_text("4,990.00 RSD")
    expect(page.locator(".product-price")).not_to_contain_text("€")
    expect(page.get_by_label(re.compile("Size 54"))).to_be_disabled()

    page.get_by_role("button", name=re.compile("^EUR")).click()
    expect(page.locator(".product-price")).to_contain_text("≈ €42.58")
    expect(page.locator(".rate-note").first).to_contain_text("1 EUR = 117.2000 RSD")
    expect(page.get_by_role("heading", level=1)).to_have_text("Garnet Ring")

    # The JSON-LD data block is not a script the CSP has to allow: nothing was refused.
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert violations == []


def test_the_product_page_fits_a_phone(phone_page, shop):
    phone_page.goto("/product/garnet-ring/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Garnet Ring")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.goto("/category/rings/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
