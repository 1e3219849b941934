"""Deploy-time checks (`manage.py check --deploy`): production must not run on the embedded
development defaults. Each one is an Error, so the check fails whatever --fail-level says.
Courier API addresses live in the database: add `--database default` to check them too."""

import ipaddress
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register

EMAIL_BACKENDS_THAT_SEND_NOTHING = {
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def is_local_address(url: str) -> bool:
    """Whether `url` points at this machine or a private network (a devtools fake, a
    development server), judged by its host name alone (no DNS)."""
    host = (urlsplit(url).hostname or "").lower()
    if host in {"", "localhost"} or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


@register(Tags.security, deploy=True)
def production_settings_check(app_configs=None, **kwargs):
    errors = []
    if settings.EMAIL_BACKEND in EMAIL_BACKENDS_THAT_SEND_NOTHING:
        errors.append(
            Error(
                f"E-mail goes to {settings.EMAIL_BACKEND}, not to customers.",
                hint="Set EMAIL_URL to the SMTP server, e.g. smtp+tls://user:pass@host:587.",
                id="cestmoi.E001",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        errors.append(
            Error(
                "Background tasks run inside the web process (CELERY_TASK_ALWAYS_EAGER).",
                hint="Set CELERY_BROKER_URL, run Celery workers and beat, and leave "
                "CELERY_TASK_ALWAYS_EAGER unset.",
                id="cestmoi.E002",
            )
        )
    if settings.MOLLIE_API_KEY == settings.FAKE_MOLLIE_API_KEY:
        errors.append(
            Error(
                "MOLLIE_API_KEY is the fake Mollie's key: no card can be charged.",
                hint="Set MOLLIE_API_KEY to the live_… key of the shop's Mollie profile.",
                id="cestmoi.E003",
            )
        )
    if settings.MOLLIE_API_ENDPOINT and (
        is_local_address(settings.MOLLIE_API_ENDPOINT)
        or urlsplit(settings.MOLLIE_API_ENDPOINT).scheme != "https"
    ):
        errors.append(
            Error(
                f"MOLLIE_API_ENDPOINT points at {settings.MOLLIE_API_ENDPOINT}, not Mollie.",
                hint="Leave MOLLIE_API_ENDPOINT empty for the real https://api.mollie.com.",
                id="cestmoi.E004",
            )
        )
    if is_local_address(settings.SITE_URL):
        errors.append(
            Error(
                f"SITE_URL is {settings.SITE_URL}: links in e-mails and Mollie's callbacks "
                "would lead to no public address.",
                hint="Set SITE_URL to the shop's public address, e.g. https://www.cestmoi.rs.",
                id="cestmoi.E005",
            )
        )
    if urlsplit(settings.SITE_URL).scheme != "https":
        errors.append(
            Error(
                f"SITE_URL {settings.SITE_URL} is not https.",
                hint="Serve the shop over HTTPS (the Caddy proxy in docker-compose.yml does).",
                id="cestmoi.E006",
            )
        )
    if not (settings.SECURE_SSL_REDIRECT and settings.SESSION_COOKIE_SECURE):
        errors.append(
            Error(
                "HTTPS is off: SECURE_SSL_REDIRECT or SECURE_COOKIES is false, so sign-in "
                "cookies and checkout forms may travel in clear text.",
                hint="Leave SECURE_SSL_REDIRECT and SECURE_COOKIES unset (true without debug) "
                "and set BEHIND_HTTPS_PROXY=true behind a TLS proxy.",
                id="cestmoi.E007",
            )
        )
    return errors


@register(Tags.database, deploy=True)
def courier_endpoints_check(app_configs=None, databases=None, **kwargs):
    """Couriers notified over HTTP must not be pointed at devtools.fake_courier or any other
    address of this machine. Runs only with `--database default` (it reads the database)."""
    if not databases or "default" not in databases:
        return []
    delivery_methods = apps.get_model("orders", "DeliveryMethod").objects.exclude(
        courier_api_url=""
    )
    return [
        Error(
            f"Delivery method {method.name!r} notifies a courier API at "
            f"{method.courier_api_url}, an address of this machine or a private network.",
            hint="Set the courier's real https:// API address in admin (Delivery methods).",
            id="cestmoi.E008",
        )
        for method in delivery_methods.only("name", "courier_api_url")
        if is_local_address(method.courier_api_url)
        or urlsplit(method.courier_api_url).scheme != "https"
    ]
