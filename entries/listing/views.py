import logging
from functools import partial

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from entries.catalogue.vocabularies import VOCABULARIES
from entries.listing.cards import rendered_cards
from entries.listing.filters import SORTS, Listing, load_entries
from entries.search.suggest import suggestions
from home.cache.pages import conditional, serve_canonical
from home.search.stats import record_search
from home.site.pagination import paginate, requested_page
from home.spreadsheets import csv_response

logger = logging.getLogger("portal.security")
FEED_SIZE = 50
PER_PAGE = 20


def canonical(request, listing, paged=True):
    """A redirect to the listing's canonical address when asked otherwise (unknown parameters or values, a
    different order, a default spelled out); None when the request is canonical. Before any database work."""
    number = requested_page(request) if paged else 1
    if number is None:
        raise Http404("Deze pagina bestaat niet.")
    return serve_canonical(request, listing.canonical_query(page=number))


@conditional
def listing(request, index):
    listing = Listing(request.GET)
    redirect = canonical(request, listing)
    if redirect:
        return redirect
    listing.prepare_page(requested_page(request), PER_PAGE)
    page = paginate(request, listing.results(related=partial(rendered_cards, request=request)), per_page=PER_PAGE)
    if listing.query and page.number == 1:
        record_search(listing.query, found=page.paginator.count > 0)
    return index.render(
        request,
        context_overrides={
            "listing": listing,
            "entries": page,
            "facets": listing.facets(),
            "active_filters": listing.active_filters(),
            "result_count": page.paginator.count,
            "sorts": SORTS,
            "suggestions": suggestions(listing) if not page.paginator.count else None,
            "own_search_field": True,  # one search field per page: the header leaves its own out
        },
    )


@conditional
def feed(request, index):
    return canonical(request, Listing(request.GET), paged=False) or EntryFeed(index)(request)


class EntryFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.listing = Listing(request.GET)
        self.request = request
        return self.index

    def title(self, obj):
        """Named after the selection, so a reader who follows several can tell the feeds apart."""
        if self.listing.has_filters:
            return f"{settings.WAGTAIL_SITE_NAME}: {self.listing.describe()}"
        return f"{settings.WAGTAIL_SITE_NAME}: {_('nieuwste items')}"

    def link(self, obj):
        return obj.full_url + (self.listing.querystring() if self.listing.has_filters else "")

    def description(self, obj):
        if self.listing.has_filters:
            return _("De nieuwste items uit de kennisbank over: %(selection)s") % {"selection": self.listing.describe()}
        return obj.intro or _("De nieuwste items uit de kennisbank.")

    def items(self, obj):
        return self.listing.newest(FEED_SIZE)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.entry_type.name] if item.entry_type else []


def export_csv(request, index):
    listing = Listing(request.GET)
    redirect = canonical(request, listing, paged=False)
    if redirect:
        return redirect
    vocabularies = sorted(VOCABULARIES, key=lambda vocabulary: vocabulary.many)  # the one soort first
    headers = ["Titel", "Adres", *(str(vocabulary.plural) for vocabulary in vocabularies), "Organisaties", "Datum"]
    rows = (
        [
            entry.title,
            entry.get_full_url(request),
            *(", ".join(term.name for term in vocabulary.terms_of(entry)) for vocabulary in vocabularies),
            ", ".join(term.name for term in entry.organisations.all()),
            entry.date.isoformat() if entry.date else "",
        ]
        for entry in export_entries(listing.all_ids())
    )
    return csv_response(f"kennisbank-{timezone.localdate().isoformat()}", headers, rows)


def export_entries(ids, chunk=500):
    for start in range(0, len(ids), chunk):
        yield from load_entries(
            ids[start : start + chunk], related=(*(v.field for v in VOCABULARIES if v.many), "organisations")
        )
