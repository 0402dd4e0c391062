"""`manage.py load_demo`: the demo site, from each app's own demo content. Safe to run again."""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo
from home.permissions import assign_page_permissions
from home.site.public_urls import sync_default_site


def app_demos():
    """The `demo` package of every project app but home, in the order of INSTALLED_APPS."""
    for app_config in apps.get_app_configs():
        own = Path(app_config.path).parent == Path(settings.BASE_DIR)
        if own and app_config.name not in ("home", "portal") and find_spec(f"{app_config.name}.demo"):
            yield import_module(f"{app_config.name}.demo")


class Command(BaseCommand):
    help = "Creates the demo site (pages, entries, events, users). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print only the logins.")

    @transaction.atomic
    def handle(self, *args, **options):
        home = home_demo.load()
        sync_default_site()
        for demo in app_demos():
            demo.load(home)
        assign_page_permissions()  # pages of a site that predates the grants on creation
        logins, password = home_demo.load_users()
        self.stdout.write(f"Demo-logins (wachtwoord: {password}), beheer op /admin/:")
        for username, group in logins:
            self.stdout.write(f"  {username:18} {group}")
