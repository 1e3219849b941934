"""A guest asks for a copy of her data in Chromium, confirms from the e-mail link, the privacy
officer approves in admin, and the guest downloads a ZIP whose JSON holds her orders and
nobody else's."""

import importlib
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.core import mail
from playwright.sync_api import expect

from privacy.models import DataRequest
from tests.accounts.second_factor import sign_in_in_browser, totp_authenticator
from tests.orders.factories import paid_order
from tests.orders.staff_factories import STAFF_PASSWORD, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUEST = "vesna@example.rs"


def _link(message, pattern):
    return re.search(rf"https?://\S*{pattern}\S*", message.body).group(0)


def test_a_guest_exports_her_data_through_the_e_mail_link(
    page, browser, live_server, settings, legal_texts
):
    settings.SITE_URL = live_server.url
    # A transactional test empties the tables: the role's data migrations run again.
    for module in (
        "orders.migrations.0008_pipeline_staff_roles",
        "privacy.migrations.0002_privacy_officer_role",
    ):
        importlib.import_module(module).forwards(apps, None)
    first, second = paid_order(email=GUEST), paid_order(email=GUEST)
    stranger = paid_order(email="stranger@example.rs")

    page.goto("/privacy/")
    page.get_by_label("Send me a copy of my data (JSON and PDF)").check()
    page.locator("main").get_by_label("Your e-mail address").fill(GUEST)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("status")).to_contain_text("We sent you an e-mail with a link")

    [confirmation] = mail.outbox
    assert confirmation.to == [GUEST]
    page.goto(_link(confirmation, "/privacy/confirm/"))
    page.get_by_role("button", name="Yes, this is my request").click()
    expect(page.locator(".request-state")).to_have_text("Received")
    data_request = DataRequest.objects.get()

    officer = staff_member("dpo@cestmoi.rs", role="Privacy officer")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff = context.new_page()
    staff.set_default_timeout(10_000)
    try:
        sign_in_in_browser(
            staff,
            email=officer.email,
            password=STAFF_PASSWORD,
            authenticator=totp_authenticator(officer),
        )
        staff.goto("/admin/privacy/datarequest/")
        staff.get_by_role("link", name=data_request.reference).click()
        staff.get_by_role("link", name="Approve and prepare the export").click()
        staff.locator("input[type=submit].default").click()
        expect(staff.locator(".messagelist")).to_contain_text("done")
    finally:
        context.close()

    answer = mail.outbox[-1]
    assert answer.to == [GUEST]
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url }", _link(answer, "/privacy/export/"))
    archive = zipfile.ZipFile(download_info.value.path())
    data = json.loads(archive.read("personal-data.json"))["data"]
    assert sorted(order["number"] for order in data["orders.Order"]) == sorted(
        [first.number, second.number]
    )
    assert {order["email"] for order in data["orders.Order"]} == {GUEST}
    assert stranger.number not in json.dumps(data)
    assert archive.read("personal-data.pdf").startswith(b"%PDF")


def test_the_privacy_center_fits_a_phone_and_breaks_no_content_policy(phone_page, legal_texts):
    console_errors = []
    phone_page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    phone_page.goto("/privacy/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.get_by_role("button", name="Send the request").click()
    expect(phone_page.get_by_text("This field is required.").first).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert console_errors == []
