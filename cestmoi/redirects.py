from django.utils.http import url_has_allowed_host_and_scheme


def posted_next_or(request, default: str) -> str:
    """The posted `next` address when it stays on this shop, else `default` (no open redirect)."""
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
