"""What registrants were told about an event's time and place (network/events/: announcements, ical)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventSchedule(models.Model):
    """What registrants were last told about an event's time and place, and the SEQUENCE of its calendar file.

    Kept beside the page rather than on it, so that publishing an older revision cannot turn the sequence back."""

    event = models.OneToOneField(
        "network.EventPage", primary_key=True, on_delete=models.CASCADE, related_name="schedule"
    )
    sequence = models.PositiveIntegerField(_("versie van het agendabestand"), default=0)
    announced = models.JSONField(_("aangekondigd"), default=dict)
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("aangekondigde tijd en plaats")

    def __str__(self):
        return f"{self.event_id} (SEQUENCE {self.sequence})"
