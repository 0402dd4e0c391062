"""The network's personal data past its retention period (registered with home.retention)."""

from datetime import timedelta

from django.conf import settings

from home.retention import pseudonymise_log_labels
from network.models.registrations import Member, Registration

ANONYMOUS = "geanonimiseerd"


def anonymise(registrations, now):
    """Keep the registrations as numbers (who came is counted, not named); returns how many."""
    anonymised = 0
    for registration in registrations.filter(anonymised_at__isnull=True).only("pk"):
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
    return anonymised


def purge(now, days):
    anonymised = anonymise(Registration.objects.filter(event__end__lt=now - timedelta(days=days)), now)
    members, _detail = Member.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=settings.UNCONFIRMED_MEMBER_DAYS)
    ).delete()
    # The audit log's labels of registrations that are anonymised or gone, and of members who left.
    gone = Registration.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    labels = pseudonymise_log_labels(Registration, list(gone) + _logged_but_deleted(Registration), "Aanmelding")
    labels += pseudonymise_log_labels(Member, _logged_but_deleted(Member), "Netwerklid")
    return [
        (anonymised, "aanmeldingen geanonimiseerd"),
        (members, "onbevestigde leden verwijderd"),
        (labels, "namen in het logboek vervangen door een nummer"),
    ]


def _logged_but_deleted(model):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    logged = set(
        ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
            "object_id", flat=True
        )
    )
    existing = {
        str(pk)
        for pk in model.objects.filter(pk__in=[i for i in logged if i.isascii() and i.isdigit()]).values_list(
            "pk", flat=True
        )
    }
    return [int(i) for i in logged - existing if i.isascii() and i.isdigit()]
