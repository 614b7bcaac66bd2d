from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qms.api"
    label = "qms_api"
    verbose_name = "API"

    def ready(self):
        # Registers the schema extension for the session authentication.
        from qms.api import schema  # noqa: F401
