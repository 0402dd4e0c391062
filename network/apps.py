from django.apps import AppConfig


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    verbose_name = "Netwerk"

    def ready(self):
        from home.retention import register_purger

        from . import signals  # noqa: F401
        from .retention import purge

        register_purger(purge)
