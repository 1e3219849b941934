from django.urls import path

from . import views

app_name = "fiscal"
urlpatterns = [
    path("fiscal/receipts/<uuid:intent_id>/qr.gif", views.receipt_qr, name="receipt_qr"),
]
