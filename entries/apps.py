from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _index_after_migrate(sender, **kwargs):
    """An installation that upgrades gets its search rows once; later changes keep them current."""
    from .search.index import is_current, rebuild

    if not is_current():
        rebuild()


class EntriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entries"
    verbose_name = "Kennisbank"

    def ready(self):
        from home.retention import register_purger
        from home.search import register_search_provider

        from . import signals  # noqa: F401
        from .contributions import purge_contributors
        from .search.provider import entry_search_provider

        register_search_provider(entry_search_provider())
        register_purger(purge_contributors)
        post_migrate.connect(_index_after_migrate, sender=self, dispatch_uid="entries-index-after-migrate")
