"""Issue 10's storefront in Chromium: cart and checkout summaries show each item's thumbnail,
the cart's button reads "Proceed to checkout" (Serbian: "Nastavi na plaćanje"), and the only
courier that fits is already chosen."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import DeliveryMethod
from tests.catalog.factories import photo_for, stored_photo

from .browser_steps import fill_address
from .factories import courier, ring, todays_rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ring_with_photo(settings, legal_texts):
    settings.ROOT_URLCONF = "tests.catalog.media_urls"
    todays_rate("117.2000")
    variant = ring(price="4990.00", stock=2, sizes=("54",))[0]
    photo_for(variant.product, stored_photo("ring", size=400))
    return variant


def _add_to_cart(page, variant):
    page.goto(variant.product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator(".cart-count")).to_contain_text("1")


def _shows_a_thumbnail(area):
    thumbnail = area.locator("img.line-thumbnail")
    expect(thumbnail).to_have_count(1)
    assert thumbnail.get_attribute("src").endswith("-thumb.jpg")
    thumbnail.page.wait_for_load_state("load")
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 160


def test_cart_and_checkout_show_thumbnails_and_the_only_courier_is_chosen(page, ring_with_photo):
    DeliveryMethod.objects.all().delete()
    courier(name="Post Express", price="450.00")
    _add_to_cart(page, ring_with_photo)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cart")
    _shows_a_thumbnail(page.locator(".cart-table"))

    page.get_by_role("link", name="Proceed to checkout").click()
    fill_address(page)
    expect(page.get_by_label(re.compile("Post Express"))).to_be_checked()
    _shows_a_thumbnail(page.locator(".order-summary"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("I have read and agree to the Terms of Use")).to_be_visible()
    _shows_a_thumbnail(page.locator(".order-summary"))


def test_with_two_couriers_the_shopper_chooses(page, ring_with_photo):
    DeliveryMethod.objects.all().delete()
    courier(name="Post Express", price="450.00")
    courier(name="D Express", price="390.00")
    _add_to_cart(page, ring_with_photo)
    page.get_by_role("link", name="Proceed to checkout").click()
    fill_address(page)
    expect(page.get_by_label(re.compile("Post Express"))).not_to_be_checked()
    expect(page.get_by_label(re.compile("D Express"))).not_to_be_checked()


def test_the_cart_button_reads_proceed_to_checkout_in_serbian_too(page, ring_with_photo):
    _add_to_cart(page, ring_with_photo)
    expect(page.get_by_role("link", name="Proceed to checkout")).to_be_visible()
    page.get_by_role("button", name="Serbian (Latin)").click()
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")
    expect(page.get_by_role("link", name="Nastavi na plaćanje")).to_be_visible()
    page.get_by_role("button", name="Srpski (ćirilica)").click()
    expect(page.get_by_role("link", name="Настави на плаћање")).to_be_visible()
