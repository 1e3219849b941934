from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("legal/<slug:kind>/", views.document, name="document"),
    path("legal/<slug:kind>/v<int:version>/", views.document, name="document_version"),
]
