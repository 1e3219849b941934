from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("complaints/", views.complaints_info, name="complaints_info"),
    path("withdraw/", views.withdrawal_info, name="withdrawal_info"),
    path("withdraw/form.pdf", views.withdrawal_form_pdf, name="withdrawal_form_pdf"),
]
