from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "newsletter"
urlpatterns = [
    path("newsletter/", never_cache(views.subscribe), name="subscribe"),
    path("newsletter/confirm/<str:token>/", never_cache(views.confirm), name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", never_cache(views.unsubscribe), name="unsubscribe"),
    path(
        "account/newsletter/subscribe/",
        never_cache(views.account_subscribe),
        name="account_subscribe",
    ),
    path(
        "account/newsletter/unsubscribe/",
        never_cache(views.account_unsubscribe),
        name="account_unsubscribe",
    ),
]
