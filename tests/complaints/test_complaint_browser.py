"""A guest files a complaint with a photo in Chromium, from the order page's signed link, and
receives the register number on the page and by e-mail with the confirmation PDF."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from complaints.models import Complaint
from orders.access import order_link

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
