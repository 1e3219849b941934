from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "privacy"
# Pages about a person's own requests: never cached (private, no-store).
urlpatterns = [
    path("privacy/", never_cache(views.privacy_center), name="center"),
    path(
        "privacy/requests/<str:public_id>/",
        never_cache(views.request_status),
        name="request_status",
    ),
    path(
        "privacy/confirm/<str:token>/",
        never_cache(views.request_confirm_page),
        name="request_confirm",
    ),
    path("privacy/export/<str:token>/", never_cache(views.export_download), name="export_download"),
]
