"""The shop's only settings module. Every value comes from the environment (or a `.env` file).

With no environment at all the shop runs on its embedded defaults: DEBUG on, SQLite under
`var/`, Celery tasks run in-process, e-mail written to `var/mail/`. README lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cestmoi.static_headers import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The address customers see in e-mails and that Mollie calls back; no trailing slash.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin: its translation admin ships templates and static files of its own.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "phonenumber_field",
    "csp",
    "cestmoi",
    "legal",
    "accounts",
    "catalog",
    "paperwork",
    "cart",
    "orders",
    "fiscal",
    "complaints",
    "newsletter",
    "contact",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Catalog pages for visitors without a session, whole from the cache (catalog/page_cache.py).
    "catalog.page_cache.cached_catalog_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cestmoi.middleware.allauth_never_cache",
    "accounts.middleware.staff_second_factor",
]

ROOT_URLCONF = "cestmoi.urls"
WSGI_APPLICATION = "cestmoi.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "legal.context_processors.seller_and_deadlines",
                "cart.context_processors.cart",
            ],
            # `|amount` everywhere (pages, e-mails, PDFs, admin) without a {% load %} in each.
            "builtins": ["cestmoi.templatetags.formatting"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A kept or pooled connection is checked (one round trip) before a request uses it: after
# PostgreSQL restarts, old connections are replaced instead of each failing one request
# (tests/drills: PostgreSQL restarted during traffic). With the pool, Django passes psycopg's
# ConnectionPool.check_connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# psycopg's connection pool, one per process (each gunicorn worker, each Celery worker): up to
# this many connections kept open and shared by the process's threads. 0 = no pool. With many
# nodes put PgBouncer in front of PostgreSQL instead (README, "Several web and worker nodes").
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
if DATABASE_POOL_MAX_SIZE:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL_MAX_SIZE needs PostgreSQL.")
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("Use DATABASE_POOL_MAX_SIZE or DATABASE_CONN_MAX_AGE, not both.")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_MAX_SIZE,
        # A request waits this long for a free connection, then fails instead of hanging.
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis when configured) ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # The cache is an accelerator, never a dependency: with Redis down, reads miss and writes
    # are dropped (django-redis IGNORE_EXCEPTIONS), so pages render uncached and checkout goes
    # on; short timeouts keep a hung Redis from holding requests. Sessions live in the database.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cestmoi"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions in the database, never only in the cache: a Redis outage or restart signs nobody out
# and empties no cart, and every web node sees every session.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Catalog --------------------------------------------------------------------------------
# How long a rendered catalog page may be served from the cache; any catalog change ends it sooner.
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)
# JSON feed of the day's NBS middle rate for EUR: {"code": "EUR", "date": ..., "exchange_middle": ...}.
EXCHANGE_RATE_URL = env.str(
    "EXCHANGE_RATE_URL", default="https://kurs.resenje.org/api/v1/currencies/eur/rates/today"
)
# Mounts /bench/trivial/, the framework-ceiling view that bench/run_catalog.py compares against.
BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)

# --- Users and django-allauth ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Adds the unticked newsletter box to the sign-up form.
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupNewsletterChoice"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "C'est Moi: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
LOGIN_REDIRECT_URL = "/"
# Where login_required sends visitors, and where /admin/login/ now redirects (cestmoi/urls.py):
# staff sign in through allauth too, so its rate limits and second factor apply to them.
LOGIN_URL = "account_login"
# The new address replaces the old one only once verified; the old one is told of every change.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Neither sign-up nor password reset may tell a visitor whether an address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's own limits, kept in the Django cache (Redis when configured): written out so the
# policy is visible here. "key" is the e-mail address tried. Every public form that sends an
# e-mail is limited per visitor's address (ip) and per e-mail address (key), so that nobody
# can flood an inbox through the shop: sign-up (ip here, its verification e-mail by
# "confirm_email" per address), password reset, and placing an order (its payment e-mails).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip,60/h/ip",
    "reset_password": "20/m/ip,60/h/ip,5/m/key,10/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    # Not allauth's own: placing an order (checkout's confirm step) goes through the same
    # limiter, per visitor's address and per e-mail address ordered with.
    "place_order": "10/h/ip,5/h/key",
    # The public complaint and withdrawal forms (complaints/rate_limits.py). A limited
    # complaint is sent back with a message; a limited withdrawal statement is still recorded,
    # only its acknowledgement e-mail is not sent (its page shows it).
    "complaint": "10/h/ip,5/h/key",
    "withdrawal": "10/h/ip,5/h/key",
    # Not allauth's own either: filing a privacy request (each sends a confirmation e-mail),
    # per visitor's address and per e-mail address named.
    "privacy_request": "10/h/ip,3/h/key",
    # The public forms of `newsletter` and `contact`, the same way: a sign-up sends an e-mail
    # to the address typed, so the per-address limit also stops mail-bombing someone.
    "newsletter_subscribe": "10/h/ip,3/h/key",
    "contact_message": "10/h/ip,5/h/key",
    "contest_enter": "20/h/ip,3/h/key",
}
# A wrong second-factor code counts against "login_failed" too (keyed by the account).
# allauth's default "reauthenticate": "10/m/user" (password or code asked again) stays.

# --- Second factor (allauth.mfa) and staff sessions ----------------------------------------
# An authenticator app (TOTP) with recovery codes: required for every staff account before any
# admin page opens (accounts/middleware.py), optional for customers. No WebAuthn/passkeys.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "C'est Moi Art Jewelry"
MFA_ADAPTER = "accounts.adapters.ShopMFAAdapter"
# Staff sessions end this many hours after sign-in, however active (customers keep Django's
# two weeks); the second factor is asked again at the next sign-in.
STAFF_SESSION_HOURS = env.int("STAFF_SESSION_HOURS", default=8)
if not 0 < STAFF_SESSION_HOURS <= 24:
    raise ImproperlyConfigured("STAFF_SESSION_HOURS must be between 1 and 24.")
# Behind a reverse proxy every request comes from the proxy's address, which would make the
# per-IP limits shared by all customers: name the proxies in front of the shop (X-Forwarded-For).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Customer and delivery phone numbers: Serbian numbers may be typed nationally (064 123 4567),
# any other country's with its international prefix.
PHONENUMBER_DEFAULT_REGION = "RS"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
# "sr" is Serbian in Cyrillic (Django's own "sr" locale is Cyrillic). It is never translated by
# hand: its messages and catalog content are transliterated from Serbian Latin (cestmoi.serbian).
LANGUAGES = [
    ("en", _("English")),
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
]
# Catalog content is kept in two plain columns per field (name_en, name_sr_latn): PostgreSQL
# full-text indexes read them directly and listings need no join. Cyrillic reads the Latin
# column (modeltranslation's default language) and transliterates it for display.
MODELTRANSLATION_LANGUAGES = ("en", "sr-latn")
MODELTRANSLATION_DEFAULT_LANGUAGE = "sr-latn"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("sr-latn", "en")}
LOCALE_PATHS = [BASE_DIR / "locale"]
# "5 December 2026" in English, "5. 12. 2026." and "11.000,00" in Serbian (both scripts).
FORMAT_MODULE_PATH = ["cestmoi.formats"]
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "/static/"
# WhiteNoise serves static files before the framing and CSP middleware: it adds them itself.
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads and generated files on S3-compatible object storage when a bucket is named (several
# web and worker nodes then share them); on the local disk (MEDIA_ROOT) otherwise. Credentials
# come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself. The bucket must
# be private except for the public photo folders (README gives the policy): documents and
# complaint photos are served only by the shop, after its access checks.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_ORIGIN = ""
if AWS_STORAGE_BUCKET_NAME:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _s3_region = env.str("AWS_S3_REGION_NAME", default="") or None
    _s3_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint,
            "region_name": _s3_region,
            "custom_domain": _s3_domain,
            # Plain, stable URLs for the public photos (cacheable pages); the bucket policy,
            # not a signature, decides what may be read directly.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            # Photo file names carry a hash of their content: a changed photo gets a new name.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if _s3_domain:
        MEDIA_ORIGIN = f"https://{_s3_domain}"
    elif _s3_endpoint:
        MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(_s3_endpoint))
    else:
        MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail: files under var/mail/ unless an SMTP server is configured ----------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="C'est Moi Art Jewelry <info@cestmoi.rs>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where staff notices (digests, alerts) go.
STAFF_EMAIL = env.str("STAFF_EMAIL", default="info@cestmoi.rs")
# Seconds to wait for a courier's API (orders.couriers.http) before trying again later.
COURIER_API_TIMEOUT = env.float("COURIER_API_TIMEOUT", default=10.0)

# --- Celery: eager (in-process) unless a broker is configured -------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after this many seconds; longer than any task runs.
# A broker that accepts connections but does not answer (frozen, overloaded) fails a publish
# after about 2 × socket_timeout seconds (measured: the client tries twice) instead of holding
# the request that publishes (a webhook, a staff action) for good: the outbox's sweep hands the
# item over later. More than the 1 s a worker's BRPOP waits.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Work split by kind (mail, documents, courier, fiscal; everything else on Celery's default
# queue "celery") so that each kind gets workers of its own (`celery worker -Q mail`) and a
# slow courier API never delays an e-mail. Off: every task on the default queue, which any
# worker started without -Q consumes. cestmoi/celery.py names the queue of each task.
CELERY_QUEUES_BY_KIND = env.bool("CELERY_QUEUES_BY_KIND", default=False)
CELERY_TASK_ROUTES = ("cestmoi.celery.route_by_kind",)
CELERY_TIMEZONE = TIME_ZONE

# --- Orders ---------------------------------------------------------------------------------
# How long placed orders hold their stock while the shopper pays.
ORDER_PAYMENT_HOLD_MINUTES = env.int("ORDER_PAYMENT_HOLD_MINUTES", default=30)

# --- Payments --------------------------------------------------------------------------------
# Which card gateway charges the orders: "bank" (the default: a Serbian bank's NestPay gateway,
# Banca Intesa for this shop, charging dinars as the terms of use promise) or "mollie" (EUR at
# the NBS middle rate, for a deployment serving shoppers in the EU).
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="bank")
if PAYMENT_PROVIDER not in ("bank", "mollie"):
    raise ImproperlyConfigured("PAYMENT_PROVIDER must be bank or mollie")

# The bank's NestPay "3D Pay Hosting" merchant data (from the bank's merchant portal). None has
# a default: a shop without them cannot open the payment page (`bin/run` starts the fake bank,
# `python -m devtools.fake_bank`, and points these at it).
BANK_CLIENT_ID = env.str("BANK_CLIENT_ID", default="")
BANK_STORE_KEY = env.str("BANK_STORE_KEY", default="")
BANK_GATEWAY_URL = env.str("BANK_GATEWAY_URL", default="")
BANK_API_URL = env.str("BANK_API_URL", default="")
BANK_API_USER = env.str("BANK_API_USER", default="")
BANK_API_PASSWORD = env.str("BANK_API_PASSWORD", default="")
# Seconds to wait for the bank's XML API once a request is sent (a callback waits on it).
BANK_READ_TIMEOUT = env.float("BANK_READ_TIMEOUT", default=10.0)

# --- Mollie -----------------------------------------------------------------------------------
# The default key is a dummy test key that only the fake Mollie API accepts
# (`python -m devtools.fake_mollie`, see MOLLIE_API_ENDPOINT). An empty endpoint means the
# real https://api.mollie.com; point it at the fake to pay offline.
FAKE_MOLLIE_API_KEY = "test_cestmoiOfflineFakeMollieKey000"
MOLLIE_API_KEY = env.str("MOLLIE_API_KEY", default=FAKE_MOLLIE_API_KEY)
MOLLIE_API_ENDPOINT = env.str("MOLLIE_API_ENDPOINT", default="")
# Seconds to wait for Mollie's answer once a request is sent. A webhook or a checkout redirect
# waits on it, so a slow Mollie must fail fast rather than hold a worker.
MOLLIE_READ_TIMEOUT = env.float("MOLLIE_READ_TIMEOUT", default=10.0)

# --- Fiscal receipts (the Tax Administration's V-SDC) -----------------------------------------
# The virtual fiscal processor's address, e.g. https://vsdc.sandbox.suf.purs.gov.rs (bin/run
# starts the fake `python -m devtools.fake_vsdc` when none is set). Empty: no fiscal receipts.
VSDC_URL = env.str("VSDC_URL", default="")
# The taxpayer's client certificate and its key (PEM files) and the PAC that comes with it.
VSDC_CERT_PATH = env.str("VSDC_CERT_PATH", default="")
VSDC_KEY_PATH = env.str("VSDC_KEY_PATH", default="")
VSDC_PAC = env.str("VSDC_PAC", default="")
# A CA bundle for the processor's server certificate; empty: the system's.
VSDC_CA_PATH = env.str("VSDC_CA_PATH", default="")
VSDC_CONNECT_TIMEOUT = env.float("VSDC_CONNECT_TIMEOUT", default=5.0)
VSDC_READ_TIMEOUT = env.float("VSDC_READ_TIMEOUT", default=15.0)
# The cashier printed on the receipts.
FISCAL_CASHIER = env.str("FISCAL_CASHIER", default="cestmoi.rs")
# Tasks the orders app queues (by name, through the outbox) when an order is paid, shipped or
# refunded: how fiscal receipts are issued without orders importing the fiscal app.
ORDER_EVENT_TASKS = (
    {
        "order_paid": ["fiscal.order_paid"],
        "order_shipped": ["fiscal.order_shipped"],
        "refund_completed": ["fiscal.refund_completed"],
    }
    if VSDC_URL
    else {}
)

# --- Security -------------------------------------------------------------------------------
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Error reporting (optional) -------------------------------------------------------------
# Errors of the web and worker processes go to Sentry when a DSN is set. Customers' personal
# data stays out: no IP addresses, cookies or user details, no request bodies (addresses, phone
# numbers) and no local variables of the failing code.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
