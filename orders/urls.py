from django.urls import path, register_converter

from . import views
from .admin.documents import staff_document_download
from .converters import OrderNumberConverter

register_converter(OrderNumberConverter, "order_number")

app_name = "orders"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add_view, name="cart_add"),
    path("cart/lines/<int:line_id>/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout_address, name="checkout_address"),
    path("checkout/delivery/", views.checkout_delivery, name="checkout_delivery"),
    path("checkout/review/", views.checkout_review, name="checkout_review"),
    path("checkout/confirm/", views.checkout_confirm, name="checkout_confirm"),
    path("orders/<order_number:number>/", views.order_detail, name="order_detail"),
    path("orders/<order_number:number>/pay/", views.order_pay, name="order_pay"),
    path(
        "orders/<order_number:number>/documents/<int:document_id>/",
        views.order_document,
        name="order_document",
    ),
    path(
        "staff/order-documents/<int:document_id>/",
        staff_document_download,
        name="staff_document",
    ),
    path("payments/webhook/", views.payment_webhook, name="payment_webhook"),
]
