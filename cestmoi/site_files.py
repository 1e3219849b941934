"""The files crawlers and browsers ask for at fixed addresses: /robots.txt and /favicon.ico."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Pages that are a person's own (cart, checkout, orders, account, complaints and withdrawals,
# privacy requests) or endless variations of others (search, switches): never indexed. The
# complaints and withdrawal information pages stay crawlable.
ROBOTS_DISALLOWED = (
    "/cart/",
    "/checkout/",
    "/orders/",
    "/payments/",
    "/account/",
    "/accounts/",
    "/complaints/",
    "/withdraw/",
    "/privacy/",
    "/search/",
    "/currency/",
    "/i18n/",
)
ROBOTS_ALLOWED = ("/complaints/$", "/withdraw/$")
DEFAULT_ADMIN_URL = "admin/"


@require_GET
@cache_control(public=True, max_age=86_400)
def robots_txt(request):
    disallowed = list(ROBOTS_DISALLOWED)
    # A custom ADMIN_URL is meant to be unguessable: robots.txt must not publish it.
    if settings.ADMIN_URL == DEFAULT_ADMIN_URL:
        disallowed.append(f"/{DEFAULT_ADMIN_URL}")
    lines = [
        "User-agent: *",
        *(f"Allow: {path}" for path in ROBOTS_ALLOWED),
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon_ico(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page's <link rel="icon">."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.ico"))
