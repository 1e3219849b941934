"""Who may open what: every route Django knows has a row here saying who may open it, and the
object pages (an order, its documents, a complaint, a withdrawal, a privacy request and its
export, an address, the staff's downloads and steps) are opened by each kind of visitor to
check that the row is true.

A new route without a row fails `test_every_route_has_a_row`, naming the route."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from complaints.services.complaints import CleanPhoto
from orders.models import DocumentKind
from orders.services.documents import order_documents_issue
from privacy.models import RequestKind
from privacy.services.papers import confirmation_token, download_token, follow_key
from privacy.services.requests import request_file
from tests.accounts.factories import AddressFactory, VerifiedUserFactory
from tests.accounts.second_factor import staff_login
from tests.complaints.complaint_factories import delivered_order, filed, jpeg_bytes
from tests.complaints.withdrawal_factories import withdrawn
from tests.orders.staff_factories import staff_member

# Who may open a route.
PUBLIC = "anyone"
LINK = "anyone holding the signed link or token in the address"
OWNER = "the signed-in owner, or a guest holding the order's signed link"
CUSTOMER = "a signed-in customer, about their own account"
AUTH = "allauth's own sign-in, sign-up, password and e-mail flows"
MFA = "a signed-in user, about their own second factor"
STAFF = "staff with the model permission and a passed second factor"
BUTTON = (
    "anyone: a page with a button (mail scanners open links); the POST acts on a valid token only "
    "and answers alike for an unknown one, telling nobody whether an address is subscribed"
)
PAYMENT = "the payment provider (the webhook reads the payment back from the provider)"
DEV = "served only by the development server (DEBUG); a proxy serves media in production"

# Django admin's own views of each registered model: the ModelAdmin permission checks apply, and
# tests/orders/test_staff_roles.py checks them role by role.
ADMIN_MODEL_VIEW = re.compile(
    r"^admin/\w+/\w+/(|add/|<path:object_id>/(|history/|delete/|change/))$"
)

ROUTES = {
    # The admin's shell and its extra views (each checks its own permission).
    "admin/": STAFF,
    "admin/login/": AUTH,
    "admin/logout/": AUTH,
    "admin/password_change/": STAFF,
    "admin/autocomplete/": STAFF,
    "admin/jsi18n/": STAFF,
    "admin/r/<path:content_type_id>/<path:object_id>/": STAFF,
    "admin/accounts/user/<id>/password/": STAFF,
    "admin/orders/order/<path:object_id>/refund/": STAFF,
    "admin/orders/order/<int:order_id>/move/<str:to>/": STAFF,
    "admin/orders/order/<int:order_id>/note/": STAFF,
    "admin/orders/order/<int:order_id>/delivery-date/": STAFF,
    "admin/orders/order/<int:order_id>/cancel-refund/": STAFF,
    "admin/orders/order/<int:order_id>/notify-courier/": STAFF,
    "admin/fiscal/fiscalreceipt/reconciliation/": STAFF,
    "admin/complaints/complaint/register/": STAFF,
    "admin/complaints/complaint/register.csv": STAFF,
    "admin/complaints/complaint/register.pdf": STAFF,
    "admin/complaints/complaint/receive/": STAFF,
    "admin/complaints/complaint/photo/<int:photo_id>/": STAFF,
    "admin/complaints/complaint/<int:complaint_id>/confirmation.pdf": STAFF,
    "admin/complaints/complaint/<int:complaint_id>/step/<str:step>/": STAFF,
    "admin/complaints/withdrawalstatement/receive/": STAFF,
    "admin/complaints/withdrawalstatement/<int:statement_id>/acknowledgement.pdf": STAFF,
    "admin/complaints/withdrawalstatement/<int:statement_id>/step/<str:step>/": STAFF,
    "admin/privacy/datarequest/<int:request_id>/step/<str:step>/": STAFF,
    "admin/^(?P<app_label>auth|sites|account|mfa|django_celery_beat|legal|accounts|catalog|paperwork|orders|fiscal|complaints|newsletter|contact|privacy)/$": STAFF,
    "admin/(?P<url>.*)$": STAFF,
    # allauth
    "accounts/login/": AUTH,
    "accounts/logout/": AUTH,
    "accounts/inactive/": AUTH,
    "accounts/signup/": AUTH,
    "accounts/reauthenticate/": AUTH,
    "accounts/reauthenticate/code/": AUTH,
    "accounts/reauthenticate/code/confirm/": AUTH,
    "accounts/email/": CUSTOMER,
    "accounts/confirm-email/": AUTH,
    "accounts/password/change/": CUSTOMER,
    "accounts/password/set/": CUSTOMER,
    "accounts/password/reset/": AUTH,
    "accounts/login/code/confirm/": AUTH,
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": LINK,
    "accounts/password/reset/key/done/": AUTH,
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": LINK,
    "accounts/password/reset/done/": AUTH,
    "accounts/2fa/": MFA,
    "accounts/2fa/authenticate/": AUTH,
    "accounts/2fa/reauthenticate/": MFA,
    "accounts/2fa/totp/activate/": MFA,
    "accounts/2fa/totp/deactivate/": MFA,
    "accounts/2fa/recovery-codes/": MFA,
    "accounts/2fa/recovery-codes/generate/": MFA,
    "accounts/2fa/recovery-codes/download/": MFA,
    # The customer's account
    "account/": CUSTOMER,
    "account/profile/": CUSTOMER,
    "account/addresses/": CUSTOMER,
    "account/addresses/new/": CUSTOMER,
    "account/addresses/<int:address_id>/edit/": CUSTOMER,
    "account/addresses/<int:address_id>/delete/": CUSTOMER,
    "account/addresses/<int:address_id>/default/": CUSTOMER,
    "account/orders/": CUSTOMER,
    "account/complaints/": CUSTOMER,
    "account/withdrawals/": CUSTOMER,
    "account/newsletter/subscribe/": CUSTOMER,
    "account/newsletter/unsubscribe/": CUSTOMER,
    # The shop's public pages and forms
    "i18n/setlang/": PUBLIC,
    "healthz/": PUBLIC,
    "robots.txt": PUBLIC,
    "favicon.ico": PUBLIC,
    "sitemap.xml": PUBLIC,
    "": PUBLIC,
    "category/<slug:slug>/": PUBLIC,
    "collection/<slug:slug>/": PUBLIC,
    "product/<slug:slug>/": PUBLIC,
    "search/": PUBLIC,
    "currency/": PUBLIC,
    "contact/": PUBLIC,
    "contact/write/": PUBLIC,
    "contests/": PUBLIC,
    "contests/<int:contest_id>/": PUBLIC,
    "legal/<slug:kind>/": PUBLIC,
    "legal/<slug:kind>/v<int:version>/": PUBLIC,
    "complaints/": PUBLIC,
    "complaints/form.pdf": PUBLIC,
    "complaints/new/": PUBLIC,
    "out-of-court-settlement/": PUBLIC,
    "withdraw/": PUBLIC,
    "withdraw/new/": PUBLIC,
    "withdraw/form.pdf": PUBLIC,
    "privacy/": PUBLIC,
    "newsletter/": PUBLIC,
    # The visitor's own cart and checkout (held in their session)
    "cart/": PUBLIC,
    "cart/add/": PUBLIC,
    "cart/lines/<int:line_id>/": PUBLIC,
    "checkout/": PUBLIC,
    "checkout/delivery/": PUBLIC,
    "checkout/review/": PUBLIC,
    "checkout/confirm/": PUBLIC,
    # One order and what hangs off it
    "orders/<order_number:number>/": OWNER,
    "orders/<order_number:number>/pay/": OWNER,
    "orders/<order_number:number>/documents/<int:document_id>/": OWNER,
    "complaints/form/<complaint_order_number:number>.pdf": OWNER,
    "complaints/new/<complaint_order_number:number>/": OWNER,
    "complaints/<complaint_number:number>/": OWNER,
    "complaints/<complaint_number:number>/confirmation.pdf": OWNER,
    "withdraw/new/<complaint_order_number:number>/": OWNER,
    "withdraw/<withdrawal_number:number>/": OWNER,
    "withdraw/<withdrawal_number:number>/acknowledgement.pdf": OWNER,
    "fiscal/receipts/<uuid:intent_id>/qr.gif": LINK,
    "staff/order-documents/<int:document_id>/": STAFF,
    # Links sent by e-mail
    "privacy/requests/<str:public_id>/": LINK,
    "privacy/confirm/<str:token>/": LINK,
    "privacy/export/<str:token>/": LINK,
    "newsletter/confirm/<str:token>/": BUTTON,
    "newsletter/unsubscribe/<str:token>/": BUTTON,
    # Payments
    "payments/webhook/": PAYMENT,
    "payments/bank/pay/<str:oid>/": LINK,
    "payments/bank/return/": PAYMENT,
    "payments/bank/callback/": PAYMENT,
    "^media/(?P<path>.*)$": DEV,
}


def all_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_route_has_a_row():
    routes = set(all_routes())
    without_row = sorted(r for r in routes if r not in ROUTES and not ADMIN_MODEL_VIEW.match(r))
    assert without_row == [], (
        "Routes without a row in ROUTES (say who may open them):\n" + "\n".join(without_row)
    )
    development_only = {route for route, who in ROUTES.items() if who == DEV}
    stale = sorted(set(ROUTES) - routes - development_only)
    assert stale == [], "Rows for routes that no longer exist:\n" + "\n".join(stale)


# What a visitor gets: the page, nothing (404/403: the object's existence is not confirmed),
# or the sign-in page.
OK, NO, LOGIN = "page", "refused", "sign-in"

VISITORS = (
    "owner", "other customer", "guest",
    "order manager", "customer care", "marketing", "privacy officer", "catalog editor",
)  # fmt: skip
STAFF_ROLES = {
    "order manager": "Order manager",
    "customer care": "Customer care",
    "marketing": "Marketing",
    "privacy officer": "Privacy officer",
    "catalog editor": "Catalog editor",
}

# GET of each object page, by visitor. Staff use the admin for customers' objects: the shop's
# own pages show an order to its owner only. A privacy request's status page opens for its
# signed-in owner (whatever key is in the address), or for whoever holds the e-mailed link (its
# key or token proves the address; another request's key opens nothing); the export is refused
# to anyone signed in as somebody else, staff included.
OBJECT_PAGES = [
    # url                                          owner  other  guest  orders care   market privacy catalog
    ("/orders/{order}/",                            OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/orders/{order}/documents/{invoice}/",        OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/complaints/form/{order}.pdf",                OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/complaints/new/{order}/",                    OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/complaints/{complaint}/",                    OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/complaints/{complaint}/confirmation.pdf",    OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/withdraw/new/{order}/",                      OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/withdraw/{withdrawal}/",                     OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/withdraw/{withdrawal}/acknowledgement.pdf",  OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/privacy/requests/{request}/",                OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/privacy/requests/{request}/?key={request_key}",
                                                    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("/privacy/requests/{request}/?key={other_request_key}",
                                                    OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO),
    ("/privacy/confirm/{confirm}/",                 OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("/privacy/export/{export}/",                   OK,    NO,    OK,    NO,    NO,    NO,    NO,    NO),
    ("/account/addresses/{address}/edit/",          OK,    NO,    LOGIN, NO,    NO,    NO,    NO,    NO),
    ("/staff/order-documents/{invoice}/",           LOGIN, LOGIN, LOGIN, OK,    OK,    NO,    NO,    NO),
    ("/admin/orders/order/{order_pk}/change/",      LOGIN, LOGIN, LOGIN, OK,    OK,    NO,    OK,    NO),
    ("/admin/complaints/complaint/{complaint_pk}/confirmation.pdf",
                                                    LOGIN, LOGIN, LOGIN, OK,    OK,    NO,    NO,    NO),
    ("/admin/complaints/complaint/photo/{photo}/",  LOGIN, LOGIN, LOGIN, OK,    OK,    NO,    NO,    NO),
    ("/admin/complaints/withdrawalstatement/{withdrawal_pk}/acknowledgement.pdf",
                                                    LOGIN, LOGIN, LOGIN, OK,    OK,    NO,    OK,    NO),
    ("/admin/privacy/datarequest/{request_pk}/change/",
                                                    LOGIN, LOGIN, LOGIN, NO,    NO,    NO,    OK,    NO),
]  # fmt: skip

# POST that changes something: nobody but the owner (checked last, the owner is not tried), or
# the staff role whose work it is. The admin steps get a form they refuse (nothing changes).
OBJECT_ACTIONS = [
    # url                                          other  guest  orders care   market privacy catalog
    ("/account/addresses/{address}/delete/",        NO,    LOGIN, NO,    NO,    NO,    NO,    NO),
    ("/account/addresses/{address}/default/",       NO,    LOGIN, NO,    NO,    NO,    NO,    NO),
    ("/admin/orders/order/{order_pk}/note/",        LOGIN, LOGIN, OK,    OK,    NO,    NO,    NO),
    ("/admin/complaints/complaint/{complaint_pk}/step/answer/",
                                                    LOGIN, LOGIN, NO,    OK,    NO,    NO,    NO),
    ("/admin/complaints/withdrawalstatement/{withdrawal_pk}/step/goods_back/",
                                                    LOGIN, LOGIN, NO,    OK,    NO,    NO,    NO),
    ("/admin/privacy/datarequest/{request_pk}/step/reject/",
                                                    LOGIN, LOGIN, NO,    NO,    NO,    OK,    NO),
]  # fmt: skip


def outcome(response) -> str:
    if response.status_code in (403, 404, 405):
        return NO
    if response.status_code == 302 and "login" in response["Location"]:
        return LOGIN
    if response.status_code in (200, 302):
        return OK
    return f"HTTP {response.status_code}"


@pytest.fixture
def world(db):
    owner = VerifiedUserFactory()
    order = delivered_order(email=owner.email, user=owner)
    invoice = order_documents_issue(order_id=order.pk)[DocumentKind.INVOICE]
    complaint = filed(order, photos=[CleanPhoto(name="clasp.jpg", jpeg=jpeg_bytes())])
    withdrawal = withdrawn(order)
    now = timezone.now()
    # The owner's export, ready for download, and a request someone else filed as a guest.
    data_request = request_file(
        kind=RequestKind.EXPORT, email=owner.email, details="", user=owner, language="en", now=now
    )
    data_request.export_file.save("export.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    data_request.export_expires_at = now + datetime.timedelta(days=7)
    data_request.save()
    other_request = request_file(
        kind=RequestKind.ACCESS,
        email="else@example.rs",
        details="",
        user=None,
        language="en",
        now=now,
    )
    ids = {
        "order": order.number,
        "order_pk": order.pk,
        "invoice": invoice.pk,
        "complaint": complaint.number,
        "complaint_pk": complaint.pk,
        "photo": complaint.photos.get().pk,
        "withdrawal": withdrawal.number,
        "withdrawal_pk": withdrawal.pk,
        "address": AddressFactory(user=owner).pk,
        "request": data_request.public_id,
        "request_pk": data_request.pk,
        "request_key": follow_key(data_request),
        "other_request_key": follow_key(other_request),
        "confirm": confirmation_token(data_request),
        "export": download_token(data_request),
    }
    clients = {name: Client() for name in VISITORS}
    clients["owner"].force_login(owner)
    clients["other customer"].force_login(VerifiedUserFactory())
    for name, role in STAFF_ROLES.items():
        staff_login(clients[name], staff_member(f"{name.split()[0]}@cestmoi.rs", role=role))
    return ids, clients


def test_each_visitor_opens_only_the_object_pages_their_row_allows(world):
    ids, clients = world
    wrong = []
    for url, *expected in OBJECT_PAGES:
        for visitor, want in zip(VISITORS, expected, strict=True):
            got = outcome(clients[visitor].get(url.format(**ids)))
            if got != want:
                wrong.append(f"GET {url} as {visitor}: {got}, the table says {want}")
    for url, *expected in OBJECT_ACTIONS:
        for visitor, want in zip(VISITORS[1:], expected, strict=True):
            got = outcome(clients[visitor].post(url.format(**ids), {"text": "x"}))
            if got != want:
                wrong.append(f"POST {url} as {visitor}: {got}, the table says {want}")
    assert wrong == [], "\n".join(wrong)


# Made-up values for the routes' parameters: a real object where the world has one, else
# something that exists nowhere.
def concrete(route: str, ids: dict) -> str:
    made_up = {
        "object_id": ids["order_pk"],
        "order_id": ids["order_pk"],
        "complaint_id": ids["complaint_pk"],
        "statement_id": ids["withdrawal_pk"],
        "request_id": ids["request_pk"],
        "document_id": ids["invoice"],
        "photo_id": ids["photo"],
        "content_type_id": 1,
        "id": 1,
        "step": "answer",
        "to": "in_preparation",
        "public_id": "made-up",
        "token": "made-up",
        "oid": "made-up",
        "intent_id": "00000000-0000-4000-8000-000000000000",
    }
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(made_up[m[1]]), route)


def plain_routes(who: str) -> list[str]:
    """The routes of one row kind that are not regular expressions (those are allauth's and
    the admin's catch-alls)."""
    return [route for route, row in ROUTES.items() if row == who and "(?P<" not in route]


def test_guests_and_customers_are_sent_to_sign_in_by_every_staff_route(world):
    ids, clients = world
    wrong = []
    for route in plain_routes(STAFF):
        url = concrete(route, ids)
        for visitor in ("guest", "owner"):
            for method in ("get", "post"):
                got = outcome(getattr(clients[visitor], method)(url))
                # A view that takes GET only refuses a POST before it asks who is there.
                if got != LOGIN and not (method == "post" and got == NO):
                    wrong.append(f"{method.upper()} {url} as {visitor}: {got}")
    assert wrong == [], "\n".join(wrong)


def test_a_made_up_link_opens_nothing(world):
    ids, clients = world
    wrong = []
    for route in plain_routes(LINK):
        url = concrete(route, ids)
        got = outcome(clients["guest"].get(url))
        if got != NO:
            wrong.append(f"GET {url} as guest: {got}")
    assert wrong == [], "\n".join(wrong)
