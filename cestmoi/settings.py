"""The shop's only settings module. Every value comes from the environment (or a `.env` file).

With no environment at all the shop runs on its embedded defaults: DEBUG on, SQLite under
`var/`, Celery tasks run in-process, e-mail written to `var/mail/`. README lists every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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
    "legal",
    "accounts",
    "catalog",
    "paperwork",
    "cart",
    "orders",
    "complaints",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
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
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
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
# policy is visible here. "key" is the e-mail address tried.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    # Not allauth's own: placing an order (checkout's confirm step) goes through the same
    # limiter, per visitor's address and per e-mail address ordered with.
    "place_order": "10/h/ip,5/h/key",
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
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
CELERY_TIMEZONE = TIME_ZONE

# --- Orders ---------------------------------------------------------------------------------
# How long placed orders hold their stock while the shopper pays.
ORDER_PAYMENT_HOLD_MINUTES = env.int("ORDER_PAYMENT_HOLD_MINUTES", default=30)

# --- Payments (Mollie) ----------------------------------------------------------------------
# The default key is a dummy test key that only the fake Mollie API accepts
# (`python -m devtools.fake_mollie`, see MOLLIE_API_ENDPOINT). An empty endpoint means the
# real https://api.mollie.com; point it at the fake to pay offline.
MOLLIE_API_KEY = env.str("MOLLIE_API_KEY", default="test_cestmoiOfflineFakeMollieKey000")
MOLLIE_API_ENDPOINT = env.str("MOLLIE_API_ENDPOINT", default="")
# Seconds to wait for Mollie's answer once a request is sent. A webhook or a checkout redirect
# waits on it, so a slow Mollie must fail fast rather than hold a worker.
MOLLIE_READ_TIMEOUT = env.float("MOLLIE_READ_TIMEOUT", default=10.0)

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
        "img-src": [SELF, "data:"],
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
