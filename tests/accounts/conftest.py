import pytest
import redis
from django.conf import settings


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate-limit counters in the Redis cache, which outlives a test: start
    every test with none of this run's counters (other runs' key prefixes stay untouched)."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*allauth:rl:*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
