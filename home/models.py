from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.site.access import ViewRestrictionsMixin
from home.site.public_urls import PublicUrlMixin
from home.site.routing import OneQueryRouteMixin
from home.site.sections import home_sections


class HomePage(OneQueryRouteMixin, PublicUrlMixin, ViewRestrictionsMixin, Page):
    intro = models.TextField(_("introductie"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "entries.EntryIndexPage", "network.NetworkPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections()
        context["own_search_field"] = True  # the hero's search field; the header leaves its own out
        return context


class StandardPage(PublicUrlMixin, ViewRestrictionsMixin, Page):
    intro = models.TextField(_("introductie"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage", "network.NetworkPage"]
    subpage_types = ["home.StandardPage"]

    search_label = _("Pagina")

    class Meta:
        verbose_name = _("standaardpagina")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(_("ondertitel"), max_length=200, default="Kennis en netwerk voor studentenwelzijn")
    contact_email = models.EmailField(_("contactadres"), default="info@kennisbank-studentenwelzijn.nl")

    panels = [FieldPanel("tagline"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("site-instellingen")


class OutgoingMail(models.Model):
    """Every e-mail is stored first, in the same transaction as what caused it, so none is lost."""

    class Status(models.TextChoices):
        PENDING = "pending", _("te verzenden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")

    to = models.EmailField(_("aan"), db_index=True)
    # What the mail is for ("join", "registration:12", …): at most one confirmation per address and purpose an hour.
    purpose = models.CharField(_("doel"), max_length=60, blank=True, db_index=True)
    subject = models.CharField(_("onderwerp"), max_length=250)
    body = models.TextField(_("tekst"), blank=True)
    # What to render when sending (after the transaction that recorded the mail, outside any lock).
    template = models.CharField(_("sjabloon"), max_length=200, blank=True)
    context = models.JSONField(_("gegevens"), default=dict, blank=True)
    attachment_builder = models.CharField(_("bijlage maken met"), max_length=200, blank=True)
    attachment_name = models.CharField(_("bijlage"), max_length=100, blank=True)
    attachment = models.TextField(_("inhoud bijlage"), blank=True)
    attachment_type = models.CharField(_("soort bijlage"), max_length=100, blank=True)
    # Further attachments, text or binary: [{"name", "type", "base64"}] (a QR code, a PDF), kept for retries.
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)
    # Extra message headers ({"List-Unsubscribe": "<https://…>"}), sent as they are.
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")

    def __str__(self):
        return self.subject


class SearchStatistic(models.Model):
    """How often a search text was used on a day, and how often it found nothing (for Eindredactie)."""

    query = models.CharField(_("zoekterm"), max_length=200)
    day = models.DateField(_("dag"), db_index=True)
    searches = models.PositiveIntegerField(_("zoekopdrachten"), default=0)
    empty = models.PositiveIntegerField(_("zonder resultaat"), default=0)

    class Meta:
        verbose_name = _("zoekstatistiek")
        verbose_name_plural = _("zoekstatistieken")
        constraints = [models.UniqueConstraint(fields=["query", "day"], name="home_searchstatistic_query_day")]

    def __str__(self):
        return f"{self.query} ({self.day})"


class UseCounter(models.Model):
    """How often a client (a pseudonymous fingerprint) used a form within the current window: the abuse limits
    (home/abuse/limits.py). Counted in one atomic statement; expired rows are removed by purge_personal_data."""

    key = models.CharField(max_length=200, primary_key=True)
    uses = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("gebruiksteller")
        verbose_name_plural = _("gebruikstellers")

    def __str__(self):
        return self.key
