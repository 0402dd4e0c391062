"""The knowledge-bank listing: one place that turns request.GET into a queryset, facets and counts."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django.core.cache import cache
from django.db.models import Count
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from home.views import clean_query

from . import lookups  # noqa: F401 - registers __any_of
from .models import EVIDENCE_LEVELS, VOCABULARIES, EntryPage

SORTS = {
    "relevantie": _("Relevantie"),
    "nieuwste": _("Nieuwste eerst"),
    "oudste": _("Oudste eerst"),
    "titel": _("Titel (A-Z)"),
}
SORT_ORDER = {
    "nieuwste": ["-date", "-first_published_at", "-pk"],
    "oudste": ["date", "first_published_at", "pk"],
    "titel": ["title", "pk"],
}
FACET_LABELS = {
    "thema": _("Thema"),
    "onderwerp": _("Onderwerp"),
    "soort": _("Soort"),
    "sector": _("Sector"),
    "uitgangspunt": _("Uitgangspunt"),
    "onderbouwing": _("Onderbouwing"),
}
FACETS = [*VOCABULARIES, "onderbouwing"]
MAX_VALUES_PER_FACET = 50
VOCABULARY_CACHE_KEY = "entries:vocabulary-terms"


def vocabulary_terms():
    """{facet: [(slug, name, pk), ...]} of the active terms; cached, cleared when a term changes."""
    terms = cache.get(VOCABULARY_CACHE_KEY)
    if terms is None:
        terms = {
            facet: list(model.objects.filter(is_active=True).values_list("slug", "name", "pk"))
            for facet, (model, _field) in VOCABULARIES.items()
        }
        cache.set(VOCABULARY_CACHE_KEY, terms, 24 * 3600)
    return terms


def clear_vocabulary_cache():
    cache.delete(VOCABULARY_CACHE_KEY)


class VocabularyFilter(django_filters.MultipleChoiceFilter):
    """OR inside the facet, as a subquery so that an entry never appears twice."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        model_field = EntryPage._meta.get_field(self.field_name)
        if not model_field.many_to_many:
            return queryset.filter(**{f"{self.field_name}__slug__in": value})
        through = model_field.remote_field.through
        target = model_field.remote_field.model._meta.model_name
        return queryset.filter(pk__in=through.objects.filter(**{f"{target}__slug__in": value}).values("entrypage_id"))


class EntryFilterSet(django_filters.FilterSet):
    """Bound to request.GET. Unknown values are dropped one by one, so a stale bookmark still works."""

    q = django_filters.CharFilter(method="filter_text")
    sorteer = django_filters.ChoiceFilter(choices=list(SORTS.items()), method="filter_sort")

    class Meta:
        model = EntryPage
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        terms = vocabulary_terms()
        self.choices = {facet: [(slug, name) for slug, name, _pk in terms[facet]] for facet in VOCABULARIES}
        self.choices["onderbouwing"] = [(slug, str(label)) for slug, label in EVIDENCE_LEVELS]
        super().__init__(self._sanitise(data) if data is not None else None, queryset=queryset, **kwargs)
        for facet, (_model, field_name) in VOCABULARIES.items():
            self.filters[facet] = VocabularyFilter(field_name=field_name, choices=self.choices[facet])
        self.filters["onderbouwing"] = django_filters.MultipleChoiceFilter(
            field_name="evidence_level", lookup_expr="in", choices=self.choices["onderbouwing"], distinct=False
        )
        for name, filter_ in self.filters.items():
            filter_.parent = self
            filter_.model = EntryPage
            if not filter_.field_name:
                filter_.field_name = name

    def _sanitise(self, data):
        clean = MultiValueDict()
        for facet in FACETS:
            known = {slug for slug, _name in self.choices[facet]}
            values = []
            for value in data.getlist(facet)[:MAX_VALUES_PER_FACET]:
                if value in known and value not in values:
                    values.append(value)
            clean.setlist(facet, values)
        clean["q"] = clean_query(data.get("q", ""))
        sort = data.get("sorteer", "")
        clean["sorteer"] = sort if sort in SORTS else ""
        return clean

    @property
    def values(self):
        """The valid parameters: {facet: [slugs]}, 'q' and 'sorteer'."""
        if not self.is_bound or not self.is_valid():
            return {**{facet: [] for facet in FACETS}, "q": "", "sorteer": ""}
        return self.form.cleaned_data

    def filter_queryset(self, queryset, skip=None):
        """All filters but `skip`: the counts of a facet ignore that facet's own selection."""
        for name, value in self.values.items():
            if name != skip and name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_text(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__any_of=self.text_matches(value))

    def text_matches(self, value):
        """Ids of the live entries matching the text, searched once per request and reused by every count."""
        if getattr(self, "_text_matches", None) is None or self._text_matches[0] != value:
            matches = EntryPage.objects.live().search(value, operator="and", order_by_relevance=False).get_queryset()
            self._text_matches = (value, list(matches.values_list("pk", flat=True)))
        return self._text_matches[1]

    def filter_sort(self, queryset, name, value):
        return queryset  # sorting is applied once, by Listing.results


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def active_count(self):
        return sum(1 for option in self.options if option.selected)


