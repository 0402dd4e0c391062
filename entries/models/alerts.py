"""A reader's alert on a filtered view of the knowledge bank: only an address and a selection
(see entries/alerts.py)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.tokens import new_token  # also named by entries/migrations/0010


class Alert(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("wekelijks")
        MONTHLY = "monthly", _("maandelijks")

    email = models.EmailField(_("e-mailadres"), db_index=True)
    # The selection as the listing's own parameters (facets and q), in the listing's canonical order.
    query = models.CharField(_("selectie"), max_length=2000, blank=True)
    frequency = models.CharField(_("frequentie"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    # Entries first published before this moment have been considered (sent, or there was nothing new).
    covered_until = models.DateTimeField(_("verstuurd tot"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # personal data, not content

    class Meta:
        verbose_name = _("attendering")
        verbose_name_plural = _("attenderingen")
        ordering = ["email", "created_at"]
        permissions = [("view_alert_addresses", _("Kan e-mailadressen van attenderingen zien"))]
        constraints = [models.UniqueConstraint(Lower("email"), "query", name="entries_alert_one_per_selection")]

    def __str__(self):
        return f"{self.get_frequency_display()}: {self.query or '*'}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
