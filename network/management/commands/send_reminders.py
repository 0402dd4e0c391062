from django.core.management.base import BaseCommand

from network.registrations import reminders
from network.registrations.views import cancel_url_maker


class Command(BaseCommand):
    help = "Sends reminder e-mails REMINDER_DAYS before each event and masterclass session, once per person."

    def handle(self, *args, **options):
        sent = reminders.send_reminders(cancel_url_for_event=cancel_url_maker)
        self.stdout.write(f"{sent} herinneringen verstuurd.")
