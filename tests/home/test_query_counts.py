"""No N+1 on public pages: each page's number of SQL queries is pinned, and does not grow with the data."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Registration
from tests.factories import EntryFactory, EventFactory, MasterclassFactory

# Upper bounds for a first view (the vocabulary and navigation caches filled, as a running site has them, but
# no stored entry card or listing count); the tests also demand the same count at both sizes. Pages below the
# first level cost two queries to route the first time, whatever their depth, and none once the path was routed
# under the current generation (home/site/routing.py): the counts below are of a second view. The Site and its root page
# come from the copy each process keeps per generation (home/site/lookup.py): two queries fewer on every page.
# Whether a page is private is known from the paths kept in the shared cache (home/site/access.py): Wagtail's
# check of view restrictions costs no query on a public page, two fewer on every page served by Wagtail.
PINNED = {
    "home": 7,  # the newest cards show their sectors (one prefetch)
    # Cards show their sectors (one prefetch); without stored cards the entries are read after their revisions
    # (one query more on the first view after a publish, and no page objects on every view after it: cards.py)
    "listing": 8,
    "listing_facets_q": 9,
    "entry": 13,  # related cards show their sectors
    "network": 5,
    "agenda": 4,
    "event": 2,
    "masterclass": 3,
    "search": 7,
    "feed": 2,
    "export": 7,  # one prefetch per many-valued vocabulary: the Uitgangspunten column joined the export
    "api_entries": 10,
    # Its items are made once per revision, as cards are (entries/listing/cards.py): without stored items the
    # entries are read after their revisions (one query more on the first view after a publish).
    "api_kennisbank": 9,
}
# On PostgreSQL the counts and the page of ids of a listing travel in one round trip (entries/search/engine.py).
POSTGRES_SAVES = {"listing": 1, "listing_facets_q": 1, "api_kennisbank": 1}
# A listing seen before (another page or order of the same selection, or the same one after the page cache
# let it go): its cards and counts are stored, so only the page of ids and the cards' revisions are asked.
WARM = {"listing": 3, "listing_facets_q": 4, "api_kennisbank": 2}


def urls(site, entry, event, masterclass):
    return {
        "home": "/",
        "listing": "/kennisbank/",
        "listing_facets_q": "/kennisbank/?thema=preventie&onderwerp=eenzaamheid&onderwerp=slaap&sector=hbo&q=studenten",
        "entry": entry.url,
        "network": site.network.url,
        "agenda": site.agenda.url,
        "event": event.url,
        "masterclass": masterclass.url,
        "search": "/zoeken/?q=studenten",
        "feed": "/kennisbank/feed/",
        "export": "/kennisbank/export/?onderwerp=slaap",
        "api_entries": "/api/v2/pages/?type=entries.EntryPage&fields=topics,themes",
        "api_kennisbank": "/api/v2/kennisbank/?thema=preventie&onderwerp=slaap&q=studenten",
    }


def count_queries(client, url, warm=False):
    client.get(url)  # fill the vocabulary and navigation caches, as a running site has them
    if not warm:
        caches["fragments"].clear()  # no stored cards or counts
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(site, entries, events):
    call_command("generate_entries", count=entries, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for n in range(events):
        event = EventFactory(agenda=site.agenda)
        Registration.objects.create(event=event, name="X", email=f"x{n}@example.org", status="confirmed")


@pytest.mark.django_db
def test_public_pages_have_pinned_and_flat_query_counts(client, site):
    entry = EntryFactory(
        index=site.index, intro="Voor studenten", thema=["preventie"], onderwerp=["slaap"], sector=["hbo"]
    )
    EntryFactory(index=site.index, intro="Ook voor studenten", thema=["preventie"], onderwerp=["slaap"], sector=["hbo"])
    event = EventFactory(agenda=site.agenda)
    masterclass = MasterclassFactory(agenda=site.agenda)
    grow(site, entries=30, events=2)
    targets = urls(site, entry, event, masterclass)
    small = {name: count_queries(client, url) for name, url in targets.items()}
    small_warm = {name: count_queries(client, targets[name], warm=True) for name in WARM}
    grow(site, entries=300, events=8)
    large = {name: count_queries(client, url) for name, url in targets.items()}
    large_warm = {name: count_queries(client, targets[name], warm=True) for name in WARM}
    assert small == large
    assert small_warm == large_warm
    for name, count in large.items():
        saved = POSTGRES_SAVES.get(name, 0) if connection.vendor == "postgresql" else 0
        assert count <= PINNED[name] - saved, (name, count)
    assert large_warm == WARM
