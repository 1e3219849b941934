"""The daily rate fetch against a fake rate feed on 127.0.0.1 (never the internet)."""

import datetime
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from catalog import selectors, services, tasks
from catalog.models import ExchangeRate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 14)


class FakeRateFeed:
    """Answers every GET with the configured status and body; records the requests."""

    def __init__(self):
        self.status = 200
        self.body = b""
        self.delay = 0.0
        self.requests = []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feed.requests.append(self.path)
                if feed.delay:
                    threading.Event().wait(feed.delay)
                self.send_response(feed.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(feed.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v1/currencies/eur/rates/today"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, payload, status=200):
        self.status = status
        self.body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()


@pytest.fixture
def feed():
    fake = FakeRateFeed()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def test_fetch_stores_the_day_s_middle_rate(feed):
    feed.answer({"code": "EUR", "date": "2025-03-14", "exchange_middle": 117.1734})
    rate = services.exchange_rate_fetch(url=feed.url, today=TODAY)
    assert (rate.date, rate.eur_rsd, rate.source) == (TODAY, Decimal("117.1734"), "nbs")
    assert feed.requests == ["/api/v1/currencies/eur/rates/today"]


def test_fetching_twice_a_day_keeps_one_row(feed):
    feed.answer({"code": "EUR", "date": "2025-03-14", "exchange_middle": 117.17})
    services.exchange_rate_fetch(url=feed.url, today=TODAY)
    feed.answer({"code": "EUR", "date": "2025-03-14", "exchange_middle": 117.18})
    services.exchange_rate_fetch(url=feed.url, today=TODAY)
    assert list(ExchangeRate.objects.values_list("eur_rsd", flat=True)) == [Decimal("117.1800")]


@pytest.mark.parametrize(
    ("status", "payload"),
    [
        (500, {"error": "down"}),
        (404, b"not found"),
        (200, b"<html>maintenance</html>"),
        (200, {"code": "EUR", "exchange_middle": 0.117}),
        (200, {"code": "EUR", "date": "2025-03-14"}),
    ],
)
def test_a_failed_fetch_keeps_the_last_good_rate(feed, status, payload):
    ExchangeRate.objects.create(
        date=TODAY - datetime.timedelta(days=3), eur_rsd=Decimal("117.2000")
    )
    feed.answer(payload, status=status)
    with pytest.raises(services.RateFetchError):
        services.exchange_rate_fetch(url=feed.url, today=TODAY)
    assert ExchangeRate.objects.count() == 1
    current = selectors.exchange_rate_current(TODAY)
    assert (current.date, current.eur_rsd) == (
        TODAY - datetime.timedelta(days=3),
        Decimal("117.2000"),
    )


def test_an_unreachable_feed_is_a_fetch_error(feed):
    url = feed.url
    feed.server.shutdown()
    feed.server.server_close()
    with pytest.raises(services.RateFetchError):
        services.exchange_rate_fetch(url=url, today=TODAY)


def test_a_slow_feed_times_out(feed, monkeypatch):
    monkeypatch.setattr(services, "RATE_FETCH_TIMEOUT_SECONDS", 0.2)
    feed.delay = 1.0
    feed.answer({"code": "EUR", "exchange_middle": 117.1})
    with pytest.raises(services.RateFetchError):
        services.exchange_rate_fetch(url=feed.url, today=TODAY)


def test_the_task_fetches_from_the_configured_url(feed, settings):
    settings.EXCHANGE_RATE_URL = feed.url
    today = timezone.localdate()
    feed.answer({"code": "EUR", "date": today.isoformat(), "exchange_middle": 117.25})
    tasks.exchange_rate_fetch.delay()
    assert ExchangeRate.objects.get(date=today).eur_rsd == Decimal("117.2500")


def test_the_fetch_is_scheduled_every_morning():
    task = PeriodicTask.objects.get(task="catalog.exchange_rate_fetch")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("8,12", "15")
    assert str(task.crontab.timezone) == "Europe/Belgrade"
