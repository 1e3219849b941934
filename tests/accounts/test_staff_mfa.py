"""Staff accounts: the admin login goes through allauth (its rate limits), every staff account
needs an authenticator app (TOTP, with recovery codes) passed in the session before any admin
page opens, and staff sessions end sooner than customers'. Customers are not asked for it.

Codes are computed with allauth's own TOTP functions from the secret allauth stores."""

import datetime
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import STAFF_SIGNED_IN_AT
from orders.models import FulfilmentStatus, Order
from orders.services.documents import order_documents_issue
from tests.orders.factories import paid_order as paid_order_with_lines
from tests.orders.staff_factories import STAFF_PASSWORD, admin_pages, staff_member

from .factories import PASSWORD, VerifiedUserFactory
from .second_factor import enroll_totp, staff_login, totp_code

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
MFA_AUTHENTICATE = reverse("mfa_authenticate")
ACTIVATE_TOTP = reverse("mfa_activate_totp")
REAUTHENTICATE = reverse("mfa_reauthenticate")


def sign_in(client, email, password=STAFF_PASSWORD, next_url="/admin/"):
    return client.post(f"{LOGIN}?next={next_url}", {"login": email, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def owner():
    return staff_member("owner@cestmoi.rs", superuser=True)


# --- The admin login is allauth's ---------------------------------------------------------------


def test_the_admin_login_sends_to_allauths_sign_in_keeping_next(client, owner):
    response = client.get("/admin/login/?next=/admin/orders/order/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Forders%2Forder%2F"
    # Its old form takes nothing: posting the right password signs nobody in.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": owner.email, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert signed_in_user_id(client) is None
    # Any admin page sends an anonymous visitor the same way.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(LOGIN)


def test_the_admin_login_refuses_a_signed_in_customer(client):
    client.force_login(VerifiedUserFactory())
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_is_rate_limited(client, owner):
    enroll_totp(owner)
    for _ in range(5):
        response = sign_in(client, owner.email, "guess-guess-guess")
        assert "Too many failed login attempts" not in response.content.decode()
    response = sign_in(client, owner.email, "guess-guess-guess")
    assert "Too many failed login attempts" in response.content.decode()
    # Now not even the right password gets as far as the code.
    response = sign_in(client, owner.email)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_guessing_the_code_is_rate_limited_too(client, owner):
    authenticator = enroll_totp(owner)
    sign_in(client, owner.email)
    wrong = format_hotp_value((int(totp_code(authenticator)) + 1) % 1_000_000)
    for _ in range(5):
        client.post(MFA_AUTHENTICATE, {"code": wrong})
    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(authenticator)})
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user_id(client) is None


# --- No admin page without the second factor ----------------------------------------------------


def staff_pages():
    pages = admin_pages()
    invoice = order_documents_issue(order_id=paid_order_with_lines().pk)["invoice"]
    pages["admin index"] = "/admin/"
    pages["staff document download"] = reverse("orders:staff_document", args=(invoice.pk,))
    return pages


def test_staff_without_a_second_factor_open_no_admin_page(client, owner):
    pages = staff_pages()
    client.force_login(owner)  # signed in with the password alone
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"] == f"{ACTIVATE_TOTP}?next={url.replace('/', '%2F')}", name

    order = Order.objects.get(pk=pages["order move"].split("/")[4])
    response = client.post(pages["order move"], {"note": "sneaky"})
    assert response.status_code == 302
    assert response["Location"].startswith(ACTIVATE_TOTP)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    # The shop itself stays open to them.
    assert client.get(reverse("accounts:overview")).status_code == 200


def test_staff_with_an_app_whose_session_did_not_pass_it_are_asked_for_a_code(client, owner):
    enroll_totp(owner)
    pages = staff_pages()
    client.force_login(owner)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"] == f"{REAUTHENTICATE}?next={url.replace('/', '%2F')}", name
    response = client.post(pages["order move"])
    assert response["Location"].startswith(REAUTHENTICATE)


def test_password_then_code_opens_the_admin(client, owner):
    authenticator = enroll_totp(owner)
    pages = staff_pages()
    response = sign_in(client, owner.email)
    assert response["Location"] == MFA_AUTHENTICATE
    assert signed_in_user_id(client) is None  # the password alone signs nobody in
    assert client.get("/admin/").status_code == 302

    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(authenticator)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in_user_id(client) == str(owner.pk)
    opened = {name for name, url in pages.items() if client.get(url).status_code == 200}
    assert opened == set(pages)
    assert client.post(pages["order move"]).status_code == 302  # done, back to the order
    order = Order.objects.get(pk=pages["order move"].split("/")[4])
    assert order.status == FulfilmentStatus.IN_PREPARATION


def test_a_wrong_code_is_refused(client, owner):
    authenticator = enroll_totp(owner)
    sign_in(client, owner.email)
    right = totp_code(authenticator)
    wrong = format_hotp_value((int(right) + 1) % 1_000_000)
    response = client.post(MFA_AUTHENTICATE, {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302
    # A code of an earlier period is no good either.
    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(authenticator, periods_ahead=-2)})
    assert signed_in_user_id(client) is None


def test_a_used_code_cannot_be_used_again(client, owner):
    authenticator = enroll_totp(owner)
    code = totp_code(authenticator)
    sign_in(client, owner.email)
    client.post(MFA_AUTHENTICATE, {"code": code})
    assert signed_in_user_id(client) == str(owner.pk)
    client.post(reverse("account_logout"))

    sign_in(client, owner.email)
    response = client.post(MFA_AUTHENTICATE, {"code": code})
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_recovery_codes_work_once_each(client, owner):
    enroll_totp(owner)
    codes = RecoveryCodes.activate(owner).get_unused_codes()
    assert len(codes) == 10

    sign_in(client, owner.email)
    client.post(MFA_AUTHENTICATE, {"code": codes[0]})
    assert signed_in_user_id(client) == str(owner.pk)
    assert client.get("/admin/").status_code == 200
    client.post(reverse("account_logout"))

    sign_in(client, owner.email)
    response = client.post(MFA_AUTHENTICATE, {"code": codes[0]})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert signed_in_user_id(client) is None
    client.post(MFA_AUTHENTICATE, {"code": codes[1]})
    assert signed_in_user_id(client) == str(owner.pk)
    rc = Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    assert len(RecoveryCodes(rc).get_unused_codes()) == 8


def test_a_session_signed_in_with_the_password_passes_with_a_code(client, owner):
    authenticator = enroll_totp(owner)
    client.force_login(owner)
    response = client.get("/admin/orders/order/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    response = client.post(
        REAUTHENTICATE + "?next=/admin/orders/order/",
        {"code": totp_code(authenticator), "next": "/admin/orders/order/"},
    )
    assert response["Location"] == "/admin/orders/order/"
    assert client.get("/admin/orders/order/").status_code == 200


# Transactional: allauth marks the session after the activation's commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_new_staff_member_sets_up_the_app_and_then_opens_the_admin(client, shop_site, owner):
    sign_in(client, owner.email)
    assert signed_in_user_id(client) == str(owner.pk)
    response = client.get("/admin/", follow=True)
    # allauth asks for the password once more before an authenticator is added.
    assert response.redirect_chain[0][0] == f"{ACTIVATE_TOTP}?next=%2Fadmin%2F"
    if response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate")):
        response = client.post(
            response.redirect_chain[-1][0], {"password": STAFF_PASSWORD}, follow=True
        )
    assert response.request["PATH_INFO"] == ACTIVATE_TOTP
    page = response.content.decode()
    assert "two-factor authentication" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code, no inline script or style
    assert "style=" not in page

    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ACTIVATE_TOTP, {"code": code})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response["Location"]).content.decode()
    assert reverse("admin:index") in codes_page  # the way on to the administration
    # Setting the app up took a code from it: no second code for this session.
    assert client.get("/admin/").status_code == 200


