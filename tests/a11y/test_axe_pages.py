"""axe-core in Chromium on every page a shopper meets, in English, Serbian Latin and Serbian
Cyrillic (as a visitor and signed in, with forms both empty and refused, with the message list
shown), and on the admin pages staff use daily. The shop's own pages must have no violation of
any impact; the admin (Django's own markup with our customisations) none serious or critical.

One world of data and one browser context per kind of visitor: the languages only change the
`django_language` cookie, so the whole check stays within a few minutes."""

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Address, User
from contact.services import contact_message_receive
from privacy.models import RequestKind
from privacy.services.papers import confirmation_token, follow_link
from privacy.services.requests import request_file
from tests.accounts.second_factor import staff_login
from tests.catalog.factories import (
    CategoryFactory,
    CollectionFactory,
    ExchangeRateFactory,
    photo_for,
    product_with_variant,
    stored_photo,
)
from tests.complaints.complaint_factories import filed
from tests.complaints.withdrawal_factories import withdrawn
from tests.orders.factories import courier, paid_order
from tests.orders.staff_factories import STAFF_PASSWORD, staff_member

from .axe import SERIOUS, axe_violations, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "sr-latn", "sr")
CUSTOMER_EMAIL = "milica@example.rs"
# Words of any English sentence and of no Serbian one: on a Serbian page they show a string
# nobody translated (or marked for translation).
ENGLISH = re.compile(r"\b(the|your|you|and|with|please|this|from|have|will|are|for|is|of)\b", re.I)


@pytest.fixture
def world(settings, legal_texts):
    """A small shop with a photo'd ring, a customer with an address, a paid order, a complaint,
    a withdrawal and a data request about it, and a staff member with every role."""
    settings.ROOT_URLCONF = "tests.catalog.media_urls"
    rings = CategoryFactory(name_en="Rings", name_sr_latn="Prstenje", slug="rings")
    ring = product_with_variant(
        category=rings,
        slug="garnet-ring",
        name_en="Garnet Ring",
        name_sr_latn="Prsten sa granatom",
        description_en="A silver ring set with a deep red garnet.",
        description_sr_latn="Srebrni prsten sa tamnocrvenim granatom.",
        price=Decimal("4990.00"),
        stock=20,
    )
    photo_for(ring, stored_photo("ring", size=300))
    ring.collections.add(CollectionFactory(name_en="Gifts", name_sr_latn="Pokloni", slug="gifts"))
    ExchangeRateFactory(date=timezone.localdate(), eur_rsd=Decimal("117.2000"))
    courier()

    customer = User.objects.create_user(
        email=CUSTOMER_EMAIL, password="customer-pass-1234", full_name="Milica Janković"
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=customer, email=CUSTOMER_EMAIL, verified=True, primary=True)
    address = Address.objects.create(
        user=customer,
        name="Milica Janković",
        street="Cara Dušana 77",
        city="Novi Sad",
        postal_code="21000",
        phone="+381651112233",
        is_default=True,
    )
    order = paid_order(email=CUSTOMER_EMAIL, user=customer)
    complaint = filed(order)
    # What she wrote is on her pages and staff's as she wrote it: in Serbian, like the pages.
    complaint.__class__.objects.filter(pk=complaint.pk).update(
        description="Kopča je pukla posle nedelju dana."
    )
    statement = withdrawn(order)
    data_request = request_file(
        kind=RequestKind.ACCESS,
        email=CUSTOMER_EMAIL,
        details="",
        user=customer,
        language="en",
        now=timezone.now(),
    )
    for migration in ("0008_pipeline_staff_roles", "0010_roles_attention_and_paperwork"):
        importlib.import_module(f"orders.migrations.{migration}").forwards(apps, None)
    staff = staff_member("boss@cestmoi.rs", superuser=True)
    message = contact_message_receive(
        name="Milica Janković",
        email=CUSTOMER_EMAIL,
        subject="My order",
        body="When does it arrive?",
        language="en",
        user=customer,
        now=timezone.now(),
    )
    return {
        "product": ring,
        "message": message,
        "customer": customer,
        "address": address,
        "order": order,
        "complaint": complaint,
        "statement": statement,
        "data_request": data_request,
        "staff": staff,
    }


def signed_in_context(browser, live_server, user, *, staff=False):
    """A browser context carrying the session a Django test client opened for the user."""
    client = Client()
    if staff:
        staff_login(client, user)
    else:
        client.force_login(user)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context


def speak(context, live_server, language):
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


