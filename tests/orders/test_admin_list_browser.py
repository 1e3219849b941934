"""The staff order list at 1280 × 800: each order's status and total are on screen without
scrolling sideways."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.accounts.second_factor import enroll_totp, sign_in_in_browser

from .staff_factories import STAFF_PASSWORD, paid_order, staff_member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_status_and_total_are_visible_at_1280_pixels(browser, live_server, shop_site, legal_texts):
    for migration in ("0008_pipeline_staff_roles", "0010_roles_attention_and_paperwork"):
        importlib.import_module(f"orders.migrations.{migration}").forwards(apps, None)
    manager = staff_member("manager@cestmoi.rs", role="Order manager")
    # A long but ordinary address and name: the columns that used to push status and total out.
    order = paid_order(email="aleksandra.jovanovic-petrovic.1987@primer-posta.rs")
    order.full_name = "Aleksandra Jovanović-Petrović Stojanović"
    order.save(update_fields=["full_name"])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    sign_in_in_browser(
        page,
        email="manager@cestmoi.rs",
        password=STAFF_PASSWORD,
        authenticator=enroll_totp(manager),
    )
    page.goto("/admin/orders/order/")
    for column in ("column-status", "column-total"):
        cell = page.locator(f"#result_list td.field-{column.removeprefix('column-')}").first
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (column, box)
        header = page.locator(f"#result_list th.{column}")
        header_box = header.bounding_box()
        assert header_box["x"] + header_box["width"] <= 1280, (column, header_box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