class Listing:
    """The listing of one request: results, facets with counts, and the links between states."""

    def __init__(self, data, base_queryset):
        self.base = base_queryset
        self.filterset = EntryFilterSet(data, queryset=base_queryset)
        values = self.filterset.values
        self.selected = {facet: list(values.get(facet) or []) for facet in FACETS}
        self.query = values.get("q") or ""
        self.default_sort = "relevantie" if self.query else "nieuwste"
        sort = values.get("sorteer") or self.default_sort
        self.sort = "nieuwste" if sort == "relevantie" and not self.query else sort

    def results(self):
        if self.sort == "relevantie":
            # The backend ranks only the entries that pass the facets, and keeps its ranking.
            faceted = self.filterset.filter_queryset(self.base, skip="q")
            return faceted.search(self.query, operator="and").get_queryset()
        return self.filterset.filter_queryset(self.base).order_by(*SORT_ORDER[self.sort])

    def facets(self):
        terms = vocabulary_terms()
        facets = []
        for facet, (_model, field_name) in VOCABULARIES.items():
            others = self.filterset.filter_queryset(self.base, skip=facet).values("pk")
            model_field = EntryPage._meta.get_field(field_name)
            if model_field.many_to_many:
                through = model_field.remote_field.through
                target = f"{model_field.remote_field.model._meta.model_name}_id"
                rows = through.objects.filter(entrypage_id__in=others).values(target).annotate(n=Count("id"))
                counts = dict(rows.values_list(target, "n"))
            else:
                rows = EntryPage.objects.filter(pk__in=others).order_by().values("entry_type_id")
                counts = dict(rows.annotate(n=Count("pk")).values_list("entry_type_id", "n"))
            facets.append(self._facet(facet, [(slug, name, counts.get(pk, 0)) for slug, name, pk in terms[facet]]))
        others = self.filterset.filter_queryset(self.base, skip="onderbouwing").order_by()
        counts = dict(others.values("evidence_level").annotate(n=Count("pk")).values_list("evidence_level", "n"))
        levels = [(slug, str(label), counts.get(slug, 0)) for slug, label in EVIDENCE_LEVELS]
        facets.append(self._facet("onderbouwing", levels))
        return facets

    def _facet(self, facet, options):
        return Facet(
            name=facet,
            label=FACET_LABELS[facet],
            options=[FacetOption(slug, name, count, slug in self.selected[facet]) for slug, name, count in options],
        )

    # -- links between states -----------------------------------------------------
    def querystring(self, selected=None, query=None, sort=None, page=None):
        selected = self.selected if selected is None else selected
        query = self.query if query is None else query
        sort = self.sort if sort is None else sort
        items = [(facet, value) for facet in FACETS for value in selected[facet]]
        if query:
            items.append(("q", query))
        if sort != ("relevantie" if query else "nieuwste"):
            items.append(("sorteer", sort))
        if page and page > 1:
            items.append(("pagina", page))
        return ("?" + urlencode(items)) if items else "?"

    def url_toggling(self, facet, slug):
        selected = {key: list(values) for key, values in self.selected.items()}
        if slug in selected[facet]:
            selected[facet].remove(slug)
        else:
            selected[facet].append(slug)
        return self.querystring(selected=selected)

    def active_filters(self):
        active = []
        for facet in FACETS:
            names = dict(self.filterset.choices[facet])
            for slug in self.selected[facet]:
                active.append(
                    {"facet": FACET_LABELS[facet], "name": names[slug], "remove_url": self.url_toggling(facet, slug)}
                )
        if self.query:
            active.append({"facet": _("Zoekterm"), "name": self.query, "remove_url": self.querystring(query="")})
        return active

    @property
    def has_filters(self):
        return bool(self.query) or any(self.selected.values())
