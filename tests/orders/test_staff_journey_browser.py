"""Issue 6's journey in Chromium: a guest pays; staff take the order from paid through
preparation (the courier is notified with exactly the allowed fields) to shipped with a tracking
number and delivered, then refund part of it; the customer receives every e-mail, the first with
the contract documents as PDFs; the refund shows at the fake Mollie and on the order."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from orders.models import FulfilmentStatus, Order
from tests.accounts.second_factor import enroll_totp, sign_in_in_browser

from .browser_steps import checkout_and_pay
from .factories import courier, ring, todays_rate
from .staff_factories import STAFF_PASSWORD, staff_member
from .test_couriers import PAYLOAD_KEYS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def confirm(page, button):
    page.locator(".pipeline-actions, .pipeline").get_by_role("link", name=button).first.click()
    page.locator("input[type=submit].default").click()


def test_staff_ship_deliver_and_partly_refund_a_paid_order(
    page, browser, live_server, settings, fake_mollie, fake_courier, legal_texts
):
    settings.SITE_URL = live_server.url  # Mollie calls the webhook here
    # A transactional test empties the tables: the roles' data migrations run again.
    for migration in ("0008_pipeline_staff_roles", "0010_roles_attention_and_paperwork"):
        importlib.import_module(f"orders.migrations.{migration}").forwards(apps, None)
    todays_rate("117.2000")
    post_express = courier(name="Post Express", price="450.00")
    post_express.notification_backend = "http"
    post_express.courier_api_url = fake_courier.url
    post_express.tracking_url_template = "https://posta.example/track?code={tracking_number}"
    post_express.save()
    (ring_54,) = ring(price="4990.00", stock=2)

    page.goto(ring_54.product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    checkout_and_pay(page, fake_mollie)
    order = Order.objects.get()

    (paid_mail,) = mail.outbox
    assert paid_mail.subject == f"Your order {order.number} is confirmed"
    documents = {name: pdf_text(content) for name, content, _ in paid_mail.attachments}
    assert sorted(documents) == [
        f"confirmation-{order.number}.pdf",
        f"withdrawal-form-{order.number}.pdf",
    ]
    confirmation = documents[f"confirmation-{order.number}.pdf"]
    for fact in (order.number, "107661603", "20846739", "Luna ring", "5,440.00", "46.42"):
        assert fact in confirmation, fact
    assert order.number in documents[f"withdrawal-form-{order.number}.pdf"]

    manager = staff_member("manager@cestmoi.rs", role="Order manager")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff = context.new_page()
    staff.set_default_timeout(10_000)
    try:
        sign_in_in_browser(
            staff,
            email="manager@cestmoi.rs",
            password=STAFF_PASSWORD,
            authenticator=enroll_totp(manager),
        )
        staff.goto(f"/admin/orders/order/{order.pk}/change/")

        confirm(staff, "In preparation")
        expect(staff.locator(".messagelist")).to_contain_text("is now In preparation")
        confirm(staff, "Notify courier")
        (shipment,) = fake_courier.posts
        assert set(shipment["json"]) == PAYLOAD_KEYS  # name, phone, address: nothing more
        assert shipment["json"]["order_number"] == order.number
        assert shipment["json"]["recipient_name"] == "Jelena Petrović"

        staff.locator(".pipeline-move", has_text="Shipped").click()
        staff.get_by_label("Tracking number").fill("RR123456789RS")
        staff.get_by_role("button", name="Confirm: Shipped").click()
        expect(staff.locator(".messagelist")).to_contain_text("is now Shipped")
        confirm(staff, "Delivered")
        expect(staff.locator(".pipeline h2").first).to_have_text("Status: Delivered")

        staff.get_by_role("link", name="Refund…").click()
        staff.get_by_label("Amount to refund (RSD)").fill("1000")
        staff.get_by_label("Reason").fill("One stone was chipped")
        staff.get_by_role("button", name="Continue").click()
        staff.get_by_role("button", name="Yes, refund").click()
        expect(staff.locator(".messagelist")).to_be_visible()
    finally:
        context.close()

    (payment,) = fake_mollie.payments()
    (remote_refund,) = payment["_embedded"]["refunds"]
    assert remote_refund["amount"] == {"currency": "EUR", "value": "8.53"}  # 1,000 / 117.2
    fake_mollie.set_refund_status(remote_refund["id"], "refunded")  # and Mollie calls back

    order.refresh_from_db()
    # The parcel stays delivered; the money status tells the refund.
    assert (order.status, order.money_status) == (FulfilmentStatus.DELIVERED, "partially_refunded")
    assert order.delivered_on is not None and order.shipped_at is not None
    assert order.refunds.get().status == "refunded"
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Your order {order.number} is confirmed",
        f"Your order {order.number} is on its way",
        f"Refund for your order {order.number}",
    ]
    assert "https://posta.example/track?code=RR123456789RS" in mail.outbox[1].body
    assert "1,000.00" in mail.outbox[2].body and "8.53" in mail.outbox[2].body
    [(credit_note_name, _content, _type)] = mail.outbox[2].attachments
    assert credit_note_name.startswith("CN-")

    page.reload()
    expect(page.locator(".order-status")).to_contain_text("Delivered")
    expect(page.locator(".order-status")).to_contain_text("Partially refunded")
    expect(page.get_by_role("link", name=re.compile("Invoice"))).to_be_visible()
