"""A guest withdraws from one item of a delivered order in Chromium, in at most three clicks
from the order page, and receives the acknowledgement by e-mail with its PDF."""

import io

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cestmoi.formatting import local_date
from complaints.models import WithdrawalStatement
from orders.access import order_link

from .complaint_factories import delivered_order
from .withdrawal_factories import second_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_withdraws_from_one_item_in_three_clicks(page, settings, live_server, legal_texts):
    settings.SITE_URL = live_server.url
    order = delivered_order(days_ago=5)
    earrings = second_line(order)
    page.goto(order_link(order))
    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()

    click(page.get_by_role("link", name="Withdraw from Minđuše Sunce"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw from contract")
    expect(page.get_by_label("Name and surname")).to_have_value(order.full_name)
    expect(page.get_by_label("E-mail", exact=True)).to_have_value(order.email)
    expect(page.get_by_label("1 × Minđuše Sunce")).to_be_checked()
    expect(page.get_by_label("2 × Prsten Luna Veličina 54")).not_to_be_checked()
    click(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm withdrawal")
    assert not WithdrawalStatement.objects.exists()
    click(page.get_by_role("button", name="Confirm withdrawal"))

    statement = WithdrawalStatement.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Withdrawal {statement.number}")
    expect(page.get_by_role("status")).to_contain_text(statement.number)
    assert clicks <= 3
    [line] = statement.lines.all()
    assert line.order_line == earrings and line.accepted

    [message] = mail.outbox
    assert message.to == [order.email]
    assert statement.number in message.subject
    received = timezone.localtime(statement.received_at)
    assert f"on {local_date(received)} at {received:%H:%M:%S} under number {statement.number}" in (
        message.body
    )
    assert "1 × Minđuše Sunce SUNCE-1" in message.body
    [(filename, content, kind)] = message.attachments
    assert filename == f"{statement.number}-acknowledgement.pdf" and kind == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"Number: {statement.number}" in text
    assert f"Received on {local_date(received)} at {received:%H:%M:%S}" in text
    assert "Goods 1 × Minđuše Sunce SUNCE-1" in text
    assert "Prsten Luna" not in text
    assert "Đorđe Šćepanović Žarković" in text


def test_the_withdrawal_pages_fit_a_phone_and_break_no_content_policy(phone_page, legal_texts):
    order = delivered_order(days_ago=2)
    console_errors = []
    phone_page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    for url in ("/withdraw/", order_link(order)):
        phone_page.goto(url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, url
    phone_page.get_by_role("link", name="Withdraw from contract here").first.click()
    phone_page.get_by_role("button", name="Continue").click()
    expect(phone_page.get_by_role("button", name="Confirm withdrawal")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert console_errors == []
