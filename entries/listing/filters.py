"""The knowledge-bank listing: request parameters in, a Selection for the engine, facets and links out.

The listing, the feed, the CSV export, the read API (and later alerts and the gap map) build a
`Listing` from the same parameters, so the same parameters always select the same entries.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from entries.catalogue.vocabularies import VOCABULARIES
from entries.models.pages import EVIDENCE_LEVELS, LICENCES, EntryPage
from entries.search import engine
from entries.search.index import EVIDENCE_IDS, LICENCE_IDS
from entries.search.text import query_words
from home.cache.pages import current_generation
from home.views import clean_query

SORTS = {
    "relevantie": _("Relevantie"),
    "nieuwste": _("Nieuwste eerst"),
    "oudste": _("Oudste eerst"),
    "titel": _("Titel (A-Z)"),
}
FACET_LABELS = {
    **{vocabulary.param: vocabulary.label for vocabulary in VOCABULARIES},
    "onderbouwing": _("Onderbouwing"),
    "licentie": _("Licentie"),
}
FACETS = list(FACET_LABELS)
MAX_VALUES_PER_FACET = 50
VOCABULARY_CACHE_KEY = "entries:vocabulary-terms:v2"
COUNTS_TTL = 3600


def vocabulary_terms():
    """{facet: [(slug, name, id), ...]} of the active terms and evidence levels; cached until a term changes."""
    terms = cache.get(VOCABULARY_CACHE_KEY)
    if terms is None:
        terms = {
            vocabulary.param: list(vocabulary.model.objects.filter(is_active=True).values_list("slug", "name", "pk"))
            for vocabulary in VOCABULARIES
        }
        cache.set(VOCABULARY_CACHE_KEY, terms, 24 * 3600)
    levels = [(slug, str(label), EVIDENCE_IDS[slug]) for slug, label in EVIDENCE_LEVELS]
    licences = [(slug, str(label), LICENCE_IDS[slug]) for slug, label in LICENCES]
    return {**terms, "onderbouwing": levels, "licentie": licences}


def clear_vocabulary_cache():
    cache.delete(VOCABULARY_CACHE_KEY)


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


class Results:
    """The ordered entries of a listing as a sequence that Django's Paginator can slice; `related` names the
    relations to load with each entry, or is a function from ids to what a page shows (rendered cards)."""

    def __init__(self, listing, related):
        self.listing = listing
        self.related = related

    def count(self):
        return self.listing.counts.total

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        ids = self.listing.page_ids(start, None if stop is None else stop - start)
        return self.related(ids) if callable(self.related) else load_entries(ids, self.related)


CARD_RELATIONS = ("topics", "themes", "sectors")  # what an entry card shows


def load_entries(ids, related=CARD_RELATIONS):
    """Live entries by id, in the order of `ids`, with their card's relations in a fixed number of queries."""
    found = EntryPage.objects.live().filter(pk__in=ids).select_related("entry_type").prefetch_related(*related)
    by_id = {entry.pk: entry for entry in found}
    return [by_id[pk] for pk in ids if pk in by_id]


