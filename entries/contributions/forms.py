import re

from django import forms
from django.utils.translation import gettext_lazy as _

from entries.models.pages import LICENCES
from entries.models.snippets import Onderwerp, Sector, Soort, Thema, Uitgangspunt
from home.abuse.validators import HoneypotForm, PublicEmailField
from home.text import SingleLineField


def _active(model):
    return model.objects.filter(is_active=True)


SLUG = re.compile(r"[-a-z0-9_]{1,100}")
PREFILL_FIELDS = [("themes", Thema), ("topics", Onderwerp), ("sectors", Sector), ("principles", Uitgangspunt)]


class ContributionForm(HoneypotForm):
    """The public form; every field is bounded, errors are in Dutch next to the field."""

    title = SingleLineField(label=_("Titel van het initiatief"), max_length=200)
    intro = forms.CharField(
        label=_("Korte samenvatting"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Twee of drie zinnen: wat is het en voor wie?"),
    )
    description = forms.CharField(label=_("Beschrijving"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}))
    entry_type = forms.ModelChoiceField(label=_("Soort"), queryset=_active(Soort), empty_label=_("— kies —"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"), queryset=_active(Thema), required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Onderwerpen"), queryset=_active(Onderwerp), required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectoren"), queryset=_active(Sector), required=False, widget=forms.CheckboxSelectMultiple
    )
    principles = forms.ModelMultipleChoiceField(
        label=_("Uitgangspunten van het Landelijk Kader"),
        queryset=_active(Uitgangspunt),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation_name = SingleLineField(
        label=_("Naam van de organisatie"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_website = forms.URLField(label=_("Website van de organisatie"), max_length=500, required=False)
    external_url = forms.URLField(label=_("Link naar meer informatie"), max_length=500, required=False)
    licence = forms.ChoiceField(
        label=_("Licentie"),
        choices=LICENCES,
        initial="onbekend",
        required=False,  # a form from before this field, or left alone: "onbekend"
        help_text=_("Mogen anderen het materiaal hergebruiken? Kies ‘onbekend’ als je het niet zeker weet."),
    )
    name = SingleLineField(label=_("Je naam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = PublicEmailField(label=_("Je e-mailadres"))
    consent = forms.BooleanField(
        label=_("De redactie mag contact met mij opnemen over deze bijdrage."),
        error_messages={"required": _("We hebben je toestemming nodig om op je bijdrage te reageren.")},
    )

    def clean_licence(self):
        return self.cleaned_data.get("licence") or "onbekend"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets are evaluated per form, so new or retired terms show at once.
        for name, model in PREFILL_FIELDS + [("entry_type", Soort)]:
            self.fields[name].queryset = _active(model)

    @staticmethod
    def initial_from(query):
        """Terms chosen by slug in the address (a gap on the overview): thema, onderwerp, sector, uitgangspunt.
        Never the evidence level, which is the moderators' judgement."""
        initial = {}
        for (name, model), param in zip(PREFILL_FIELDS, ("thema", "onderwerp", "sector", "uitgangspunt"), strict=True):
            slugs = [slug for slug in query.getlist(param)[:20] if SLUG.fullmatch(slug)]  # no NUL or odd bytes
            if slugs:
                initial[name] = list(_active(model).filter(slug__in=slugs))
        return initial
