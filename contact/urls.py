from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "contact"
urlpatterns = [
    path("contact/write/", never_cache(views.contact_message_new), name="message_new"),
    path("contests/", views.contest_list, name="contest_list"),
    path("contests/<int:contest_id>/", never_cache(views.contest_detail), name="contest_detail"),
]
