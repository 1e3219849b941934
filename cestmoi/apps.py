from django.apps import AppConfig


class CestmoiConfig(AppConfig):
    """The project package as an app: it has no models, only the deploy-time checks."""

    name = "cestmoi"
    verbose_name = "C'est Moi"

    def ready(self):
        from . import checks  # noqa: F401 - registers the checks
