"""Who came: one row per registration and occasion (the event, or one session of a masterclass)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
