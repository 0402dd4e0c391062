"""What a contributor can follow behind a token: the state of their contribution, without personal data."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.tokens import new_token  # noqa: F401 - also named by entries/migrations/0007


class Contribution(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("ontvangen")
        IN_PROGRESS = "in_progress", _("in behandeling")
        SCHEDULED = "scheduled", _("ingepland")
        PUBLISHED = "published", _("gepubliceerd")
        DECLINED = "declined", _("niet geplaatst")

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    entry = models.ForeignKey(
        "entries.EntryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="contribution_records"
    )
    title = models.CharField(_("titel"), max_length=255)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    comment = models.TextField(_("opmerking van de redactie"), blank=True)
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"
