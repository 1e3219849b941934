from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("collection/<slug:slug>/", views.collection, name="collection"),
    path("product/<slug:slug>/", views.product, name="product"),
    path("search/", views.search, name="search"),
    path("currency/", views.currency_set, name="currency_set"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
