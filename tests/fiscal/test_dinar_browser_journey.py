"""Issue 14's journey in Chromium: a guest pays in dinars on the fake bank's hosted page
(DinaCard, 3-D Secure approved); the order is paid and the bank charged exactly its dinar total,
to the para; the advance receipt is issued by the fake V-SDC and e-mailed with its verification
link; an order manager signs in with the second factor and refunds part of the order in admin;
the bank credits it and the refund receipt (an advance refund, the parcel has not left) refers
to the advance receipt."""

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from playwright.sync_api import expect

from fiscal.models import FiscalReceipt
from orders.models import FulfilmentStatus, MoneyStatus, Order
from tests.accounts.second_factor import enroll_totp, sign_in_in_browser
from tests.orders.browser_steps import fill_address
from tests.orders.factories import courier, ring, todays_rate
from tests.orders.staff_factories import STAFF_PASSWORD, staff_member
from tests.redis_server import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOTAL = Decimal("5440.37")  # the ring 4,990.37 + Post Express 450.00
REFUND = Decimal("1000.37")
RECEIPT_SUBJECT = "Your fiscal receipt for order"
ROLE_MIGRATIONS = (
    "orders.migrations.0008_pipeline_staff_roles",
    "orders.migrations.0010_roles_attention_and_paperwork",
    "fiscal.migrations.0002_fiscal_staff_roles",
)


@pytest.fixture
def shop_online(settings, live_server, fake_bank, fake_vsdc, legal_texts):
    """As in tests/orders/test_bank_browser.py: the bank calls the shop back at the live test
    server; a ring at 4,990.37 RSD, Post Express at 450.00 RSD."""
    settings.SITE_URL = live_server.url
    todays_rate("117.2000")
    courier(name="Post Express", price="450.00")
    return ring(price="4990.37", stock=2, sizes=("54",))


def receipt_emails(mailoutbox):
    return [m for m in mailoutbox if m.subject.startswith(RECEIPT_SUBJECT)]


def issued_at_vsdc(fake_vsdc, receipt):
    (invoice,) = [
        i for i in fake_vsdc.invoices() if i["response"]["invoiceNumber"] == receipt.invoice_number
    ]
    return invoice


