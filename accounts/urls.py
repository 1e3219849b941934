from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "accounts"
# Every page of the account area shows the customer's own data: never_cache keeps each out of
# shared and browser caches (private, no-store).
urlpatterns = [
    path("", never_cache(views.overview), name="overview"),
    path("profile/", never_cache(views.profile), name="profile"),
    path("addresses/", never_cache(views.addresses), name="addresses"),
    path("addresses/new/", never_cache(views.address_add), name="address_add"),
    path("addresses/<int:address_id>/edit/", never_cache(views.address_edit), name="address_edit"),
    path(
        "addresses/<int:address_id>/delete/",
        never_cache(views.address_delete),
        name="address_delete",
    ),
    path(
        "addresses/<int:address_id>/default/",
        never_cache(views.address_set_default),
        name="address_set_default",
    ),
    path("orders/", never_cache(views.orders), name="orders"),
]
