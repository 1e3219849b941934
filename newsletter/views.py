"""Newsletter pages: sign-up, the double opt-in page, unsubscribing (also RFC 8058 one-click)
and the account's switch. Every answer about an address is the same whether or not it is on
the list."""

import re

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import consent_texts
from .forms import NewsletterSignupForm
from .limits import public_form_allowed
from .models import ConsentSource
from .services import (
    newsletter_confirm,
    newsletter_subscribe,
    newsletter_unsubscribe,
    newsletter_unsubscribe_address,
)

# Tokens are 43 URL-safe characters (secrets.token_urlsafe(32)); anything else is nobody's and
# never reaches the database (a NUL byte there would be an error, not an answer).
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _plausible(token: str) -> bool:
    return TOKEN_SHAPE.fullmatch(token) is not None


def subscribe(request):
    """The footer's form posts here; the page also shows the form on its own."""
    form = NewsletterSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not public_form_allowed(request, action="newsletter_subscribe", email=email):
            form.add_error(None, _("Too many sign-ups in a short time. Please try again later."))
            return render(request, "newsletter/subscribe.html", {"form": form}, status=429)
        newsletter_subscribe(
            email=email,
            language=get_language(),
            source=ConsentSource.FOOTER,
            user=request.user,
            now=timezone.now(),
        )
        return render(request, "newsletter/check_inbox.html", {"email": email})
    status = 400 if form.is_bound else 200
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def confirm(request, token):
    """The link in the confirmation e-mail opens this page; only its button (a POST) confirms,
    because mail scanners open every link they see."""
    if request.method == "POST":
        confirmed = _plausible(token) and newsletter_confirm(
            token=token, language=get_language(), now=timezone.now()
        )
        return render(request, "newsletter/confirmed.html", {"confirmed": confirmed})
    return render(
        request, "newsletter/confirm.html", {"consent_text": consent_texts.NEWSLETTER.text}
    )


@csrf_exempt
def unsubscribe(request, token):
    """The unsubscribe link (a page with a button) and the List-Unsubscribe one-click POST
    (RFC 8058: a POST with the body List-Unsubscribe=One-Click, no cookies, no CSRF token).
    Any POST unsubscribes at once; the answer is 200 and the same for an unknown token, so it
    tells nobody whether an address was subscribed."""
    if request.method == "POST":
        if _plausible(token):
            newsletter_unsubscribe(
                token=token,
                source=ConsentSource.EMAIL_LINK,
                language=get_language(),
                now=timezone.now(),
            )
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html")


def _address_verified(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@login_required
@require_POST
def account_subscribe(request):
    verified = _address_verified(request.user)
    newsletter_subscribe(
        email=request.user.email,
        language=get_language(),
        source=ConsentSource.ACCOUNT,
        user=request.user,
        address_verified=verified,
        now=timezone.now(),
    )
    if verified:
        messages.success(request, _("You are subscribed to the newsletter."))
    else:
        messages.success(request, _("Please confirm with the link we sent to your e-mail address."))
    return redirect("accounts:overview")


@login_required
@require_POST
def account_unsubscribe(request):
    newsletter_unsubscribe_address(
        email=request.user.email,
        source=ConsentSource.ACCOUNT,
        language=get_language(),
        now=timezone.now(),
    )
    messages.success(request, _("You are unsubscribed: you will receive no more newsletters."))
    return redirect("accounts:overview")
