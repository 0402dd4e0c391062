"""The one registry of the knowledge bank's vocabularies.

Every form, filter, facet, search row, API field, template loop, permission and demo loader reads this
list. Adding a vocabulary is one line here, its snippet model (entries/models/snippets.py), a field on
EntryPage, a column on EntrySearchRow, and the migration `makemigrations` writes for them.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Vocabulary:
    param: str  # the listing's query parameter, the API's field and the search row's column
    model_name: str  # the snippet model in `entries`
    field: str  # the field on EntryPage
    label: str  # singular, as a facet's heading
    plural: str  # as a heading on an entry page
    many: bool = True  # several terms per entry, or exactly one

    @property
    def model(self):
        return apps.get_model("entries", self.model_name)

    def terms_of(self, entry):
        """The entry's terms of this vocabulary, as a list."""
        value = getattr(entry, self.field)
        if not self.many:
            return [value] if value is not None else []
        return list(value.all())


# Order is the order on the page.
VOCABULARIES = [
    Vocabulary("thema", "Thema", "themes", _("Thema"), _("Thema's")),
    Vocabulary("onderwerp", "Onderwerp", "topics", _("Onderwerp"), _("Onderwerpen")),
    Vocabulary("soort", "Soort", "entry_type", _("Soort"), _("Soort"), many=False),
    Vocabulary("sector", "Sector", "sectors", _("Sector"), _("Sectoren")),
    Vocabulary("uitgangspunt", "Uitgangspunt", "principles", _("Uitgangspunt"), _("Uitgangspunten")),
]
BY_PARAM = {vocabulary.param: vocabulary for vocabulary in VOCABULARIES}
# Snippet models that moderators manage: the vocabularies and the organisations.
MANAGED_MODELS = [vocabulary.model_name.lower() for vocabulary in VOCABULARIES] + ["organisatie"]
