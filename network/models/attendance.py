"""Who came: one row per registration and occasion (the event, or one session of a masterclass); the
accreditation an editor sets per event; the certificates of attendance, kept apart from the registrations (which
are anonymised after the event) for CERTIFICATE_RETENTION_YEARS."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from network.models.personal import RegisterNumber

# No 0/O or 1/I: a code is read from paper and typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    parts = ["".join(secrets.choice(CODE_ALPHABET) for _n in range(4)) for _part in range(4)]
    return "-".join(parts)


class Attendance(models.Model):
    registration = models.ForeignKey(
        "network.Registration", verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="attendances"
    )
    # Null for an event without sessions; a masterclass records each session apart.
    session = models.ForeignKey(
        "network.MasterclassSession",
        verbose_name=_("sessie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    checked_in_at = models.DateTimeField(_("ingecheckt om"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingecheckt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        constraints = [
            # One row per person and session, and one per person for an event without sessions (a unique
            # constraint alone would let NULL sessions repeat).
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="one_attendance_per_session",
            ),
            models.UniqueConstraint(
                fields=["registration"], condition=Q(session__isnull=True), name="one_attendance_per_event"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id or '-'}"


class Accreditation(Orderable):
    """Points an event earns in one professional register, with the register's accreditation number."""

    page = ParentalKey("network.EventPage", related_name="accreditations", on_delete=models.CASCADE)
    register = models.CharField(_("register"), max_length=16, choices=RegisterNumber.Register.choices)
    points = models.DecimalField(_("punten"), max_digits=5, decimal_places=2)
    number = models.CharField(_("accreditatienummer"), max_length=60, blank=True)

    panels = [FieldRowPanel([FieldPanel("register"), FieldPanel("points"), FieldPanel("number")])]

    class Meta(Orderable.Meta):
        verbose_name = _("accreditatie")
        verbose_name_plural = _("accreditaties")
        constraints = [models.UniqueConstraint(fields=["page", "register"], name="one_accreditation_per_register")]

    def __str__(self):
        return f"{self.get_register_display()}: {self.points}"


class Certificate(models.Model):
    """A certificate of attendance as it was issued: what it says stays, whatever happens to the event or the
    registration later. The code makes it verifiable at /netwerk/certificaat/<code>/."""

    code = models.CharField(_("code"), max_length=19, unique=True, default=new_certificate_code, editable=False)
    registration = models.OneToOneField(
        "network.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    event = models.ForeignKey(
        "network.EventPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    email = models.EmailField(_("e-mailadres"), db_index=True)
    holder_name = models.CharField(_("naam"), max_length=200)
    event_title = models.CharField(_("evenement"), max_length=255)
    dates = models.CharField(_("data"), max_length=500)
    hours = models.DecimalField(_("contacturen"), max_digits=5, decimal_places=2)
    sessions_attended = models.PositiveSmallIntegerField(_("sessies bijgewoond"), default=1)
    sessions_total = models.PositiveSmallIntegerField(_("sessies"), default=1)
    # [{"register": "NIP", "points": "2.00", "accreditation": "…", "holder_number": "NIP-00123456"}]
    points = models.JSONField(_("punten"), default=list, blank=True)
    issued_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("bewijs van deelname")
        verbose_name_plural = _("bewijzen van deelname")

    def __str__(self):
        return f"{self.code} – {self.event_title}"
