from django.core.management.base import BaseCommand

from entries.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "Sends each confirmed alert its digest of new entries for the last whole week or month (run it daily; "
        "running it again sends nothing twice)."
    )

    def handle(self, *args, **options):
        report = send_alerts()
        self.stdout.write(f"{report['sent']} attenderingen verstuurd, {report['empty']} zonder nieuws.")
