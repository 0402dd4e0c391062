from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from entries.models.snippets import Onderwerp, Organisatie, Sector, Soort, Thema, Uitgangspunt
from home.blocks import BodyBlock
from home.site.access import ViewRestrictionsMixin
from home.site.public_urls import PublicUrlMixin

EVIDENCE_LEVELS = [
    ("niet-geevalueerd", _("niet geëvalueerd")),
    ("procesevaluatie", _("procesevaluatie")),
    ("effectevaluatie", _("effectevaluatie")),
    ("erkend", _("erkend")),
]
# The licence of the material (its slug is the listing's `licentie` value and, where one exists, the value of
# NL LOM's copyrightandotherrestrictions vocabulary; docs/oai-pmh.md).
LICENCES = [
    ("cc-by-40", "CC BY 4.0"),
    ("cc-by-sa-40", "CC BY-SA 4.0"),
    ("cc-by-nc-40", "CC BY-NC 4.0"),
    ("cc0-10", "CC0"),
    ("alle-rechten-voorbehouden", _("alle rechten voorbehouden")),
    ("onbekend", _("onbekend")),
]
LICENCE_URLS = {
    "cc-by-40": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-40": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc-40": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc0-10": "https://creativecommons.org/publicdomain/zero/1.0/",
}
# What each level means, for readers who do not know the terms (the badge on an entry page).
EVIDENCE_MEANINGS = {
    "niet-geevalueerd": _("Er is (nog) geen evaluatie van deze aanpak bekend."),
    "procesevaluatie": _("Onderzocht is hoe de aanpak is uitgevoerd en ontvangen, niet of hij werkt."),
    "effectevaluatie": _("Onderzocht is of de aanpak het beoogde effect heeft."),
    "erkend": _("Een onafhankelijke commissie heeft de aanpak beoordeeld en erkend."),
}


def _slugs(many=True):
    return serializers.SlugRelatedField(slug_field="slug", many=many, read_only=True)


CONTRIBUTOR_PERMISSION = "entries.view_contributor"

# Routes of the index page; entries may not take these slugs.
RESERVED_SLUGS = {"feed", "export", "delen", "overzicht", "volgen"}


class QualityMixin(models.Model):
    """The quality frame ("kwaliteitskader") of an entry."""

    EVALUATED_CHOICES = [("ja", _("ja")), ("nee", _("nee")), ("loopt", _("loopt"))]
    ACCESSIBILITY_CHOICES = [("volledig", _("volledig")), ("deels", _("deels")), ("niet", _("niet"))]

    evaluated = models.CharField(_("geëvalueerd"), max_length=5, choices=EVALUATED_CHOICES, blank=True)
    duration = models.CharField(_("looptijd"), max_length=120, blank=True)
    reach = models.CharField(_("bereik"), max_length=200, blank=True)
    accessibility = models.CharField(
        _("digitale toegankelijkheid"), max_length=8, choices=ACCESSIBILITY_CHOICES, blank=True
    )
    evidence_level = models.CharField(
        _("onderbouwing"), max_length=20, choices=EVIDENCE_LEVELS, default="niet-geevalueerd", db_index=True
    )
    evidence_body = models.CharField(
        _("erkend door"), max_length=200, blank=True, help_text=_("De instantie die de aanpak erkende.")
    )
    last_reviewed = models.DateField(
        _("laatst beoordeeld"),
        null=True,
        blank=True,
        help_text=_("Zet de datum als de redactie het item opnieuw heeft bekeken; lezers zien hoe actueel het is."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("evaluated"), FieldPanel("accessibility")]),
                FieldRowPanel([FieldPanel("duration"), FieldPanel("reach")]),
                FieldRowPanel([FieldPanel("evidence_level"), FieldPanel("evidence_body")]),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Kwaliteitskader"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_quality_frame(self):
        return any([self.evaluated, self.duration, self.reach, self.accessibility])

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def evidence_meaning(self):
        return EVIDENCE_MEANINGS.get(self.evidence_level, "")

    @property
    def quality_checklist(self):
        """[(state, text)] for the readable checklist: state is "yes", "partly" or "no"."""
        items = []
        evaluated = {
            "ja": ("yes", _("De aanpak is geëvalueerd")),
            "loopt": ("partly", _("Een evaluatie loopt")),
            "nee": ("no", _("De aanpak is niet geëvalueerd")),
        }
        accessible = {
            "volledig": ("yes", _("Het materiaal is volledig digitaal toegankelijk")),
            "deels": ("partly", _("Het materiaal is deels digitaal toegankelijk")),
            "niet": ("no", _("Het materiaal is niet digitaal toegankelijk")),
        }
        if self.evaluated in evaluated:
            items.append(evaluated[self.evaluated])
        if self.accessibility in accessible:
            items.append(accessible[self.accessibility])
        return items


class EntryPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "evidence_level" in self.fields:  # the levels explained where they are chosen
            self.fields["evidence_level"].help_text = " ".join(
                f"{label}: {EVIDENCE_MEANINGS[slug]}" for slug, label in EVIDENCE_LEVELS
            )

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("evidence_level")
        if level == "erkend" and not cleaned.get("evidence_body"):
            self.add_error("evidence_body", _("Vul in door wie de aanpak is erkend."))
        if level and level != "niet-geevalueerd" and cleaned.get("evaluated") not in ("ja", "loopt"):
            self.add_error(
                "evaluated",
                _("Een onderbouwing boven ‘niet geëvalueerd’ vraagt om een evaluatie: kies ‘ja’ of ‘loopt’."),
            )
        return cleaned


