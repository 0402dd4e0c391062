"""The knowledge bank's part of the site search (/zoeken/): entries ranked by the engine."""

from entries.search import engine
from entries.search.text import query_words
from home.search import SearchProvider


def _selection(query):
    return engine.Selection(words=tuple(query_words(query)), sort="relevantie")


def _count(query):
    selection = _selection(query)
    return engine.total(selection) if selection.words else 0


def _results(query, offset, limit):
    from entries.listing.filters import load_entries

    return load_entries(engine.ids(_selection(query), offset=offset, limit=limit), related=())


def entry_search_provider():
    from entries.models.pages import EntryPage

    return SearchProvider(models=(EntryPage,), count=_count, results=_results)
