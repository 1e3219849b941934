"""Staff sign-in with the second factor the shop requires (accounts/middleware.py), through
allauth's own TOTP: an authenticator app set up as allauth stores it, its codes computed from the
stored secret, and sessions that passed it."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.http import HttpRequest
from django.urls import reverse

from accounts.services import second_factor_passed


def enroll_totp(user) -> Authenticator:
    """The staff member's authenticator app, as allauth's activation stores it."""
    return TOTP.activate(user, generate_totp_secret()).instance


def totp_authenticator(user) -> Authenticator:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or enroll_totp(user)


def totp_code(authenticator: Authenticator, *, periods_ahead: int = 0) -> str:
    """The code the app shows now (RFC 6238, allauth's own functions and stored secret). Near
    the end of a period it waits for the next one, so the code is still good when it arrives."""
    period = app_settings.TOTP_PERIOD
    if periods_ahead == 0 and period - time.time() % period < 3:
        time.sleep(3)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // period + periods_ahead))


def staff_login(client, user) -> None:
    """`client.force_login` for staff: signed in, and this session recorded by allauth as having
    passed the authenticator app (set up first if the staff member has none)."""
    authenticator = totp_authenticator(user)
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    second_factor_passed(request=request, authenticator=authenticator)
    request.session.save()


def sign_in_in_browser(page, *, email, password, authenticator, next_url="/admin/"):
    """Through the admin's login address: allauth's sign-in page, then the app's code."""
    page.goto(f"/admin/login/?next={next_url}")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    page.locator("#id_code").fill(totp_code(authenticator))
    page.get_by_role("button", name="Sign In").click()
