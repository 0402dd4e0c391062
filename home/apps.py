from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    """`migrate` is all a deploy needs: the shared cache's table (when it is the database cache) and the
    default Site's address from PUBLIC_BASE_URL."""
    from home.site.public_urls import sync_default_site

    call_command("createcachetable", verbosity=0)
    sync_default_site()


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from home import signals  # noqa: F401
        from home.personal import OUTBOX, register_holder

        register_holder(OUTBOX)

        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="home-after-migrate")