class Checker:
    """Visits pages and keeps axe's violations, each named by page and language."""

    def __init__(self, page, language):
        self.page = page
        self.language = language
        self.violations = []
        self.english = []
        self.pages = 0

    def check(self, name):
        assert self.page.locator("html").get_attribute("lang") == self.language, name
        self.violations += axe_violations(self.page, f"{name} [{self.language}]")
        if self.language != "en":
            text = self.page.locator("body").inner_text()
            self.english += [
                f"{name} [{self.language}]: {line.strip()}"
                for line in text.splitlines()
                if ENGLISH.search(line)
            ]
        self.pages += 1

    def visit(self, name, url, status=200):
        response = self.page.goto(url)
        assert response.status == status, f"{name} {url}: {response.status}"
        self.check(name)

    def sent(self, page_name, url, **values):
        """The page's form filled in (fields by name) and sent: the page that thanks for it."""
        self.page.goto(url)
        form = self.page.locator("main form[method=post]").last
        for field, value in values.items():
            form.locator(f"[name={field}]").fill(value)
        with self.page.expect_navigation() as sending:
            form.locator("button[type=submit], input[type=submit]").last.click()
        assert sending.value.status == 200, page_name
        self.check(page_name)

    def refused(self, name, url):
        """The page's form sent empty (the browser's own checks off): the errors it shows."""
        self.page.goto(url)
        form = self.page.locator("main form[method=post]").last
        form.evaluate("form => { form.noValidate = true; }")
        with self.page.expect_navigation():
            form.locator("button[type=submit], input[type=submit]").last.click()
        self.check(f"{name} (refused)")


def visitor_pages(checker: Checker, world):
    visit = checker.visit
    visit("home", "/")
    visit("category", "/category/rings/")
    visit("collection", "/collection/gifts/")
    visit("product", "/product/garnet-ring/")
    visit("search with hits", "/search/?q=garnet")
    visit("search without hits", "/search/?q=zzzzzz")
    visit("empty cart", "/cart/")
    for kind in ("terms-of-service", "data-protection-rules", "privacy-policy"):
        visit(f"legal: {kind}", f"/legal/{kind}/")
    visit("out-of-court settlement", "/out-of-court-settlement/")
    visit("contact", "/contact/")
    visit("contact form", "/contact/write/")
    visit("contests", "/contests/")
    visit("complaints", "/complaints/")
    visit("complaint form", "/complaints/new/")
    visit("withdrawal", "/withdraw/")
    visit("withdrawal form", "/withdraw/new/")
    visit("privacy center", "/privacy/")
    token = confirmation_token(world["data_request"])
    visit("data request confirmation", f"/privacy/confirm/{token}/")
    visit("data request status", follow_link(world["data_request"]))
    visit("newsletter", "/newsletter/")
    visit("sign in", "/accounts/login/")
    visit("sign up", "/accounts/signup/")
    visit("password reset", "/accounts/password/reset/")
    visit("not found", "/no-such-page/", status=404)
    reader = f"citalac-{checker.language}@example.rs"
    checker.sent("newsletter: check your inbox", "/newsletter/", email=reader)
    checker.sent(
        "contact: message sent", "/contact/write/", name="Ana", email=reader, body="Zdravo!"
    )
    checker.sent("password reset sent", "/accounts/password/reset/", email=reader)
    for name, url in (
        ("complaint form", "/complaints/new/"),
        ("withdrawal form", "/withdraw/new/"),
        ("contact form", "/contact/write/"),
        ("privacy center", "/privacy/"),
        ("newsletter", "/newsletter/"),
        ("sign in", "/accounts/login/"),
        ("sign up", "/accounts/signup/"),
    ):
        checker.refused(name, url)


def customer_pages(checker: Checker, world):
    visit, page = checker.visit, checker.page
    order, address = world["order"], world["address"]
    visit("account", "/account/")
    visit("profile", "/account/profile/")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    checker.check("profile saved, with a message")
    visit("addresses", "/account/addresses/")
    visit("new address", "/account/addresses/new/")
    visit("edit address", f"/account/addresses/{address.pk}/edit/")
    visit("delete address", f"/account/addresses/{address.pk}/delete/")
    visit("account orders", "/account/orders/")
    visit("account complaints", "/account/complaints/")
    visit("account withdrawals", "/account/withdrawals/")
    visit("e-mail addresses", "/accounts/email/")
    visit("password change", "/accounts/password/change/")
    visit("two-factor authentication", "/accounts/2fa/")
    visit("authenticator app set-up", "/accounts/2fa/totp/activate/")
    visit("privacy center (signed in)", "/privacy/")
    visit("newsletter (signed in)", "/newsletter/")
    visit("order", f"/orders/{order.number}/")
    visit("complaint for the order", f"/complaints/new/{order.number}/")
    visit("complaint filed", f"/complaints/{world['complaint'].number}/?filed")
    visit("withdrawal for the order", f"/withdraw/new/{order.number}/")
    visit("withdrawal sent", f"/withdraw/{world['statement'].number}/?sent")
    visit("data request (signed in)", f"/privacy/requests/{world['data_request'].public_id}/")

    page.goto("/product/garnet-ring/")
    page.locator("form.add-to-cart button[type=submit]").click()
    page.wait_for_url("**/cart/")
    checker.check("cart with a message")
    if checker.language == "en":  # the session keeps the steps for the other languages
        page.goto("/checkout/")
        checker.check("checkout: address")
        page.get_by_role("button", name="Continue").click()  # her saved address
        page.wait_for_url("**/checkout/delivery/")
        page.get_by_label("Post Express").check()
        checker.check("checkout: delivery")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/checkout/review/")
        checker.check("checkout: review")
    else:
        visit("checkout: address", "/checkout/")
        visit("checkout: delivery", "/checkout/delivery/")
        visit("checkout: review", "/checkout/review/")


