from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .health import healthz
from .site_files import favicon_ico, robots_txt

admin.site.site_header = _("C'est Moi: shop administration")
admin.site.site_title = _("C'est Moi admin")
# Staff sign in through allauth (its rate limits, then the second factor): /admin/login/ sends
# visitors to allauth's sign-in page with their `next`, and refuses signed-in non-staff.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    path("", include("legal.urls")),
    path("", include("complaints.urls")),
    path("", include("privacy.urls")),
    path("", include("newsletter.urls")),
    path("", include("contact.urls")),
    path("", include("cart.urls")),
    path("", include("orders.urls")),
    path("", include("fiscal.urls")),
    path("", include("catalog.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCHMARK_VIEWS:
    from .bench import trivial

    urlpatterns.append(path("bench/trivial/", trivial))
