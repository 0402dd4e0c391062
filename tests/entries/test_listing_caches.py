"""What the listing keeps between requests: cards per revision, counts per selection, validators per generation.

Each is checked for the saving a reader's request gets and for never outliving what it shows: a new
revision, an unpublish, a vocabulary rename. The same across processes: tests/home/test_freshness_across_processes.py.
"""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entries.models import EntryPage, Onderwerp
from tests.factories import EntryFactory
from tests.helpers import facet_counts, result_titles

pytestmark = pytest.mark.django_db
CARD = "components/entry_card.html"


@pytest.fixture
def entries(site):
    return [
        EntryFactory(
            index=site.index, title=f"Slaapkaart {n}", intro="Over slaap.", onderwerp=["slaap"], sector=["hbo"]
        )
        for n in range(3)
    ]


def card_renders(response):
    return sum(1 for template in response.templates if template.name == CARD)


def test_a_card_is_rendered_once_per_revision_and_lives_in_its_own_cache(client, entries):
    first = client.get("/kennisbank/")
    assert card_renders(first) == 3
    again = client.get("/kennisbank/?sorteer=titel")  # another order of the same entries: the same cards
    assert card_renders(again) == 0
    assert result_titles(again) == ["Slaapkaart 0", "Slaapkaart 1", "Slaapkaart 2"]
    stored = [key for key in caches["fragments"]._cache if ":entry-card:" in key]
    assert len(stored) == 3