class Listing:
    """The listing of one request: results, facets with counts, and the links between states."""

    def __init__(self, data):
        self.terms = vocabulary_terms()
        clean = self._sanitise(data if data is not None else MultiValueDict())
        self.selected = {facet: clean.getlist(facet) for facet in FACETS}
        self.query = clean["q"]
        self.default_sort = "relevantie" if self.query else "nieuwste"
        sort = clean["sorteer"] or self.default_sort
        self.sort = "nieuwste" if sort == "relevantie" and not self.query else sort
        ids = {facet: {slug: pk for slug, _name, pk in self.terms[facet]} for facet in FACETS}
        self.selection = engine.Selection(
            facets={
                facet: tuple(ids[facet][slug] for slug in slugs) for facet, slugs in self.selected.items() if slugs
            },
            words=tuple(query_words(self.query)),
            sort=self.sort,
        )
        self._counts = None
        self._page = None  # (offset, limit, ids) fetched with the counts

    def _sanitise(self, data):
        """Unknown values are dropped one by one, so a stale bookmark still works."""
        clean = MultiValueDict()
        for facet in FACETS:
            # In the vocabulary's order, so that every way of asking for a selection has one canonical URL.
            asked = set(data.getlist(facet)[:MAX_VALUES_PER_FACET])
            clean.setlist(facet, [slug for slug, _name, _pk in self.terms[facet] if slug in asked])
        clean["q"] = clean_query(data.get("q", ""))
        sort = data.get("sorteer", "")
        clean["sorteer"] = sort if sort in SORTS else ""
        return clean

    @property
    def counts(self):
        if self._counts is None:
            self._counts = self._stored_counts()
        if self._counts is None:
            self._counts = engine.counts(self.selection)
            self._store_counts()
        return self._counts

    def prepare_page(self, number, per_page):
        """Fetches the counts and page `number` together (one round trip on PostgreSQL), before the paginator
        asks for them; a number beyond the last page finds no ids, and the paginator answers it as before.
        Counts already known for this selection (another page or sort of it) are not counted again."""
        if number is None or self._counts is not None:
            return
        offset = (number - 1) * per_page
        self._counts = self._stored_counts()
        if self._counts is not None:
            self._page = (offset, per_page, engine.ids(self.selection, offset=offset, limit=per_page))
            return
        self._counts, ids = engine.counts_and_ids(self.selection, offset, per_page)
        self._page = (offset, per_page, ids)
        self._store_counts()

    @cached_property
    def _counts_key(self):
        """The counts depend on the selection (not its sort or page) and on what is published: the page-cache
        generation, which every publish, unpublish and vocabulary change moves on, in any process. Read once
        per listing, so that the counts are stored under the generation they were looked up with."""
        selection = self.selection
        described = repr(
            (sorted(selection.facets.items()), selection.words, selection.published_from, selection.published_until)
        )
        digest = hashlib.sha256(described.encode()).hexdigest()[:32]
        return f"listing-counts:{current_generation()}:{digest}"

    def _stored_counts(self):
        if not settings.LISTING_COUNTS_CACHE:
            return None
        return caches["fragments"].get(self._counts_key)

    def _store_counts(self):
        if settings.LISTING_COUNTS_CACHE:
            caches["fragments"].set(self._counts_key, self._counts, COUNTS_TTL)

    def page_ids(self, offset, limit):
        if self._page and self._page[0] == offset and limit is not None and limit <= self._page[1]:
            return self._page[2][:limit]
        return engine.ids(self.selection, offset=offset, limit=limit)

    def results(self, related=CARD_RELATIONS):
        return Results(self, related)

    def newest(self, limit):
        """The most recently published entries of the selection (feed)."""
        selection = engine.Selection(self.selection.facets, self.selection.words, "gepubliceerd")
        return load_entries(engine.ids(selection, limit=limit), related=())

    def all_ids(self):
        return engine.ids(self.selection)

    def published_between(self, start, end, limit):
        """(number, the newest `limit` entries) of the selection first published in [start, end): alert digests."""
        selection = engine.Selection(self.selection.facets, self.selection.words, "gepubliceerd", start, end)
        return engine.total(selection), load_entries(engine.ids(selection, limit=limit), related=("entry_type",))

    def facets(self):
        facets = []
        for facet in FACETS:
            counts = self.counts.options[facet]
            options = [
                FacetOption(slug, name, counts.get(pk, 0), slug in self.selected[facet])
                for slug, name, pk in self.terms[facet]
            ]
            facets.append(Facet(name=facet, label=FACET_LABELS[facet], options=options))
        return facets

    # -- links between states -----------------------------------------------------
    def querystring(self, selected=None, query=None, sort=None, page=None):
        selected = self.selected if selected is None else selected
        query = self.query if query is None else query
        sort = self.sort if sort is None else sort
        items = [(facet, value) for facet in FACETS for value in selected[facet]]
        if query:
            items.append(("q", query))
        if sort not in (("relevantie" if query else "nieuwste"), "" if query else "relevantie"):
            items.append(("sorteer", sort))
        if page and page > 1:
            items.append(("pagina", page))
        return ("?" + urlencode(items)) if items else "?"

    def canonical_query(self, page=1):
        """The query string this listing is stored and linked under (no '?'): known values only, in order."""
        return self.querystring(page=page).lstrip("?")

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
            names = {slug: name for slug, name, _pk in self.terms[facet]}
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

    def selection_query(self):
        """The selection alone (facets and q, no sort or page) as a canonical query string without '?'."""
        return self.querystring(sort=self.default_sort, page=None).lstrip("?")

    def describe(self):
        """The selection in words: "Preventie · hbo · 'eenzaamheid'"; everything when nothing is chosen."""
        parts = []
        for facet in FACETS:
            names = {slug: name for slug, name, _pk in self.terms[facet]}
            chosen = [names[slug] for slug in self.selected[facet]]
            if chosen:
                parts.append(f" {_('of')} ".join(chosen))
        if self.query:
            parts.append(f"'{self.query}'")
        return " · ".join(parts) if parts else str(_("Alle nieuwe items in de kennisbank"))

    def lost_facets(self, data):
        """The facets that `data` chose from but that have no known value left (a term was retired): following
        such a selection now would widen it to more than the reader asked for."""
        return [facet for facet in FACETS if data.getlist(facet) and not self.selected[facet]]