def test_staff_cannot_switch_their_app_off(client, owner):
    staff_login(client, owner)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=owner, type=Authenticator.Type.TOTP).exists()


# --- Staff sessions end sooner ------------------------------------------------------------------


def test_a_staff_session_ends_hours_after_sign_in(client, owner):
    staff_login(client, owner)
    ends = timezone.now() + datetime.timedelta(hours=settings.STAFF_SESSION_HOURS)
    assert abs(client.session.get_expiry_date() - ends) < datetime.timedelta(minutes=1)
    assert client.get("/admin/").status_code == 200

    session = client.session
    session[STAFF_SIGNED_IN_AT] -= settings.STAFF_SESSION_HOURS * 3600 + 1
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_the_staff_session_length_is_a_setting(client, owner, settings):
    settings.STAFF_SESSION_HOURS = 1
    staff_login(client, owner)
    session = client.session
    session[STAFF_SIGNED_IN_AT] -= 3600 - 60
    session.save()
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[STAFF_SIGNED_IN_AT] -= 120
    session.save()
    assert client.get("/").status_code == 200
    assert signed_in_user_id(client) is None  # over on the shop's pages too


def test_remember_me_does_not_lengthen_a_staff_session(client, owner):
    authenticator = enroll_totp(owner)
    client.post(
        f"{LOGIN}?next=/admin/",
        {"login": owner.email, "password": STAFF_PASSWORD, "remember": "on"},
    )
    client.post(MFA_AUTHENTICATE, {"code": totp_code(authenticator)})
    client.get("/admin/")
    ends = timezone.now() + datetime.timedelta(hours=settings.STAFF_SESSION_HOURS)
    assert abs(client.session.get_expiry_date() - ends) < datetime.timedelta(minutes=1)


# --- Customers as before ------------------------------------------------------------------------


def test_customers_sign_in_with_the_password_alone_and_keep_long_sessions(client):
    customer = VerifiedUserFactory()
    response = sign_in(client, customer.email, PASSWORD, next_url="/account/")
    assert response["Location"] == "/account/"
    assert signed_in_user_id(client) == str(customer.pk)
    for name in ("accounts:overview", "accounts:orders", "accounts:profile", "accounts:addresses"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("orders:checkout_address")).status_code in (200, 302)
    assert STAFF_SIGNED_IN_AT not in client.session
    assert client.session.get_expiry_age() > 24 * 3600
    assert client.get("/admin/").status_code == 302  # the admin is not theirs, as before
