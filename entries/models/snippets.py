"""The vocabularies of the knowledge bank: editable by moderators, slugs used in URLs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Term(index.Indexed, models.Model):
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    description = models.TextField(_("omschrijving"), blank=True)
    synonyms = models.TextField(
        _("synoniemen"),
        blank=True,
        help_text=_("Andere woorden waaronder lezers deze term zoeken, gescheiden door komma's (bijv. burn-out)."),
    )
    sort_order = models.PositiveIntegerField(_("volgorde"), default=0, db_index=True)
    is_active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Zet uit om de term niet meer als filter aan te bieden; bestaande koppelingen blijven."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    sort_order_field = "sort_order"

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Thema(Term):
    class Meta(Term.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class Onderwerp(Term):
    class Meta(Term.Meta):
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")


class Soort(Term):
    class Meta(Term.Meta):
        verbose_name = _("soort")
        verbose_name_plural = _("soorten")


class Sector(Term):
    class Meta(Term.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectoren")


class Uitgangspunt(Term):
    class Meta(Term.Meta):
        verbose_name = _("uitgangspunt")
        verbose_name_plural = _("uitgangspunten")


class Organisatie(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        UNIVERSITEIT = "universiteit", _("universiteit")
        HOGESCHOOL = "hogeschool", _("hogeschool")
        MBO = "mbo-instelling", _("mbo-instelling")
        WELZIJN = "welzijnsorganisatie", _("welzijnsorganisatie")
        OVERHEID = "overheid", _("overheid")
        STUDENTEN = "studentenorganisatie", _("studentenorganisatie")
        ANDERS = "anders", _("anders")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("soort organisatie"), max_length=30, choices=Kind.choices, default=Kind.ANDERS)
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name
