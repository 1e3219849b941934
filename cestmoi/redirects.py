from django.utils.http import url_has_allowed_host_and_scheme


def posted_next_or(request, default: str) -> str:
    """The posted `next` address when it is a path on this shop, else `default`: never another
    site (no open redirect), and never text such as `true` that `redirect()` would try to
    reverse as a URL name (NoReverseMatch, a server error)."""
    target = request.POST.get("next") or ""
    is_path = target.startswith("/") and target.isprintable()
    if is_path and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
