"""Rate limits of the public complaint and withdrawal forms, through allauth's limiter like
checkout's "place_order" (ACCOUNT_RATE_LIMITS in settings: per visitor's address and per
e-mail address). What a limited submission does is the view's choice; it is never dropped
silently."""

from allauth.core import ratelimit

from cestmoi.health import cache_is_working


def submission_allowed(request, *, action: str, email: str) -> bool:
    if ratelimit.consume(request, action=action, key=email.strip().lower()):
        return True
    # The limiter fails closed when its cache is down; consumers' rights must not stop with
    # Redis, so a broken cache lets everything through.
    return not cache_is_working()
