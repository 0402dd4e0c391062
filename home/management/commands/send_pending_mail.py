from django.core.management.base import BaseCommand

from home.mail import deliver
from home.models import OutgoingMail


class Command(BaseCommand):
    help = "Retries e-mail that could not be sent (the outbox); run it every few minutes."

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=10)

    def handle(self, *args, max_attempts, **options):
        waiting = OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).filter(attempts__lt=max_attempts)
        sent = failed = 0
        for mail in waiting.order_by("created_at"):
            if deliver(mail):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} verzonden, {failed} opnieuw mislukt.")
