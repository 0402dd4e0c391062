from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from home.models import OutgoingMail
from network.models import Member, Registration

ANONYMOUS = "geanonimiseerd"


class Command(BaseCommand):
    help = "Anonymises registrations some days after their event ended and removes unconfirmed members."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PERSONAL_DATA_RETENTION_DAYS)
        parser.add_argument("--member-days", type=int, default=30)

    def handle(self, *args, days, member_days, **options):
        now = timezone.now()
        expired = Registration.objects.filter(event__end__lt=now - timedelta(days=days), anonymised_at__isnull=True)
        anonymised = 0
        for registration in expired.only("pk"):
            Registration.objects.filter(pk=registration.pk).update(
                name=ANONYMOUS,
                email=f"{registration.pk}@{ANONYMOUS}.invalid",
                organisation="",
                role="",
                remarks="",
                anonymised_at=now,
            )
            anonymised += 1
        members, _ = Member.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - timedelta(days=member_days)
        ).delete()
        mails, _ = OutgoingMail.objects.filter(
            status=OutgoingMail.Status.SENT, created_at__lt=now - timedelta(days=days)
        ).delete()
        self.stdout.write(
            f"{anonymised} aanmeldingen geanonimiseerd, {members} onbevestigde leden verwijderd, "
            f"{mails} verzonden e-mails gewist."
        )
