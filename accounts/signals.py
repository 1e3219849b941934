import time

from allauth.account.signals import email_confirmed
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import staff_session_start
from .services import account_email_verified, second_factor_passed


@receiver(email_confirmed, dispatch_uid="accounts.email_confirmed")
def _email_confirmed(sender, request, email_address, **kwargs):
    account_email_verified(user=email_address.user, email=email_address.email)


@receiver(user_logged_in, dispatch_uid="accounts.staff_signed_in")
def _staff_signed_in(sender, request, user, **kwargs):
    # The staff session's clock (accounts/middleware.py) starts at every sign-in.
    if user.is_staff and request is not None:
        staff_session_start(request.session, now=time.time())


@receiver(authenticator_added, dispatch_uid="accounts.totp_activated")
def _totp_activated(sender, request, user, authenticator, **kwargs):
    # Activating the app takes a code from it: that session has passed the second factor.
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        second_factor_passed(request=request, authenticator=authenticator)
