from django.conf import settings
from django.core.management.base import BaseCommand

from home.retention import purge_all


class Command(BaseCommand):
    help = (
        "Removes or anonymises personal data past its retention period: registrations after their event, "
        "unconfirmed members, unpublished contributions' contact details, and outgoing mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PERSONAL_DATA_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        for count, description in purge_all(days):
            self.stdout.write(f"{count} {description}")
