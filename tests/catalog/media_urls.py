"""The shop's URLs plus uploaded media, which DEBUG-off settings do not serve (a web server
does in production), so that browser tests can load product photos."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cestmoi.urls import urlpatterns as shop_urlpatterns


def media(request, path):
    # MEDIA_ROOT is read per request: every test has its own (tests/conftest.py).
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *shop_urlpatterns]