class EntryPage(PublicUrlMixin, ViewRestrictionsMixin, QualityMixin, Page):  # noqa: DJ008 - Page provides __str__
    LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]

    intro = models.TextField(_("samenvatting"), max_length=600, help_text=_("Korte, platte samenvatting."))
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)
    entry_type = models.ForeignKey(
        Soort, verbose_name=_("soort"), null=True, blank=False, on_delete=models.PROTECT, related_name="entries"
    )
    themes = ParentalManyToManyField(Thema, verbose_name=_("thema's"), blank=True, related_name="entries")
    topics = ParentalManyToManyField(Onderwerp, verbose_name=_("onderwerpen"), blank=True, related_name="entries")
    sectors = ParentalManyToManyField(Sector, verbose_name=_("sectoren"), blank=True, related_name="entries")
    principles = ParentalManyToManyField(
        Uitgangspunt, verbose_name=_("uitgangspunten"), blank=True, related_name="entries"
    )
    organisations = ParentalManyToManyField(
        Organisatie, verbose_name=_("organisaties (initiatiefnemers)"), blank=True, related_name="entries"
    )
    date = models.DateField(_("datum"), null=True, blank=True, help_text=_("Datum van publicatie of start."))
    external_url = models.URLField(_("externe link"), max_length=500, blank=True)
    contact = models.CharField(_("contact"), max_length=250, blank=True)
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGES, default="nl")
    country = models.CharField(_("land"), max_length=100, default="Nederland")
    licence = models.CharField(
        _("licentie"),
        max_length=30,
        choices=LICENCES,
        default="onbekend",
        db_index=True,
        help_text=_("Onder welke voorwaarden anderen het materiaal mogen gebruiken."),
    )

    # Kept only until publication, to tell a contributor their entry went live.
    contributor_name = models.CharField(_("naam inzender"), max_length=200, blank=True)
    contributor_email = models.EmailField(_("e-mail inzender"), blank=True)
    contributor_consent = models.BooleanField(_("inzender wil benaderd worden"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("language"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("external_url"), FieldPanel("licence")]),
                FieldPanel("contact"),
            ],
            heading=_("Gegevens"),
        ),
    ]
    classification_panels = [
        FieldPanel("entry_type", widget=forms.Select),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        # Ticked, not Ctrl-clicked; the page's own search finds a name among them.
        FieldPanel("organisations", widget=forms.CheckboxSelectMultiple),
    ]
    relation_panels = [
        # heading above the rows, label in the button: "Voeg bijlage toe"
        InlinePanel("attachments", heading=_("Bijlagen"), label=_("bijlage")),
        InlinePanel("related_entry_links", heading=_("Gerelateerde items"), label=_("gerelateerd item")),
    ]
    contributor_panels = [
        # Personal data: only Eindredactie (who reply) and superusers see or change it; Redacteuren never.
        MultiFieldPanel(
            [
                FieldPanel(name, permission=CONTRIBUTOR_PERMISSION)
                for name in ("contributor_name", "contributor_email", "contributor_consent")
            ],
            heading=_("Inzending (wordt gewist bij publicatie of na de bewaartermijn)"),
            classname="collapsed",
            permission=CONTRIBUTOR_PERMISSION,
        )
    ]
    # Tabs in the order an editor works: what it is, how it is classified, how good the evidence is, what
    # comes with it, and when and where it is published.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(classification_panels, heading=_("Classificatie")),
            ObjectList(QualityMixin.panels, heading=_("Kwaliteitskader")),
            ObjectList(relation_panels + contributor_panels, heading=_("Bijlagen en relaties")),
            ObjectList(Page.promote_panels + Page.settings_panels, heading=_("Publicatie")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=3),
        index.SearchField("body"),
        index.SearchField("country"),
        index.FilterField("evidence_level"),
        index.FilterField("entry_type"),
        index.FilterField("date"),
        index.RelatedFields("entry_type", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("organisations", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("intro"),
        APIField("entry_type", serializer=_slugs(many=False)),
        APIField("themes", serializer=_slugs()),
        APIField("topics", serializer=_slugs()),
        APIField("sectors", serializer=_slugs()),
        APIField("principles", serializer=_slugs()),
        APIField("organisations", serializer=_slugs()),
        APIField("date"),
        APIField("external_url"),
        APIField("evidence_level"),
    ]

    base_form_class = EntryPageForm
    search_label = _("Kennisbank-item")
    parent_page_types = ["entries.EntryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("kennisbankitem")
        verbose_name_plural = _("kennisbankitems")
        permissions = [("view_contributor", _("Mag de contactgegevens van inzenders zien"))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            # One query per relation instead of one per use (facts panel, JSON-LD, related entries).
            prefetch_related_objects(
                [self], "themes", "topics", "sectors", "principles", "organisations", "attachments__document"
            )
        return context

    @property
    def classification(self):
        """[(vocabulary, terms)] in the registry's order: the facts panel, one loop for every vocabulary."""
        from entries.catalogue.vocabularies import VOCABULARIES

        return [(vocabulary, vocabulary.terms_of(self)) for vocabulary in VOCABULARIES]

    def hand_chosen_entries(self):
        """The related entries an editor linked, live ones only, in the editor's order."""
        return [link.entry for link in self.related_entry_links.all() if link.entry and link.entry.live]

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Deze slug is gereserveerd; kies een andere.")})


class EntryAttachment(Orderable):
    page = ParentalKey(EntryPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE)
    title = models.CharField(_("linktekst"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self):
        return self.title or self.document.title


class RelatedEntry(Orderable):
    page = ParentalKey(EntryPage, related_name="related_entry_links", on_delete=models.CASCADE)
    entry = models.ForeignKey(EntryPage, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("entry", "entries.EntryPage")]
