"""A URL configuration with a stand-in orders:cart_add, to show how the checkout plugs in."""

from tests.catalog.test_pages import urlpatterns_with_cart as urlpatterns  # noqa: F401
