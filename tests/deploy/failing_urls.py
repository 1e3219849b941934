"""The shop's URLs plus one view that fails, for the 500 page's tests."""

from django.urls import path

from cestmoi.urls import urlpatterns as shop_urlpatterns


def failing_view(request):
    raise RuntimeError("A view failed (test)")


urlpatterns = [path("failing/", failing_view), *shop_urlpatterns]
