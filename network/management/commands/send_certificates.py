from django.core.management.base import BaseCommand

from network.attendance.certificates import send_certificates
from network.models import NetworkPage


class Command(BaseCommand):
    help = "Mail a certificate of attendance (PDF) to everyone who attended an event with contact hours (idempotent)."

    def handle(self, *args, **options):
        network = NetworkPage.objects.live().first()
        if network is None:
            self.stderr.write("Geen netwerkpagina: bewijzen van deelname verwijzen naar /netwerk/certificaat/.")
            return
        issued = send_certificates(network)
        self.stdout.write(f"{issued} bewijzen van deelname verstuurd")
