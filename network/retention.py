"""The network's personal data past its retention period (registered with home.retention)."""

from datetime import timedelta

from django.conf import settings

from .models.registrations import Member, Registration

ANONYMOUS = "geanonimiseerd"


def purge(now, days):
    expired = Registration.objects.filter(event__end__lt=now - timedelta(days=days), anonymised_at__isnull=True)
    anonymised = 0
    for registration in expired.only("pk"):
        Registration.objects.filter(pk=registration.pk).update(
            name=ANONYMOUS,
            email=f"{registration.pk}@{ANONYMOUS}.invalid",
            organisation="",
            role="",
            diet="",
            access_needs="",
            remarks="",
            anonymised_at=now,
        )
        anonymised += 1
    members, _detail = Member.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=settings.UNCONFIRMED_MEMBER_DAYS)
    ).delete()
    return [(anonymised, "aanmeldingen geanonimiseerd"), (members, "onbevestigde leden verwijderd")]
