"""The product gallery as a shopper uses it: thumbnails that are images, a click that zooms,
arrow keys and swipes that switch photos, Escape that closes; links to full photos without
JavaScript."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .factories import CategoryFactory, photo_for, product_with_variant, stored_photo
from .test_browser import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_photo_ring(settings):
    settings.ROOT_URLCONF = "tests.catalog.media_urls"
    rings = CategoryFactory(name="Rings", slug="rings")
    ring = product_with_variant(
        category=rings, name="Garnet Ring", slug="garnet-ring", price=Decimal("4990.00")
    )
    for position, kind in enumerate(("ring", "necklace", "earrings")):
        photo_for(ring, stored_photo(kind, size=700), position=position)
    return ring


def _natural_width(locator) -> int:
    return locator.evaluate("img => img.naturalWidth")


def test_thumbnails_switch_the_photo_and_a_click_zooms_it(page, three_photo_ring):
    violations = csp_violations(page)
    page.goto(three_photo_ring.get_absolute_url())
    page.wait_for_load_state("load")

    thumbs = page.get_by_role("list", name="Choose a photo").get_by_role("link")
    expect(thumbs).to_have_count(3)
    thumb_images = page.locator(".gallery-thumbs img")
    for index in range(3):
        image = thumb_images.nth(index)
        expect(image).to_have_attribute("alt", f"Photo {index + 1}: Garnet Ring, photo {index + 1}")
        assert image.get_attribute("src").endswith("-thumb.jpg")
        image.scroll_into_view_if_needed()
        assert _natural_width(image) == 160
    main_photos = page.locator(".gallery-strip img")
    expect(main_photos.nth(0)).to_be_visible()
    expect(main_photos.nth(1)).to_be_hidden()

    thumbs.nth(1).click()
    expect(main_photos.nth(1)).to_be_visible()
    expect(main_photos.nth(0)).to_be_hidden()
    expect(thumbs.nth(1)).to_have_attribute("aria-current", "true")

    # The keyboard moves along the thumbnails too.
    thumbs.nth(1).press("ArrowRight")
    expect(main_photos.nth(2)).to_be_visible()
    expect(thumbs.nth(2)).to_be_focused()

    # Only the photo on show is a link to zoom (the others are hidden).
    zoom = page.get_by_role("link", name=re.compile("Enlarge photo"))
    expect(zoom).to_have_count(1)
    expect(zoom).to_have_accessible_name("Garnet Ring, photo 3 Enlarge photo")
    zoom.click()
    dialog = page.get_by_role("dialog", name="Enlarged photo")
    expect(dialog).to_be_visible()
    large = dialog.get_by_role("img")
    expect(large).to_have_attribute("alt", "Garnet Ring, photo 3")
    expect(large).to_have_attribute("src", main_photos.nth(2).locator("..").get_attribute("href"))

    page.keyboard.press("ArrowRight")
    expect(large).to_have_attribute("alt", "Garnet Ring, photo 1")
    page.keyboard.press("ArrowLeft")
    expect(large).to_have_attribute("alt", "Garnet Ring, photo 3")
    dialog.get_by_role("button", name="Previous photo").click()
    expect(large).to_have_attribute("alt", "Garnet Ring, photo 2")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # Focus returns to the photo that was zoomed, and the page shows the one last seen.
    expect(main_photos.nth(1)).to_be_visible()
    expect(zoom).to_have_accessible_name("Garnet Ring, photo 2 Enlarge photo")
    expect(zoom).to_be_focused()
    assert violations == []


def test_a_swipe_on_a_touch_screen_goes_to_the_next_photo(
    browser, live_server, shop_site, three_photo_ring
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, has_touch=True
    )
    page = context.new_page()
    page.goto(three_photo_ring.get_absolute_url())
    main_photos = page.locator(".gallery-strip img")
    expect(main_photos.nth(0)).to_be_visible()
    box = main_photos.nth(0).bounding_box()
    y = box["y"] + box["height"] / 2
    strip = page.locator(".gallery-strip")
    for event_type, x in (("pointerdown", box["x"] + 250), ("pointerup", box["x"] + 50)):
        strip.dispatch_event(
            event_type, {"pointerType": "touch", "clientX": x, "clientY": y, "bubbles": True}
        )
    expect(main_photos.nth(1)).to_be_visible()
    expect(page.get_by_role("dialog")).to_be_hidden()
    context.close()


def test_without_javascript_every_photo_links_to_its_full_size(
    browser, live_server, shop_site, three_photo_ring
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(three_photo_ring.get_absolute_url())
    main_photos = page.locator(".gallery-strip img")
    expect(main_photos).to_have_count(3)
    thumb_links = page.locator(".gallery-thumbs a")
    expect(thumb_links).to_have_count(3)
    href = thumb_links.nth(2).get_attribute("href")
    assert href.endswith("-1280.jpg") or href.endswith(".jpg")
    response = page.goto(href)
    assert response.ok and response.headers["content-type"] == "image/jpeg"
    context.close()
