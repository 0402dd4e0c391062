"""What `manage.py check_links` saw of each external link of an entry (entries/links.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheck(models.Model):
    entry = models.ForeignKey("entries.EntryPage", on_delete=models.CASCADE, related_name="link_checks")
    url = models.URLField(_("adres"), max_length=500)
    status_code = models.PositiveSmallIntegerField(_("antwoord"), null=True, blank=True)
    error = models.CharField(_("fout"), max_length=100, blank=True)
    broken = models.BooleanField(_("kapot"), default=False, db_index=True)
    marked_ok = models.BooleanField(_("gecontroleerd door de redactie"), default=False)
    checked_at = models.DateTimeField(_("gecontroleerd op"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("linkcontrole")
        verbose_name_plural = _("linkcontroles")
        constraints = [models.UniqueConstraint(fields=["entry", "url"], name="one_check_per_link")]

    def __str__(self):
        return f"{self.url} ({self.status_code or self.error})"
