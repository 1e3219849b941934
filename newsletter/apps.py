from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Consents and newsletter")

    def ready(self):
        # The outbox runs tasks by name: they must be registered with Celery.
        from . import tasks  # noqa: F401
