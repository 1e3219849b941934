"""The rate limit of the public forms (newsletter sign-up, contact, contests): allauth's
limiter, as orders' place_order uses it, per visitor's address and per e-mail address typed
(ACCOUNT_RATE_LIMITS in settings)."""

from allauth.core import ratelimit

from cestmoi.health import cache_is_working


def public_form_allowed(request, *, action: str, email: str) -> bool:
    # One address however it is written: Victim@Example.com is victim@example.com's inbox.
    if ratelimit.consume(request, action=action, key=email.strip().lower()):
        return True
    # The limiter fails closed when its cache is down; these forms need not stop with Redis.
    return not cache_is_working()
