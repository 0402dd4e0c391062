from django.core.management.base import BaseCommand

from home.search.stats import flush_search_statistics


class Command(BaseCommand):
    help = "Adds the search counters kept in Redis to the search statistics table; run it every few minutes."

    def handle(self, *args, **options):
        self.stdout.write(f"{flush_search_statistics()} zoekopdrachten bijgeschreven.")
