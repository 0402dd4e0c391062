from django.core.management.base import BaseCommand

from entries.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuilds the search rows of the knowledge bank from the live, public entries."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} items geïndexeerd.")
