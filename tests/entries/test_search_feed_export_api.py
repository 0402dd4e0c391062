import csv
import io

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from entries.models import EntryPage
from tests.factories import EntryFactory
from tests.helpers import result_count, result_titles, sitemap_text, soup


@pytest.fixture
def entries(site):
    EntryFactory(
        index=site.index,
        title="Eenzaamheid onder studenten",
        soort="onderzoek",
        onderwerp=["eenzaamheid"],
        intro="Een studie naar eenzaamheid.",
        organisatie=[],
    )
    EntryFactory(
        index=site.index,
        title="Suïcidepreventie op de campus",
        soort="onderzoek",
        onderwerp=["suicidepreventie"],
        intro='=HYPERLINK("http://evil") formule',
    )
    EntryFactory(index=site.index, title="Geheim concept", onderwerp=["suicidepreventie"], live=False)
    private = EntryFactory(index=site.index, title="Besloten item", onderwerp=["suicidepreventie"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return site


def test_site_search_finds_entries_events_and_pages(client, entries):
    response = client.get("/zoeken/?q=eenzaamheid")
    page = soup(response)
    assert "Eenzaamheid onder studenten" in page.get_text()
    assert int(page.select_one("[data-result-count]")["data-result-count"]) >= 1
    assert "Geheim concept" not in page.get_text()
    assert "Besloten item" not in client.get("/zoeken/?q=besloten").content.decode()


def test_site_search_handles_bad_page_and_long_words(client, entries):
    assert client.get("/zoeken/?q=eenzaamheid&pagina=abc").status_code == 404
    long_word = client.get("/zoeken/?q=" + "a" * 100_000)
    assert long_word.status_code == 302 and long_word["Location"] == "/zoeken/?q=" + "a" * 50  # the word as searched
    assert client.get(long_word["Location"]).status_code == 200


@pytest.mark.postgres
def test_dutch_stemming_on_postgres(client, site):
    EntryFactory(index=site.index, title="Hulp voor de student", intro="Ondersteuning bij het studeren.")
    EntryFactory(index=site.index, title="Aanpak van eenzaamheid", intro="Wat werkt tegen eenzaamheid.")
    assert result_titles(client.get("/kennisbank/?q=studenten")) == ["Hulp voor de student"]
    assert result_titles(client.get("/kennisbank/?q=eenzaam")) == ["Aanpak van eenzaamheid"]


def test_title_weighs_more_than_body(client, site):
    EntryFactory(index=site.index, title="Over slaap", intro="Rust.")
    EntryFactory(index=site.index, title="Iets anders", intro="Rust.", body=[("paragraph", "<p>slaap</p>")])
    assert result_titles(client.get("/kennisbank/?q=slaap"))[0] == "Over slaap"


def test_feed_is_rss_and_filtered(client, entries):
    response = client.get("/kennisbank/feed/?onderwerp=suicidepreventie")
    feed = feedparser.parse(response.content)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Suïcidepreventie op de campus"]
    # Named after its selection, so a reader who follows several feeds can tell them apart.
    assert feed.feed.title == "Kennisbank Studentenwelzijn: Suïcidepreventie"
    assert "Suïcidepreventie" in feed.feed.description
    unfiltered = feedparser.parse(client.get("/kennisbank/feed/").content)
    assert unfiltered.feed.title == "Kennisbank Studentenwelzijn: nieuwste items"
    both = feedparser.parse(
        client.get("/kennisbank/feed/?onderwerp=eenzaamheid&onderwerp=suicidepreventie&q=campus", follow=True).content
    )
    assert both.feed.title == "Kennisbank Studentenwelzijn: Suïcidepreventie of Eenzaamheid · 'campus'"


def test_listing_links_to_its_filtered_feed(client, entries):
    page = soup(client.get("/kennisbank/?onderwerp=eenzaamheid"))
    link = page.select_one('link[type="application/rss+xml"]')
    assert link["href"] == "/kennisbank/feed/?onderwerp=eenzaamheid"
    assert link["title"] == "Nieuwste items: Eenzaamheid (RSS)"


def test_export_is_filtered_csv_with_formulas_neutralised(client, entries):
    response = client.get("/kennisbank/export/?onderwerp=suicidepreventie")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Titel", "Adres", "Soort"]
    assert [row[0] for row in rows[1:]] == ["Suïcidepreventie op de campus"]
    entry = EntryPage.objects.get(title="Suïcidepreventie op de campus")
    assert rows[1][1] == f"https://kennisbank.example/kennisbank/{entry.slug}/"
    assert rows[1][2] == "Onderzoek"


def test_export_neutralises_a_formula_title(client, site):
    EntryFactory(index=site.index, title="=cmd|' /C calc'!A0", onderwerp=["slaap"])
    EntryFactory(index=site.index, title="@SUM(1+1)", onderwerp=["slaap"])
    text = client.get("/kennisbank/export/").content.decode("utf-8").lstrip("\ufeff")
    titles = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert sorted(titles) == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)"]


def test_api_exposes_entry_fields_as_slugs_and_hides_drafts_and_private_pages(client, entries):
    response = client.get("/api/v2/pages/?type=entries.EntryPage&fields=intro,entry_type,topics,evidence_level")
    items = response.json()["items"]
    titles = {item["title"] for item in items}
    assert titles == {"Eenzaamheid onder studenten", "Suïcidepreventie op de campus"}
    item = next(item for item in items if item["title"] == "Eenzaamheid onder studenten")
    assert item["entry_type"] == "onderzoek"
    assert item["topics"] == ["eenzaamheid"]
    assert item["evidence_level"] == "niet-geevalueerd"


def test_drafts_and_private_pages_stay_out_of_listing_and_sitemap(client, entries):
    listing = client.get("/kennisbank/?onderwerp=suicidepreventie")
    assert result_count(listing) == 1
    sitemap = sitemap_text(client)
    for title in ("Geheim concept", "Besloten item"):
        assert f"/{EntryPage.objects.get(title=title).slug}/" not in sitemap
    assert f"/{EntryPage.objects.get(title='Eenzaamheid onder studenten').slug}/" in sitemap
