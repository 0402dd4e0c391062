"""Site search across apps, without `home` knowing them: apps register a provider for their pages.

A provider owns the ranking of its page types (the knowledge bank ranks entries with its own search
document); every other page is found through Wagtail's search backend. What readers come for is the
knowledge bank, so results list a site page whose title is exactly the query first (someone typing
"agenda" wants the agenda), then each provider's results in its order, then the other site pages
(events, network and information pages). Editors' search promotions are shown above all of them.
"""

from dataclasses import dataclass

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.utils import normalise_query_string

_providers = []


@dataclass(frozen=True)
class SearchProvider:
    """models: the page classes it answers for; count(query) -> int; results(query, offset, limit) -> pages."""

    models: tuple
    count: object
    results: object


def register_search_provider(provider):
    if provider not in _providers:
        _providers.append(provider)


def search_label(page):
    """The Dutch name of a result's kind: the page's own `search_label`, else its model's name."""
    label = getattr(page, "search_label", None) or page.get_verbose_name()
    return str(label)[:1].upper() + str(label)[1:]


class SiteResults:
    """The combined results of one query, as a sequence that Django's Paginator can slice."""

    def __init__(self, query):
        self.query = query
        handled = [model for provider in _providers for model in provider.models]
        pages = Page.objects.live().public().exclude(depth__lte=1)
        if handled:
            # Named by the types wanted rather than `not_type(*handled)`: a condition that excludes a content type
            # cannot use its index, so it read every page of the collection (29 ms at 100,000 entries).
            pages = pages.exact_type(*[model for model in get_page_models() if not issubclass(model, tuple(handled))])
        found = list(pages.specific().search(query, operator="and"))
        wanted = _title_key(query)
        exact = [page for page in found if _title_key(page.title) == wanted]
        rest = [page for page in found if _title_key(page.title) != wanted]
        # Segments in the order shown: (count, fetch(offset, limit)).
        self.segments = [(len(exact), lambda offset, limit: exact[offset : offset + limit])]
        for provider in _providers:
            self.segments.append((provider.count(query), self._provider_fetch(provider)))
        self.segments.append((len(rest), lambda offset, limit: rest[offset : offset + limit]))

    def _provider_fetch(self, provider):
        return lambda offset, limit: list(provider.results(self.query, offset, limit))

    def count(self):
        return sum(total for total, _fetch in self.segments)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        found = []
        offset = 0
        for total, fetch in self.segments:
            low, high = max(start - offset, 0), min(stop - offset, total)
            if high > low:
                found += fetch(low, high - low)
            offset += total
        for page in found:
            page.search_type = search_label(page)
        return found


def _title_key(text):
    return " ".join(normalise_query_string(text).casefold().split())


def promotions(query):
    """Results that editors promoted for this search (Wagtail's search promotions), live pages only."""
    picks = SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)).select_related("page")
    return [
        pick
        for pick in picks.order_by("sort_order")
        if pick.external_link_url or (pick.page and pick.page.live and pick.page.get_view_restrictions().count() == 0)
    ]
