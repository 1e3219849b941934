"""A guest files a complaint with a photo in Chromium, from the order page's signed link, and
receives the register number on the page and by e-mail with the confirmation PDF."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from complaints.models import Complaint
from orders.access import order_link
from tests.accounts.second_factor import sign_in_in_browser, totp_authenticator

from .complaint_factories import delivered_order, jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_files_a_complaint_with_a_photo(page, settings, live_server, legal_texts, tmp_path):
    settings.SITE_URL = live_server.url
    order = delivered_order()
    photo = tmp_path / "defect.jpg"
    photo.write_bytes(jpeg_bytes())

    page.goto(order_link(order))
    page.get_by_role("link", name="File a complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("File a complaint")
    expect(page.get_by_label("Name and surname")).to_have_value(order.full_name)
    page.get_by_label(re.compile("Prsten Luna")).check()
    page.get_by_label("Describe the defect").fill("The stone fell out on the third day.")
    page.get_by_label("Replacement").check()
    page.get_by_label("Photos of the defect (optional)").set_input_files(str(photo))
    page.get_by_role("button", name="Send the complaint").click()

    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {complaint.number}")
    expect(page.get_by_role("status")).to_contain_text(complaint.number)
    assert complaint.photos.count() == 1
    [message] = mail.outbox
    assert message.to == [order.email]
    assert complaint.number in message.subject
    assert [name for name, _c, kind in message.attachments] == [
        f"{complaint.number}-confirmation.pdf"
    ]


def test_the_complaint_pages_fit_a_phone_and_break_no_content_policy(phone_page, legal_texts):
    order = delivered_order()
    console_errors = []
    phone_page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    for url in (
        "/complaints/",
        "/out-of-court-settlement/",
        f"/complaints/new/{order.number}/?key=" + order_link(order).split("key=")[1],
    ):
        phone_page.goto(url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, url
    phone_page.get_by_role("button", name="Send the complaint").click()
    expect(phone_page.get_by_text("Please correct the fields marked below.")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert console_errors == []


def test_customer_care_answers_and_refunds_a_price_reduction(
    browser, live_server, shop_site, settings, client, fake_mollie, legal_texts
):
    import datetime
    import importlib
    from decimal import Decimal

    from django.apps import apps
    from django.utils import timezone

    from tests.orders.refund_steps import paid_order as paid_through_mollie
    from tests.orders.staff_factories import staff_member

    from .complaint_factories import filed

    settings.SITE_URL = live_server.url
    # A transactional test empties the tables: the roles' data migrations run again.
    for module in (
        "orders.migrations.0008_pipeline_staff_roles",
        "orders.migrations.0010_roles_attention_and_paperwork",
        "complaints.migrations.0002_complaint_roles",
    ):
        importlib.import_module(module).forwards(apps, None)
    order = paid_through_mollie(client, fake_mollie)
    order.delivered_on = timezone.localdate() - datetime.timedelta(days=3)
    order.save(update_fields=["delivered_on"])
    complaint = filed(order)
    care = staff_member("care@cestmoi.rs", role="Customer care")
    authenticator = totp_authenticator(care)

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff = context.new_page()
    staff.set_default_timeout(10_000)
    try:
        sign_in_in_browser(
            staff, email=care.email, password="staff-pass-1234", authenticator=authenticator
        )
        staff.goto(f"/admin/complaints/complaint/{complaint.pk}/change/")

        staff.get_by_role("link", name="Answer").click()
        staff.get_by_label("Accepted", exact=True).check()
        staff.get_by_label("Response to the consumer's request").fill("A scratch on the band.")
        staff.get_by_label("Concrete proposal (when accepted)").fill("1,000.00 RSD back.")
        staff.locator("input[type=submit].default").click()
        expect(staff.locator(".messagelist")).to_contain_text("recorded")

        staff.get_by_role("link", name="Record the consumer's reply").click()
        staff.get_by_label("Agreed", exact=True).check()
        staff.locator("input[type=submit].default").click()

        staff.get_by_role("link", name="Resolve").click()
        staff.get_by_label("Price reduced", exact=True).check()
        staff.get_by_label("Amount to refund, RSD (price reduction or termination)").fill("1000")
        staff.locator("input[type=submit].default").click()
        expect(staff.locator(".messagelist")).to_contain_text("recorded")
        expect(staff.locator(".pipeline h2").first).to_contain_text("Resolved")
    finally:
        context.close()

    complaint.refresh_from_db()
    assert complaint.state == "resolved"
    [refund] = order.refunds.all()
    assert refund.amount_rsd == Decimal("1000.00")
    assert [m.subject for m in mail.outbox if complaint.number in m.subject] == [
        f"We received your complaint {complaint.number}",
        f"Our answer to your complaint {complaint.number}",
    ]
