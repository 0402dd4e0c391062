from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _index_after_migrate(sender, **kwargs):
    """An installation that upgrades gets its search rows once; later changes keep them current."""
    from entries.search.index import is_current, rebuild

    if not is_current():
        rebuild()


class EntriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "entries"
    verbose_name = "Kennisbank"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from entries import signals  # noqa: F401
        from entries.alerts import purge_unconfirmed
        from entries.alerts.personal import ALERTS
        from entries.contributions import contribution_delete_guard, purge_contributors
        from entries.contributions.personal import CONTRIBUTIONS
        from entries.listing.site_search import entry_search_provider
        from home.editorial.page_deletion import register_delete_guard
        from home.permissions import EDITORS, register_page_grants
        from home.personal import register_holder
        from home.retention import register_purger
        from home.search import register_search_provider
        from home.site.navigation import register_section
        from home.site.sections import register_home_section

        register_search_provider(entry_search_provider())
        register_holder(ALERTS)
        register_holder(CONTRIBUTIONS)
        register_purger(purge_contributors)
        register_delete_guard(contribution_delete_guard)
        register_purger(purge_unconfirmed)
        register_page_grants("entries.EntryIndexPage", {EDITORS: ["add_page", "change_page"]})
        register_section("knowledge_bank", "entries.EntryIndexPage")
        register_section("export", "entries.EntryIndexPage", route="export", crawl=False)
        register_section("follow", "entries.EntryIndexPage", route="follow", crawl=False)
        register_home_section("entries/includes/home_newest.html", order=10)
        register_home_section("entries/includes/home_principles.html", order=30)
        register_section("contribute", "entries.EntryIndexPage", route="contribute", menu_label=_("Deel je initiatief"))
        post_migrate.connect(_index_after_migrate, sender=self, dispatch_uid="entries-index-after-migrate")
