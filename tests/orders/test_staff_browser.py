"""Staff walk an order through the pipeline in a real browser: paid → in preparation →
shipped with a tracking number → delivered, seeing only the allowed buttons and the timeline."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from orders.models import FulfilmentStatus
from tests.accounts.second_factor import enroll_totp, sign_in_in_browser

from .staff_factories import STAFF_PASSWORD, paid_order, staff_member

S = FulfilmentStatus


def buttons(page):
    return page.locator(".pipeline-move")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_ship_and_deliver_an_order(page, legal_texts, mailoutbox):
    # A transactional test's flush removes what migrations created: the roles come back here.
    # A transactional test empties the tables: the roles' data migrations run again.
    for migration in ("0008_pipeline_staff_roles", "0010_roles_attention_and_paperwork"):
        importlib.import_module(f"orders.migrations.{migration}").forwards(apps, None)
    manager = staff_member("manager@cestmoi.rs", role="Order manager")
    order = paid_order()
    order.delivery_method.tracking_url_template = (
        "https://posta.example/track?code={tracking_number}"
    )
    order.delivery_method.save()

    sign_in_in_browser(
        page,
        email="manager@cestmoi.rs",
        password=STAFF_PASSWORD,
        authenticator=enroll_totp(manager),
    )
    expect(page.locator(".staff-dashboard")).to_contain_text("Orders to ship")

    page.goto(f"/admin/orders/order/{order.pk}/change/")
    expect(buttons(page)).to_have_text(["In preparation", "Delivery failed"])
    buttons(page).filter(has_text="In preparation").click()
    page.get_by_label("Note (staff only)").fill("Engraving checked")
    page.get_by_role("button", name="Confirm: In preparation").click()
    expect(page.locator(".messagelist")).to_contain_text("is now In preparation")
    expect(buttons(page)).to_have_text(["Shipped", "Delivery failed"])

    buttons(page).filter(has_text="Shipped").click()
    page.get_by_role("button", name="Confirm: Shipped").click()
    expect(page.locator(".errorlist")).to_contain_text("This field is required.")
    page.get_by_label("Tracking number").fill("RR123456789RS")
    page.get_by_role("button", name="Confirm: Shipped").click()
    expect(page.locator(".pipeline").get_by_role("link", name="RR123456789RS")).to_have_attribute(
        "href", "https://posta.example/track?code=RR123456789RS"
    )
    expect(buttons(page)).to_have_text(["Delivered", "Delivery failed"])

    buttons(page).filter(has_text="Delivered").click()
    page.get_by_role("button", name="Confirm: Delivered").click()
    expect(page.locator(".pipeline h2").first).to_have_text("Status: Delivered")
    expect(buttons(page)).to_have_count(0)

    rows = page.locator(".timeline tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Engraving checked")
    expect(rows.nth(1)).to_contain_text("Shipped")
    expect(rows.nth(2)).to_contain_text("shipped RR123456789RS")  # the customer's e-mail
    expect(rows.nth(3)).to_contain_text("Delivered")
    expect(rows.nth(3)).to_contain_text("manager@cestmoi.rs")
    assert [m.subject for m in mailoutbox] == [f"Your order {order.number} is on its way"]
    order.refresh_from_db()
    assert order.status == S.DELIVERED
