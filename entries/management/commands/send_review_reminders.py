from django.core.management.base import BaseCommand

from entries.upkeep.review import send_review_reminders


class Command(BaseCommand):
    help = "Mails Eindredactie the entries due for review (REVIEW_AFTER_DAYS), once a month per person."

    def handle(self, *args, **options):
        sent = send_review_reminders()
        self.stdout.write(f"{sent} herinneringen verstuurd.")
