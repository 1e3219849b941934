from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "cart"
# The cart shows a shopper's own items: never_cache keeps it out of shared and browser caches
# (private, no-store).
urlpatterns = [
    path("cart/", never_cache(views.cart), name="cart"),
    path("cart/add/", never_cache(views.cart_add_view), name="cart_add"),
    path("cart/lines/<int:line_id>/", never_cache(views.cart_update), name="cart_update"),
]
