from django.core.management.base import BaseCommand

from entries.upkeep.links import check_links


class Command(BaseCommand):
    help = "Checks the external links of live entries and lists broken ones for editors (admin: Kapotte links)."

    def add_arguments(self, parser):
        parser.add_argument("--delay", type=float, default=1.0, help="Seconds between requests to one host.")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for an answer.")

    def handle(self, *args, delay, timeout, **options):
        checked, broken = check_links(delay=delay, timeout=timeout)
        self.stdout.write(f"{checked} links gecontroleerd, {broken} kapot.")
