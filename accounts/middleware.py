"""Staff pages (Django admin and the staff downloads) open only to a staff session that has
passed a second factor, and a staff session lasts STAFF_SESSION_HOURS from sign-in.

A staff member without an authenticator app is sent to allauth's TOTP set-up; one with it, whose
session has not passed it (allauth records every authentication step in the session), is asked
for a code. Nothing here can be switched off: tests sign staff in through allauth's own flows.
"""

import datetime
import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .rules import staff_session_over

# When the staff member signed in (seconds since the epoch), set at sign-in (accounts/signals.py).
STAFF_SIGNED_IN_AT = "staff_signed_in_at"
# Where cestmoi/urls.py and orders/urls.py mount staff-only views besides the admin.
STAFF_DOWNLOADS_PATH = "/staff/"


def is_staff_page(path: str) -> bool:
    return path.startswith(("/" + settings.ADMIN_URL, STAFF_DOWNLOADS_PATH))


def passed_second_factor(request, user) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def _redirect(urlname: str, request) -> HttpResponseRedirect:
    # A refused POST is not replayed: the staff member lands on the page it came from.
    target = request.get_full_path() if request.method == "GET" else request.path
    return HttpResponseRedirect(f"{reverse(urlname)}?{urlencode({'next': target})}")


def _second_factor_refusal(request, user) -> HttpResponseRedirect | None:
    # The session's records first: a staff page that opens costs no query here. Staff cannot
    # remove their app (accounts/adapters.py), so a session that passed it stays good.
    if passed_second_factor(request, user):
        return None
    if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        messages.info(
            request,
            _(
                "Staff accounts need two-factor authentication. Set up an authenticator app "
                "to open the shop administration."
            ),
        )
        return _redirect("mfa_activate_totp", request)
    return _redirect("mfa_reauthenticate", request)


def staff_session_start(session, *, now: float) -> None:
    """At a staff member's sign-in: the staff session's clock starts."""
    session[STAFF_SIGNED_IN_AT] = now
    _cap_staff_session(session)


def _cap_staff_session(session) -> None:
    """The session (its cookie and its stored copy) ends when the staff session does, whatever
    allauth's "remember me" chose after the sign-in."""
    signed_in_at = session.get(STAFF_SIGNED_IN_AT)
    if signed_in_at is None:
        return
    ends = datetime.datetime.fromtimestamp(
        signed_in_at + settings.STAFF_SESSION_HOURS * 3600, tz=datetime.UTC
    )
    if session.get("_session_expiry") != ends.isoformat():
        session.set_expiry(ends)


def staff_second_factor(get_response):
    def middleware(request):
        staff_page = is_staff_page(request.path_info)
        signed_in_at = request.session.get(STAFF_SIGNED_IN_AT)
        # Customers' requests never load the user here: only a staff page or a staff session.
        if staff_page or signed_in_at is not None:
            user = request.user
            if user.is_authenticated and user.is_staff:
                if staff_session_over(
                    signed_in_at=signed_in_at,
                    now=time.time(),
                    hours=settings.STAFF_SESSION_HOURS,
                ):
                    logout(request)  # the admin then sends to the sign-in page
                elif staff_page and (refusal := _second_factor_refusal(request, user)):
                    return refusal
        response = get_response(request)
        _cap_staff_session(request.session)
        return response

    return middleware
