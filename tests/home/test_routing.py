"""Routing in one query answers every path exactly as Wagtail's own walk down the tree does."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.factories import EntryFactory, EventFactory, MasterclassFactory, publish
from tests.helpers import contribution_form


def wagtail_route(home, path):
    """Wagtail's own routing: Page.route on the root page, one level at a time."""
    try:
        result = Page.route(home, RequestFactory().get(path), [part for part in path.split("/") if part])
    except Http404:
        return None
    return describe(result)


def describe(result):
    view, args, kwargs = result.args if result.args else (None, (), {})
    return result.page.pk, getattr(view, "__name__", None), tuple(args), dict(kwargs)


def our_route(home, path):
    try:
        result = home.route(RequestFactory().get(path), [part for part in path.split("/") if part])
    except Http404:
        return None
    return describe(result)


@pytest.fixture
def tree(site):
    entry = EntryFactory(index=site.index, slug="een-item")
    draft = EntryFactory(index=site.index, slug="concept", live=False)
    event = EventFactory(agenda=site.agenda, slug="bijeenkomst")
    masterclass = MasterclassFactory(agenda=site.agenda, slug="reeks", start=event.start, end=event.end)
    site.about.title = "Over ons"
    publish(site.about)
    return site, entry, draft, event, masterclass


def paths(site, entry, draft, event, masterclass):
    yield from ["/", "/kennisbank/", "/kennisbank/een-item/", "/kennisbank/concept/", "/kennisbank/bestaat-niet/"]
    yield from ["/kennisbank/delen/", "/kennisbank/feed/", "/kennisbank/export.csv", "/kennisbank/een-item/extra/"]
    yield from ["/netwerk/", "/netwerk/lid-worden/", "/netwerk/opzeggen/abc/"]
    yield from ["/netwerk/agenda/", "/netwerk/agenda/ical/"]
    yield from [event.url, f"{event.url}aanmelden/", f"{event.url}afmelden/tok/", f"{event.url}ical/", f"{event.url}x/"]
    yield from [masterclass.url, f"{masterclass.url}aanmelden/", "/over-de-kennisbank/", "/over-de-kennisbank/x/"]
    yield from ["/netwerk/agenda/bijeenkomst/aanmelden/extra/", "/geen/pagina/", "/netwerk/netwerk/"]


def test_every_path_routes_as_wagtail_routes_it(tree):
    site = tree[0]
    home = site.home.specific
    checked = 0
    for path in paths(*tree):
        assert our_route(home, path) == wagtail_route(home, path), path
        checked += 1
    assert checked >= 25
    assert our_route(home, tree[3].url)[0] == tree[3].pk
    assert our_route(home, "/kennisbank/concept/") is None  # a draft is not served


def test_a_page_below_a_draft_is_routed_as_wagtail_does(tree):
    site, entry, draft, event, masterclass = tree
    site.agenda.unpublish()
    home = site.home.specific
    for path in (event.url, f"{event.url}aanmelden/", "/netwerk/agenda/", "/netwerk/agenda/ical/"):
        assert our_route(home, path) == wagtail_route(home, path), path


def test_routing_a_registration_costs_two_queries(tree):
    site, _entry, _draft, event, _masterclass = tree
    home = site.home.specific
    with CaptureQueriesContext(connection) as wagtail_queries:
        wagtail_route(home, f"{event.url}aanmelden/")
    with CaptureQueriesContext(connection) as our_queries:
        assert our_route(home, f"{event.url}aanmelden/")[1] == "register"
    assert len(our_queries) == 2 and len(wagtail_queries) == 6, [q["sql"][:150] for q in our_queries]


def test_routing_finds_the_pages_on_the_path_through_an_index(tree):
    """Regression: Wagtail does not index url_path, so the routing query read every page below the root (16 ms
    at 24,000 pages, growing with the collection) on every uncached request."""
    site, entry, *_rest = tree
    with CaptureQueriesContext(connection) as queries:
        assert our_route(site.home.specific, entry.url)[0] == entry.pk
    constraints = connection.introspection.get_constraints(connection.cursor(), "wagtailcore_page")
    assert any(info["index"] and info["columns"] == ["url_path"] for info in constraints.values())
    if connection.vendor == "sqlite":
        routing = next(query["sql"] for query in queries if "url_path" in query["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + routing)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "home_page_url_path_idx" in plan, plan


def _routing_queries(queries):
    return [query["sql"] for query in queries.captured_queries if '"url_path" IN' in query["sql"]]


def test_a_path_routed_before_costs_no_query_until_the_tree_changes(client, tree):
    """Each process keeps the page that answered a path under the page-cache generation: a second request routes
    without the database, and a publish, an unpublish or a move is seen on the next request."""
    site, entry, _draft, event, _masterclass = tree
    client.cookies["sessionid"] = "none"  # past the page cache: every request is routed
    client.get(event.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(event.url).status_code == 200
    assert not _routing_queries(queries)

    event.title = "Nieuwe titel van de bijeenkomst"
    publish(event)
    assert "Nieuwe titel van de bijeenkomst" in client.get(event.url).content.decode()
    old_url = entry.url
    client.get(old_url)
    entry.move(site.about, pos="last-child")
    entry.refresh_from_db()
    moved = client.get(old_url)  # not the kept page: Wagtail's redirect to where it went
    assert moved.status_code == 301 and moved["Location"] == entry.url
    assert client.get(entry.url).status_code == 200
    event.unpublish()
    assert client.get(event.url).status_code == 404


def test_every_request_gets_its_own_page_object():
    """What a view sets on its page (a cached property, an attribute) never reaches the next request."""
    from home.site.routing import KeptRoutes

    kept = KeptRoutes(size=2)
    page = Page(title="Een", slug="een", path="00010001", depth=2)
    kept.put((1, ("een",)), 7, page, ())
    first, _rest = kept.get((1, ("een",)), 7)
    first.title = "veranderd door een view"
    second, _rest = kept.get((1, ("een",)), 7)
    assert second.title == "Een" and second is not first
    assert kept.get((1, ("een",)), 8) is None  # another generation: routed anew
    kept.put((1, ("twee",)), 7, page, ())
    kept.put((1, ("drie",)), 7, page, ())
    assert kept.get((1, ("een",)), 7) is None  # the oldest made way


def test_a_form_sent_to_a_path_routed_before_works_on_the_page_as_it_is_now(client, site):
    """Regression: a kept copy of the knowledge bank's index (no children, from before) was handed to the
    contribution form, which looks for a free slug among the index's children: the second contribution with the
    same title failed with a 500 on a slug that was taken."""
    from entries.models import EntryPage

    data = contribution_form(title="Maatjesproject")
    assert client.get("/kennisbank/delen/").status_code == 200  # the path is kept now
    for _n in range(3):  # in one generation: no publish in between
        assert client.post("/kennisbank/delen/", data).status_code == 200
    slugs = set(EntryPage.objects.filter(title="Maatjesproject").values_list("slug", flat=True))
    assert len(slugs) == 3 and "maatjesproject" in slugs
