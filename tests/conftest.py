"""Shared fixtures. Tests run on the machine's real PostgreSQL and Redis and drive Debian's
chromium through Playwright; a missing service stops the run at once with a message naming it."""

import os
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WORKER_QUEUE = f"test-{uuid.uuid4().hex}"
RESTART_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
RESTART_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def _postgres_problem() -> str | None:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return f"the tests need PostgreSQL, but DATABASE_URL points to {db['ENGINE']}"
    try:
        psycopg.connect(
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable at {db['HOST']}:{db['PORT']} ({error}).\n  Start it: {RESTART_POSTGRES}"
    return None


def _redis_problem() -> str | None:
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = getattr(settings, name)
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
            client.ping()
            client.close()
        except (redis.RedisError, ValueError) as error:
            return (
                f"Redis is not reachable at {name}={url!r} ({error}).\n  Start it: {RESTART_REDIS}"
            )
    return None


def pytest_sessionstart(session):
    problems = [p for p in (_postgres_problem(), _redis_problem()) if p]
    if not Path(CHROMIUM_PATH).exists():
        problems.append(
            f"Chromium is missing at {CHROMIUM_PATH}: apt-get install chromium (bin/test does "
            "this when run as root), or set CHROMIUM_PATH."
        )
    if problems:
        pytest.exit(
            "A service the tests need is missing:\n- " + "\n- ".join(problems), returncode=3
        )


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Redis outlives the test database: every test gets a cache namespace of its own in the
    real Redis (cached pages, rate-limit counters, payment checks), removed afterwards, so
    nothing one test (or run) counted or cached reaches another."""
    from django.core.cache import cache

    own = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
    settings.CACHES = {"default": own}
    yield
    settings.CACHES = {"default": own}  # a test may have pointed the cache elsewhere
    cache.delete_pattern("*")


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Each test starts in English: a request's language stays active in its thread
    afterwards, and translated model fields (product.name) write the active language's
    column, so factories must not depend on what an earlier test last requested."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def legal_texts(db):
    """The shop's legal texts as the data migration seeds them (a transactional test's flush
    removes migration data, so browser tests ask for them again)."""
    from legal.models import LegalDocument
    from legal.seed import seed_bilingual_versions, seed_shop_texts

    seed_shop_texts(LegalDocument)
    seed_bilingual_versions(LegalDocument)
    return LegalDocument.objects.all()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Pages that render PDFs or wait on the fake Mollie can take a few seconds on a busy CI
    # machine; an assertion still fails after 10 s.
    expect.set_options(timeout=10_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shop_site(db, settings):
    """The sites record allauth and admin log-in read (a transactional test's flush removes
    what migrations created)."""
    from django.contrib.sites.models import Site

    Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "www.cestmoi.rs", "name": "C'est Moi"}
    )


@pytest.fixture
def page(browser, live_server, shop_site):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, shop_site):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 375, "height": 740}
    )
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


def forget_broker_connections() -> None:
    """Celery keeps a pool of broker connections (and kombu's producers over it) per process.
    Stopping a worker closes them, and even an eager apply_async takes a producer from that
    pool: later tests would fail with "Acquire on closed pool" unless they are made anew."""
    from kombu import pools

    from cestmoi.celery import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker thread consuming from the real Redis broker, on a queue of its own
    so that runs sharing the Redis server never take each other's tasks. (Celery caches its
    queue declarations, so the queue name is fixed for the whole session.)"""
    from celery.contrib.testing.worker import start_worker

    from cestmoi.celery import app

    queue = WORKER_QUEUE
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
            queues=[queue],  # only its own, whatever queues an earlier test declared
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        forget_broker_connections()


@pytest.fixture
def fake_mollie(settings):
    """The fake Mollie API (devtools.fake_mollie) on a free 127.0.0.1 port, with the shop's
    Mollie client pointed at it (PAYMENT_PROVIDER=mollie). Yields the server: `.url` is its base URL; `.payments()`,
    `.webhook_calls`, `.set_payment_status(...)` and `.set_refund_status(...)` control it."""
    from devtools.fake_mollie import FakeMollieServer

    with FakeMollieServer() as server:
        settings.PAYMENT_PROVIDER = "mollie"
        settings.MOLLIE_API_ENDPOINT = server.url
        yield server


@pytest.fixture
def fake_bank(settings):
    """The fake NestPay bank gateway (devtools.fake_bank) on a free 127.0.0.1 port, with the
    shop paying through it (PAYMENT_PROVIDER=bank). Yields the server: `.snapshot()`,
    `.callbacks`, `.add_fault(...)`, `.sign(fields)` control it."""
    from devtools.fake_bank import FakeBankServer

    with FakeBankServer() as server:
        settings.PAYMENT_PROVIDER = "bank"
        settings.BANK_GATEWAY_URL = server.gateway_url
        settings.BANK_API_URL = server.api_url
        settings.BANK_CLIENT_ID = server.client_id
        settings.BANK_STORE_KEY = server.store_key
        settings.BANK_API_USER = server.api_user
        settings.BANK_API_PASSWORD = server.api_password
        yield server


@pytest.fixture
def fake_courier():
    """A courier's pick-up API (devtools.fake_courier) on a free 127.0.0.1 port: `.url`,
    `.posts` (accepted requests: path, headers, json), `.attempts`, `.fail_next(n)`."""
    from devtools.fake_courier import FakeCourierServer

    with FakeCourierServer() as server:
        yield server


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, signed in as staff must be: with the second factor
    passed (accounts/middleware.py refuses staff pages to any other staff session)."""
    from django.test import Client

    from tests.accounts.second_factor import staff_login

    client = Client()
    staff_login(client, admin_user)
    return client