def test_guest_pays_in_dinars_gets_receipts_and_staff_refund_part(
    page, browser, live_server, shop_online, fake_bank, fake_vsdc, mailoutbox, legal_texts
):
    (ring_54,) = shop_online
    # --- the guest buys and pays on the bank's page ------------------------------------------
    page.goto(ring_54.product.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator(".cart-count")).to_contain_text("1")
    page.get_by_role("link", name="Proceed to checkout").click()
    fill_address(page)
    page.get_by_label(re.compile("Post Express")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You will be charged 5,440.37 RSD")).to_be_visible()
    page.get_by_label("I have read and agree to the Terms of Use").check()
    page.get_by_role("button", name="CONTINUE").click()
    page.get_by_role("button", name="CONFIRM ORDER").click()

    expect(page).to_have_url(fake_bank.gateway_url)
    expect(page.locator("#amount")).to_have_text("5440.37 RSD")
    page.get_by_label("Card brand").select_option("DinaCard")
    page.get_by_role("button", name="Pay (3-D Secure approved)").click()

    expect(page.locator(".order-status")).to_contain_text("Paid")
    expect(page.get_by_text("Card charge: 5,440.37 RSD, in dinars.")).to_be_visible()
    order = Order.objects.get()
    assert (order.status, order.total) == (FulfilmentStatus.PAID, TOTAL)
    # What the bank charged: the order's dinar total exactly, to the para.
    [at_bank] = fake_bank.snapshot().values()
    assert (at_bank["status"], at_bank["brand"]) == ("C", "DinaCard")
    assert Decimal(at_bank["amount"]) == order.total
    assert order.payments.get().amount_charged == TOTAL
    assert [call["status"] for call in fake_bank.callbacks] == [200]

    # --- the advance receipt, e-mailed with its verification link ----------------------------
    wait_until(lambda: receipt_emails(mailoutbox), what="the advance receipt's e-mail")
    advance = FiscalReceipt.objects.get(order=order)
    assert (advance.kind, advance.total_amount) == ("advance_sale", TOTAL)
    at_vsdc = issued_at_vsdc(fake_vsdc, advance)
    assert (at_vsdc["request"]["invoiceType"], at_vsdc["request"]["transactionType"]) == (
        "Advance",
        "Sale",
    )
    assert at_vsdc["request"]["payment"] == [{"amount": 5440.37, "paymentType": "Card"}]
    verification_url = at_vsdc["response"]["verificationUrl"]
    assert verification_url.startswith(fake_vsdc.url)
    (email,) = receipt_emails(mailoutbox)
    assert email.to == ["jelena@example.rs"]
    assert email.subject == f"Your fiscal receipt for order {order.number}"
    assert f"Check it with the Tax Administration: {verification_url}" in email.body
    assert "АВАНС ПРОДАЈА" in email.body and "Укупан износ: 5440.37" in email.body
    assert f'href="{verification_url}"' in email.alternatives[0][0]

    # The order page lists the receipt with its link (after the e-mail: reload to be sure).
    page.reload()
    receipts = page.locator(".fiscal-receipts")
    expect(receipts).to_contain_text(f"Advance sale {advance.invoice_number} · RSD 5,440.37")
    receipts.locator("summary").click()  # the receipt opens: its text, QR code and link
    expect(receipts.locator(".fiscal-journal")).to_contain_text(advance.invoice_number)
    expect(
        receipts.get_by_role("link", name="Check it with the Tax Administration")
    ).to_have_attribute("href", verification_url)

    # --- an order manager refunds part of it in admin ----------------------------------------
    for module in ROLE_MIGRATIONS:
        importlib.import_module(module).forwards(apps, None)
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
        fiscal = staff.locator("#fiscal-title").locator("xpath=..")
        expect(fiscal.locator("tbody tr")).to_have_count(1)
        expect(fiscal).to_contain_text(advance.invoice_number)

        staff.get_by_role("link", name="Refund…").click()
        expect(staff.get_by_text("Still refundable: RSD 5,440.37")).to_be_visible()
        staff.get_by_label("Amount to refund (RSD)").fill(str(REFUND))
        staff.get_by_label("Reason").fill("One stone was chipped")
        staff.get_by_role("button", name="Continue").click()
        expect(staff.locator(".refund-confirm")).to_contain_text(
            "Refund RSD 1,000.37 to the customer's card?"
        )
        staff.get_by_role("button", name="Yes, refund").click()
        expect(staff.locator(".messagelist")).to_contain_text(
            "Refund of RSD 1,000.37 sent to the bank; it is refunded."
        )

        wait_until(
            lambda: FiscalReceipt.objects.filter(order=order, kind="advance_refund").exists(),
            what="the refund receipt",
        )
        refund_receipt = FiscalReceipt.objects.get(order=order, kind="advance_refund")
        staff.reload()
        rows = fiscal.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(1)).to_contain_text("Advance refund")
        expect(rows.nth(1)).to_contain_text(refund_receipt.invoice_number)
        expect(rows.nth(1)).to_contain_text("1,000.37")
    finally:
        context.close()

    # The bank gave back exactly the refund, in dinars.
    [at_bank] = fake_bank.snapshot().values()
    assert [credit["amount"] for credit in at_bank["credits"]] == [REFUND]
    order.refresh_from_db()
    assert (order.status, order.money_status) == (
        FulfilmentStatus.PAID,
        MoneyStatus.PARTIALLY_REFUNDED,
    )

    # The refund receipt refers to the advance receipt, by number and time.
    assert refund_receipt.total_amount == REFUND
    assert refund_receipt.intent.references == advance.intent
    refund_at_vsdc = issued_at_vsdc(fake_vsdc, refund_receipt)["request"]
    assert (refund_at_vsdc["invoiceType"], refund_at_vsdc["transactionType"]) == (
        "Advance",
        "Refund",
    )
    assert refund_at_vsdc["referentDocumentNumber"] == advance.invoice_number
    assert refund_at_vsdc["referentDocumentDT"] == advance.sdc_date_time_text
    assert refund_at_vsdc["payment"] == [{"amount": 1000.37, "paymentType": "Card"}]

    # The customer receives it too: its text names the advance receipt.
    wait_until(lambda: len(receipt_emails(mailoutbox)) == 2, what="the refund receipt's e-mail")
    refund_email = receipt_emails(mailoutbox)[1]
    assert refund_email.to == ["jelena@example.rs"]
    assert refund_receipt.verification_url in refund_email.body
    assert refund_receipt.verification_url != verification_url
    assert "АВАНС РЕФУНДАЦИЈА" in refund_email.body
    assert f"Реф. број: {advance.invoice_number}" in refund_email.body
    assert "Укупан износ: 1000.37" in refund_email.body

    page.reload()
    expect(page.locator(".order-status")).to_contain_text("Partially refunded")
    expect(page.locator(".fiscal-receipts summary")).to_have_text(
        [
            re.compile(rf"Advance sale {advance.invoice_number} · RSD 5,440\.37"),
            re.compile(rf"Advance refund {refund_receipt.invoice_number} · RSD 1,000\.37"),
        ]
    )
    assert len(fake_vsdc.invoices()) == 2
