"""/zoeken/ puts what readers come for first: knowledge-bank entries above events and information pages,
except a page whose title is the query itself; editors' promotions above everything. On the demo content,
the way a new visitor meets it."""

import io

import pytest
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from tests.helpers import soup


@pytest.fixture
def demo(db):
    """The demo, plus an information page and an event that mention loneliness (as real ones do)."""
    from home.models import StandardPage
    from network.models import EventIndexPage
    from tests.factories import EventFactory

    call_command("load_demo", stdout=io.StringIO())
    about = Page.objects.get(slug="over-de-kennisbank")
    about.add_child(instance=StandardPage(title="Werken aan eenzaamheid", intro="Eenzaamheid onder studenten."))
    EventFactory(
        agenda=EventIndexPage.objects.get(), title="Netwerkmiddag eenzaamheid", intro="Over eenzaamheid op de campus."
    )
    index_pages()


def index_pages():
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())


def hits(client, query):
    page = soup(client.get("/zoeken/", {"q": query}))
    results = page.select(".search-results > li")
    return [
        (item.select_one("a").get_text(" ", strip=True), item.select_one(".search-results__type").get_text(strip=True))
        for item in results
    ], page


@pytest.mark.parametrize(
    ("query", "first_title_has", "first_type"),
    [
        ("eenzaamheid", "eenzaamheid", "Kennisbank-item"),
        ("stress", None, "Kennisbank-item"),
        ("masterclass", "Masterclass", "Masterclass"),
        ("agenda", "Agenda", "Agenda"),
    ],
)
def test_the_first_hit_is_what_the_reader_came_for(client, demo, query, first_title_has, first_type):
    found, _page = hits(client, query)
    assert found, query
    title, kind = found[0]
    assert kind == first_type, found[:4]
    if first_title_has:
        assert first_title_has.lower() in title.lower(), found[:4]


def test_entries_come_before_events_and_information_pages(client, demo):
    found, _page = hits(client, "eenzaamheid")
    kinds = [kind for _title, kind in found]
    entries = [n for n, kind in enumerate(kinds) if kind == "Kennisbank-item"]
    others = [n for n, kind in enumerate(kinds) if kind != "Kennisbank-item"]
    assert entries and (not others or max(entries) < min(others)), found


def test_an_editors_promotion_is_shown_above_all_results(client, demo):
    about = Page.objects.get(slug="over-de-kennisbank")
    SearchPromotion.objects.create(query=Query.get("eenzaamheid"), page=about, sort_order=0)
    _found, page = hits(client, "eenzaamheid")
    promoted = page.select_one(".search-promotions, [data-promoted]")
    assert promoted is not None and about.title in promoted.get_text()
    text = page.get_text(" ", strip=True)
    assert text.index(about.title) < text.index("De studentenhuiskamer")
