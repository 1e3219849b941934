"""A Serbian shopper in Chromium: switches to Serbian, searches "prsten" and "mindjuse"
(without diacritics) and finds them, then switches to Cyrillic and reads the same catalog
transliterated, the switch remembering the choice from page to page."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .factories import CategoryFactory, ExchangeRateFactory, product_with_variant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(legal_texts):
    rings = CategoryFactory(name_en="Rings", name_sr_latn="Prstenje", slug="rings")
    earrings = CategoryFactory(name_en="Earrings", name_sr_latn="Minđuše", slug="earrings")
    product_with_variant(
        category=rings,
        slug="garnet-ring",
        name_en="Garnet Ring",
        name_sr_latn="Srebrni prsten sa granatom",
        description_en="A silver ring set with a deep red garnet.",
        description_sr_latn="Prsten od srebra sa tamnocrvenim granatom.",
    )
    product_with_variant(
        category=earrings,
        slug="moon-earrings",
        name_en="Moon Earrings",
        name_sr_latn="Minđuše Mesec",
        description_en="Crescents hammered by hand.",
        description_sr_latn="Ručno kovani polumeseci.",
        price=Decimal("6900.00"),
    )
    ExchangeRateFactory(date=timezone.localdate(), eur_rsd=Decimal("117.2000"))


def search(page, words):
    page.locator("#search-q").fill(words)
    page.locator("#search-q").press("Enter")


def card_names(page):
    return page.locator(".product-card-name")


def test_serbian_and_cyrillic_shoppers_find_rings_and_earrings(page, shop):
    page.goto("/search/")
    page.get_by_role("button", name="Serbian (Latin)").click()
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")

    search(page, "prsten")
    expect(card_names(page)).to_have_text(["Srebrni prsten sa granatom"])
    search(page, "mindjuse")
    expect(card_names(page)).to_have_text(["Minđuše Mesec"])

    page.get_by_role("button", name="Srpski (ćirilica)").click()
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    search(page, "prstenje")
    expect(card_names(page)).to_have_text(["Сребрни прстен са гранатом"])
    search(page, "минђуше")
    expect(card_names(page)).to_have_text(["Минђуше Месец"])
    card_names(page).first.click()
    expect(page.locator("h1")).to_have_text("Минђуше Месец")
    expect(page.get_by_text("Ручно ковани полумесеци.")).to_be_visible()
