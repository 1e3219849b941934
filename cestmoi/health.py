"""Liveness and dependency check for load balancers and monitoring.

Only the database is essential: without it the shop cannot work (503, take the node out).
Without Redis the shop runs degraded (pages uncached, background work waiting in the outbox
until the broker is back), so the answer is 200 with "degraded" and what is missing."""

import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CHECK_TIMEOUT_SECONDS = 2


def database_is_reachable() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def cache_is_working() -> bool:
    """Whether the cache stores what it is given (the shop's cache swallows Redis errors)."""
    probe = uuid.uuid4().hex
    cache.set("health:cache-probe", probe, timeout=5)
    return cache.get("health:cache-probe") == probe


def redis_is_reachable(url: str) -> bool:
    client = redis.Redis.from_url(
        url, socket_timeout=CHECK_TIMEOUT_SECONDS, socket_connect_timeout=CHECK_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@never_cache
@require_GET
def healthz(request):
    checks = {"database": "ok" if database_is_reachable() else "unreachable"}
    for name, url in (("redis", settings.REDIS_URL), ("broker", settings.CELERY_BROKER_URL)):
        if url.startswith(("redis://", "rediss://")):
            checks[name] = "ok" if redis_is_reachable(url) else "unreachable"
    if checks["database"] != "ok":
        status = "unavailable"
    elif all(state == "ok" for state in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )
