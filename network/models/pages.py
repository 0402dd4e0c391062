from datetime import UTC

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.site.access import ViewRestrictionsMixin
from home.site.public_urls import PublicUrlMixin
from network.models.overview_panel import EventOverviewPanel
from network.models.registrations import QUESTIONS, default_questions, holds_place


def upcoming_events():
    return EventPage.objects.live().public().filter(end__gte=timezone.now()).order_by("start").annotate_places()


class EventQuerySet(PageQuerySet):
    def annotate_places(self):
        """Adds the number of confirmed registrations in the same query."""
        return self.annotate(n_confirmed=models.Count("registrations", filter=holds_place("registrations__")))


class EventPageForm(WagtailAdminPageForm):
    questions = forms.MultipleChoiceField(
        label=_("Vragen in het aanmeldformulier"),
        choices=QUESTIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Naam en e-mailadres worden altijd gevraagd; kies wat dit evenement verder nodig heeft."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if start and end and end <= start:
            self.add_error("end", _("Het einde moet na het begin liggen."))
        if closes and start and closes > start:
            self.add_error("registration_closes", _("Aanmelden moet sluiten voor het begin."))
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Aanmelden moet sluiten na het openen."))
        capacity = cleaned.get("capacity")
        if capacity is not None and capacity < 1:
            self.add_error("capacity", _("De capaciteit moet positief zijn, of leeg voor onbeperkt."))
        if not cleaned.get("venue") and not cleaned.get("online_url"):
            self.add_error("venue", _("Vul een locatie of een online link in."))
        return cleaned


class EventPage(PublicUrlMixin, ViewRestrictionsMixin, RoutablePageMixin, Page):
    class Kind(models.TextChoices):
        BIJEENKOMST = "bijeenkomst", _("Netwerkbijeenkomst")
        WEBINAR = "webinar", _("Webinar")
        INSPIRATIEDAG = "inspiratiedag", _("Inspiratiedag")
        MASTERCLASS = "masterclass", _("Masterclass")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.BIJEENKOMST, db_index=True)
    intro = models.TextField(_("introductie"), max_length=600, blank=True)
    start = models.DateTimeField(_("begin"), db_index=True)
    end = models.DateTimeField(_("einde"), db_index=True)
    venue = models.CharField(_("locatie"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    speakers = models.TextField(_("sprekers"), blank=True, help_text=_("Eén spreker per regel."))
    programme = RichTextField(_("programma"), features=RICH_TEXT_FEATURES, blank=True)
    capacity = models.PositiveIntegerField(_("capaciteit"), null=True, blank=True, help_text=_("Leeg = onbeperkt."))
    registration_opens = models.DateTimeField(_("aanmelden opent"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("aanmelden sluit"), null=True, blank=True)
    waiting_list = models.BooleanField(_("wachtlijst"), default=True)
    members_only = models.BooleanField(_("alleen voor leden"), default=False)
    questions = models.JSONField(
        _("vragen in het aanmeldformulier"),
        default=default_questions,
        blank=True,
        help_text=_("Naam en e-mailadres worden altijd gevraagd; kies wat dit evenement verder nodig heeft."),
    )
    cancelled = models.BooleanField(
        _("afgelast"),
        default=False,
        help_text=_(
            "Gaat het evenement niet door? Vink dit aan en publiceer: wie zich heeft aangemeld krijgt een e-mail "
            "en een agendabestand dat de afspraak uit de agenda haalt."
        ),
    )
    contact_hours = models.DecimalField(
        _("contacturen"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Ingevuld: wie aanwezig was krijgt na afloop een bewijs van deelname met deze uren."),
    )

    class CertificateRule(models.TextChoices):
        ALL = "all", _("alleen wie alle sessies bijwoonde")
        ATTENDED = "attended", _("iedereen, naar rato van de bijgewoonde sessies")

    certificate_rule = models.CharField(
        _("bewijs van deelname voor"), max_length=8, choices=CertificateRule.choices, default=CertificateRule.ALL
    )
    confirm_email = models.BooleanField(
        _("e-mailadres laten bevestigen"),
        default=True,
        help_text=_(
            "Een aanmelding telt pas als de deelnemer de link in de e-mail aanklikt; tot dan houdt zij de plek "
            "30 minuten vast. Zo kan niemand anderen aanmelden. Zet dit alleen uit als je weet wie er komt."
        ),
    )

    content_panels = Page.content_panels + [
        EventOverviewPanel(),
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("online_url")]),
                FieldPanel("cancelled"),
            ],
            heading=_("Wanneer en waar"),
            help_text=_(
                "Een gewijzigde tijd of plaats gaat bij het publiceren per e-mail naar wie zich heeft aangemeld."
            ),
        ),
        FieldPanel("speakers"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list"), FieldPanel("members_only")]),
                FieldPanel("confirm_email"),
                FieldPanel("questions"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
            ],
            heading=_("Aanmelden"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_hours"), FieldPanel("certificate_rule")]),
                InlinePanel("accreditations", label=_("Accreditatie"), heading=_("Punten per register")),
            ],
            heading=_("Accreditatie en bewijs van deelname"),
            classname="collapsed",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("programme"),
        index.SearchField("speakers"),
        index.SearchField("venue"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("kind"),
        APIField("location"),
        APIField("capacity"),
        APIField("places_left", serializer=serializers.IntegerField(read_only=True, allow_null=True)),
        APIField("registration_open", serializer=serializers.BooleanField(read_only=True)),
    ]

    objects = PageManager.from_queryset(EventQuerySet)()

    base_form_class = EventPageForm

    @property
    def search_label(self):
        return self.get_kind_display()

    parent_page_types = ["network.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evenement")
        verbose_name_plural = _("evenementen")

    # -- what a visitor sees -------------------------------------------------
    @property
    def location(self):
        return self.venue or str(_("online"))

    @property
    def is_online(self):
        return not self.venue and bool(self.online_url)

    @property
    def speaker_list(self):
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    @cached_property
    def confirmed_count(self):
        annotated = getattr(self, "n_confirmed", None)
        if annotated is not None:
            return annotated
        return self.registrations.filter(holds_place()).count()

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.places_left == 0

    @property
    def is_past(self):
        return self.end < timezone.now()

    def registration_state(self, now=None):
        """'open', 'not_yet', 'closed', 'cancelled'; says why a registration is or is not accepted."""
        now = now or timezone.now()
        if self.cancelled:
            return "cancelled"
        if self.registration_opens and now < self.registration_opens:
            return "not_yet"
        if now >= self.start or (self.registration_closes and now >= self.registration_closes):
            return "closed"
        return "open"

    @property
    def registration_open(self):
        return self.registration_state() == "open"

    @property
    def sessions_for_calendar(self):
        """(uid-suffix, title, start, end) for each VEVENT of this event."""
        return [("", self.title, self.start, self.end)]

    def announced_schedule(self):
        """When and where, as registrants are told it: a change of any of it is announced to them."""
        return {
            "cancelled": self.cancelled,
            "venue": self.venue,
            "online_url": self.online_url,
            "sessions": [
                [suffix, start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()]
                for suffix, _title, start, end in self.sessions_for_calendar
            ],
        }

    # -- routes ---------------------------------------------------------------
    @path("")
    def detail(self, request):
        from network.registrations.views import event_detail

        return event_detail(request, self)

    @path("aanmelden/", name="register")
    def register(self, request):
        from network.registrations.views import register

        return register(request, self)

    @path("bevestigen/<str:token>/", name="confirm_registration")
    def confirm_registration(self, request, token):
        from network.registrations.views import confirm_registration

        return confirm_registration(request, self, token)

    @path("afmelden/<str:token>/", name="cancel")
    def cancel(self, request, token):
        from network.registrations.views import cancel

        return cancel(request, self, token)

    @path("inchecken/", name="check_in")
    def check_in(self, request):
        from network.attendance.views import check_in_page

        return check_in_page(request, self)

    @path("ical/", name="ical")
    def ical(self, request):
        from network.events.views import ical_event

        return ical_event(request, self)


class MasterclassPage(EventPage):
    """A series of sessions with one registration for all of them."""

    content_panels = [panel for panel in EventPage.content_panels if getattr(panel, "field_name", None) != "kind"] + [
        InlinePanel("sessions", label=_("Sessies"), min_num=1)
    ]
    parent_page_types = ["network.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("masterclass")
        verbose_name_plural = _("masterclasses")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.sessions.all())
        return context

    def save(self, *args, **kwargs):
        self.kind = EventPage.Kind.MASTERCLASS
        sessions = list(self.sessions.all())
        if sessions:
            # The series runs from its first session to its last.
            self.start = min(session.start for session in sessions)
            self.end = max(session.end for session in sessions)
        return super().save(*args, **kwargs)

    @property
    def sessions_for_calendar(self):
        return [
            (f"-{index}", f"{self.title}: {session.title or index}", session.start, session.end)
            for index, session in enumerate(self.sessions.all(), start=1)
        ]


class MasterclassSession(Orderable):
    page = ParentalKey(MasterclassPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"))

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Het einde moet na het begin liggen.")})
