from django.core.management.base import BaseCommand

from entries.alerts import send_alerts
from entries.models import EntryIndexPage


class Command(BaseCommand):
    help = (
        "Sends each confirmed alert its digest of new entries for the last whole week or month (run it daily; "
        "running it again sends nothing twice)."
    )

    def handle(self, *args, **options):
        index = EntryIndexPage.objects.live().order_by("path").first()
        if index is None:
            self.stdout.write("Geen gepubliceerde kennisbank: niets verstuurd.")
            return
        report = send_alerts(index)
        self.stdout.write(f"{report['sent']} attenderingen verstuurd, {report['empty']} zonder nieuws.")
