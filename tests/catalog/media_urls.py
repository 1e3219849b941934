"""The shop's URLs plus uploaded media, which DEBUG-off settings do not serve (a web server
does in production), so that browser tests can load product photos."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cestmoi.urls import urlpatterns as shop_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *shop_urlpatterns,
]