def run_as(browser, live_server, world, pages, *, user=None, staff=False):
    if user is None:
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        context.set_default_timeout(10_000)
    else:
        context = signed_in_context(browser, live_server, user, staff=staff)
    found, english, count = [], [], 0
    try:
        page = context.new_page()
        for language in LANGUAGES:
            speak(context, live_server, language)
            checker = Checker(page, language)
            pages(checker, world)
            found += checker.violations
            english += checker.english
            count += checker.pages
    finally:
        context.close()
    return found, english, count


def test_shop_pages_have_no_accessibility_violations(browser, live_server, shop_site, world):
    visitor, visitor_english, visitor_count = run_as(browser, live_server, world, visitor_pages)
    customer, customer_english, customer_count = run_as(
        browser, live_server, world, customer_pages, user=world["customer"]
    )
    print(f"axe checked {visitor_count + customer_count} shop pages")
    violations = visitor + customer
    assert not violations, report(violations)
    assert visitor_english + customer_english == [], "English on Serbian pages"


def admin_pages(checker: Checker, world):
    order, complaint, statement = world["order"], world["complaint"], world["statement"]
    data_request, message = world["data_request"], world["message"]
    checker.visit("dashboard", "/admin/")
    for name, url in (
        ("orders", "/admin/orders/order/"),
        ("order", f"/admin/orders/order/{order.pk}/change/"),
        ("order move", f"/admin/orders/order/{order.pk}/move/in_preparation/"),
        ("complaints", "/admin/complaints/complaint/"),
        ("complaint", f"/admin/complaints/complaint/{complaint.pk}/change/"),
        ("answer a complaint", f"/admin/complaints/complaint/{complaint.pk}/step/answer/"),
        ("withdrawals", "/admin/complaints/withdrawalstatement/"),
        ("withdrawal", f"/admin/complaints/withdrawalstatement/{statement.pk}/change/"),
        ("data requests", "/admin/privacy/datarequest/"),
        ("data request", f"/admin/privacy/datarequest/{data_request.pk}/change/"),
        ("contact messages", "/admin/contact/contactmessage/"),
        ("contact message", f"/admin/contact/contactmessage/{message.pk}/change/"),
        ("products", "/admin/catalog/product/"),
        ("product", f"/admin/catalog/product/{world['product'].pk}/change/"),
    ):
        checker.visit(f"admin: {name}", url)


def staff_code_page(browser, live_server, staff):
    """The page that asks staff for their authenticator app's code after the password."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/admin/login/?next=/admin/")
        page.locator("#id_login").fill(staff.email)
        page.locator("#id_password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"**{reverse('mfa_authenticate')}*")
        checker = Checker(page, "en")
        checker.check("staff: authenticator code")
        return checker.violations
    finally:
        context.close()


def test_axe_finds_and_reports_violations(browser):
    """The check itself works: a page with a known fault is reported, selector and all."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>'
            '<img src="data:,"><ul role="status"><li>Saved</li></ul></main></body></html>'
        )
        violations = axe_violations(page, "broken page")
    finally:
        context.close()
    assert {v.rule for v in violations} == {"image-alt", "listitem", "aria-allowed-role"}
    assert "broken page: listitem (serious)" in report(violations)


def test_admin_pages_staff_use_daily_have_no_serious_accessibility_violations(
    browser, live_server, shop_site, world
):
    violations, english, count = run_as(
        browser, live_server, world, admin_pages, user=world["staff"], staff=True
    )
    violations += staff_code_page(browser, live_server, world["staff"])
    serious = [v for v in violations if v.impact in SERIOUS]
    print(f"axe checked {count} admin pages; {report(violations)}")
    assert not serious, report(serious)
    assert english == [], "English on Serbian pages"