def count_built_entries(monkeypatch):
    """A list that grows by one for every EntryPage object built from now on."""
    built = []
    original = EntryPage.__init__

    def counted(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(EntryPage, "__init__", counted)
    return built


def test_a_listing_with_stored_cards_builds_no_page_objects(client, entries, monkeypatch):
    """Wagtail's Page.__init__ costs some 0.2 ms: a listing whose cards are stored reads only ids and revisions."""
    client.get("/kennisbank/")
    built = count_built_entries(monkeypatch)
    response = client.get("/kennisbank/?sorteer=titel")
    assert card_renders(response) == 0
    assert [title for title in result_titles(response) if title.startswith("Slaapkaart")] == [
        "Slaapkaart 0",
        "Slaapkaart 1",
        "Slaapkaart 2",
    ]
    assert built == []


def test_an_entry_unpublished_while_its_card_is_made_is_left_out(client, entries, monkeypatch):
    fragments = caches["fragments"]
    original = fragments.get_many

    def unpublish_first(keys, *args, **kwargs):
        if any(":entry-card:" in key or key.startswith("entry-card:") for key in keys):
            entries[0].unpublish()  # between reading the revisions and loading the entries
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(fragments, "get_many", unpublish_first)
    response = client.get("/kennisbank/")
    assert response.status_code == 200
    assert "Slaapkaart 0" not in result_titles(response)


def test_a_new_revision_shows_at_once_and_the_other_cards_stay(client, entries):
    client.get("/kennisbank/")
    entries[1].title = "Nachtrust en studie"
    entries[1].save_revision().publish()
    response = client.get("/kennisbank/")
    assert "Nachtrust en studie" in result_titles(response)
    assert "Slaapkaart 1" not in result_titles(response)
    # Publishing moves the generation on, so every card is made again (a publish may rename what cards show).
    assert card_renders(response) == 3
    assert card_renders(client.get("/kennisbank/")) == 0


def test_an_unpublished_entry_leaves_the_listing_and_its_counts(client, entries):
    client.get("/kennisbank/")
    entries[0].unpublish()
    response = client.get("/kennisbank/")
    assert "Slaapkaart 0" not in result_titles(response)
    assert facet_counts(response, "onderwerp")["slaap"] == 2


def test_a_vocabulary_rename_reaches_cards_and_counts(client, entries):
    client.get("/kennisbank/")
    client.get("/kennisbank/?onderwerp=slaap")
    topic = Onderwerp.objects.get(slug="slaap")
    topic.name = "Nachtrust"
    topic.save()
    response = client.get("/kennisbank/")
    assert response.content.decode().count('<li class="label">Nachtrust</li>') == 3
    assert '<li class="label">Slaap</li>' not in response.content.decode()


def test_counts_are_counted_once_per_selection_whatever_the_page_or_sort(client, site, entries):
    for n in range(25):
        EntryFactory(index=site.index, title=f"Extra {n:02}", onderwerp=["slaap"])
    client.get("/kennisbank/?onderwerp=slaap")
    with CaptureQueriesContext(connection) as second_page:
        response = client.get("/kennisbank/?onderwerp=slaap&pagina=2")
    assert response.status_code == 200
    assert facet_counts(response, "onderwerp")["slaap"] == 28
    engine = [q["sql"] for q in second_page.captured_queries if "entries_entrysearchrow" in q["sql"]]
    assert len(engine) == 1  # the page of ids only: the counts of this selection were known
    assert "COUNT(*)" not in engine[0]
    # A new entry changes the counts at once, on every page.
    EntryFactory(index=site.index, title="Nog een", onderwerp=["slaap"])
    assert facet_counts(client.get("/kennisbank/?onderwerp=slaap&pagina=2"), "onderwerp")["slaap"] == 29


@pytest.mark.parametrize(
    "path", ["/kennisbank/?onderwerp=slaap", "/kennisbank/feed/?onderwerp=slaap", "/api/v2/kennisbank/?onderwerp=slaap"]
)
def test_listing_feed_and_api_answer_304_until_something_is_published(client, site, entries, path):
    with CaptureQueriesContext(connection) as full:
        first = client.get(path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and "Cookie" in first["Vary"]
    with CaptureQueriesContext(connection) as revalidated:
        unchanged = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    # A reader whose copy is current costs no engine statement and no rendering: at most finding the page.
    assert not [q for q in revalidated.captured_queries if "entries_entrysearchrow" in q["sql"]]
    assert len(revalidated) < len(full) / 2
    if path.startswith("/api/"):
        assert len(revalidated) == 0
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    EntryFactory(index=site.index, title="Net gepubliceerd", onderwerp=["slaap"])
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Net gepubliceerd" in changed.content.decode()


def test_the_feed_sends_the_validator_it_is_checked_against_not_its_newest_item_date(client, entries):
    # Regression: the feed framework set Last-Modified from the newest item, older than the generation's
    # time, so a reader who sent it back always got the whole feed again (and CI failed on a second's edge).
    EntryPage.objects.filter(pk__in=[entry.pk for entry in entries]).update(
        first_published_at=timezone.now() - timedelta(days=3)
    )
    feed = client.get("/kennisbank/feed/?onderwerp=slaap")
    assert feed["Last-Modified"] == client.get("/kennisbank/?onderwerp=slaap")["Last-Modified"]
    again = client.get("/kennisbank/feed/?onderwerp=slaap", HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"])
    assert again.status_code == 304


def test_validators_are_left_off_redirects_errors_and_signed_in_visitors(client, entries, staff):
    redirect = client.get("/kennisbank/?sector=hbo&onderwerp=slaap")  # not the canonical order
    assert redirect.status_code == 302 and not redirect.has_header("ETag")
    missing = client.get("/kennisbank/?pagina=99")
    assert missing.status_code == 404 and not missing.has_header("ETag")
    client.force_login(staff["editor"])
    assert not client.get("/kennisbank/").has_header("ETag")


def api_items(client, query=""):
    return {item["title"]: item for item in client.get(f"/api/v2/kennisbank/{query}").json()["items"]}


def test_the_read_api_makes_an_entrys_item_once_per_revision_and_never_serves_an_old_one(client, entries, monkeypatch):
    """The API's items are stored per revision like the cards: another order or page of the same entries builds
    no page objects; a new revision and an organisation's new name are in the next answer."""
    from entries.models import Organisatie

    organisation = Organisatie.objects.create(name="Hogeschool Utrecht", slug="hogeschool-utrecht")
    entries[1].organisations.set([organisation])
    entries[1].save_revision().publish()
    first = api_items(client)
    assert first["Slaapkaart 1"]["organisaties"] == ["Hogeschool Utrecht"]
    built = count_built_entries(monkeypatch)
    assert api_items(client, "?sorteer=titel") == first
    assert built == []
    monkeypatch.undo()

    entries[0].title = "Slaapkaart nieuw"
    entries[0].save_revision().publish()
    organisation.name = "HU University of Applied Sciences Utrecht"
    organisation.save()
    now = api_items(client, "?sorteer=titel")
    assert "Slaapkaart nieuw" in now and "Slaapkaart 0" not in now
    assert now["Slaapkaart 1"]["organisaties"] == ["HU University of Applied Sciences Utrecht"]
