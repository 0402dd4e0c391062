from django.apps import AppConfig


class EntriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entries"
    verbose_name = "Kennisbank"

    def ready(self):
        from . import signals  # noqa: F401
