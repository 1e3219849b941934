from django.urls import path, register_converter
from django.views.decorators.cache import never_cache

from . import views
from .admin.documents import staff_document_download
from .converters import OrderNumberConverter

register_converter(OrderNumberConverter, "order_number")

app_name = "orders"
# The checkout and the order pages show a shopper's own items, address and order:
# never_cache keeps them out of shared and browser caches (private, no-store).
urlpatterns = [
    path("checkout/", never_cache(views.checkout_address), name="checkout_address"),
    path("checkout/delivery/", never_cache(views.checkout_delivery), name="checkout_delivery"),
    path("checkout/review/", never_cache(views.checkout_review), name="checkout_review"),
    path("checkout/confirm/", never_cache(views.checkout_confirm), name="checkout_confirm"),
    path("orders/<order_number:number>/", never_cache(views.order_detail), name="order_detail"),
    path("orders/<order_number:number>/pay/", never_cache(views.order_pay), name="order_pay"),
    path(
        "orders/<order_number:number>/documents/<int:document_id>/",
        never_cache(views.order_document),
        name="order_document",
    ),
    path(
        "staff/order-documents/<int:document_id>/",
        staff_document_download,
        name="staff_document",
    ),
    path("payments/webhook/", views.payment_webhook, name="payment_webhook"),
    path("payments/bank/pay/<str:oid>/", never_cache(views.bank_pay), name="bank_pay"),
    path("payments/bank/return/", never_cache(views.bank_return), name="bank_return"),
    path("payments/bank/callback/", views.bank_callback, name="bank_callback"),
]
