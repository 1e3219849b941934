"""The cache is an accelerator, not a dependency: with its Redis stopped (a Redis of the test's
own), the catalog, product and cart pages answer and checkout still places orders."""

import pytest
from django.core.cache import cache

from orders.models import FulfilmentStatus
from tests.accounts.factories import VerifiedUserFactory
from tests.orders.checkout_steps import add_to_cart, place_order
from tests.orders.factories import courier, ring, todays_rate
from tests.redis_server import RedisOfOurOwn

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_redis(settings, tmp_path):
    server = RedisOfOurOwn(tmp_path / "redis")
    server.start()
    cache_settings = dict(settings.CACHES["default"])
    cache_settings["LOCATION"] = server.url
    settings.CACHES = {"default": cache_settings}
    try:
        yield server
    finally:
        server.stop()


def test_pages_and_checkout_work_with_the_cache_down(client, cache_redis, fake_mollie):
    todays_rate()
    variant = ring(stock=3)[0]
    product = variant.product
    pages = ["/", product.category.get_absolute_url(), product.get_absolute_url(), "/cart/"]
    for url in pages:  # warm: the cache works
        assert client.get(url).status_code == 200
    cache.set("probe", 1)
    assert cache.get("probe") == 1

    cache_redis.stop()
    assert cache.get("probe") is None
    for url in pages:
        assert client.get(url).status_code == 200, url
    add_to_cart(client, variant, 1)
    assert "Luna ring" in client.get("/cart/").content.decode()
    order = place_order(client, variant, courier())
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert order.payments.count() == 1  # and the shopper is on the way to pay

    cache_redis.start()
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_a_signed_in_customer_stays_signed_in_with_the_cache_down(client, cache_redis):
    """Sessions live in the database, not in the cache: a Redis outage signs nobody out."""
    customer = VerifiedUserFactory()
    client.force_login(customer)
    assert client.get("/account/").status_code == 200
    cache_redis.stop()
    response = client.get("/account/")
    assert response.status_code == 200
    assert customer.email in response.content.decode()
