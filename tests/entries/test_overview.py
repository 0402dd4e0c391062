"""The evidence-gap map counts with the listing's engine: every cell is the number of results of the listing it
links to; gaps invite a contribution pre-filled with the pair (never with an evidence level)."""

import pytest

from entries.listing.overview import VIEWS
from tests.factories import EntryFactory
from tests.helpers import result_count, soup, visit


@pytest.fixture
def entries(site):
    EntryFactory(index=site.index, thema=["preventie"], onderwerp=["slaap"], uitgangspunt=["inclusief-studieklimaat"])
    EntryFactory(index=site.index, thema=["preventie", "transities"], onderwerp=["slaap"], sector=["hbo"])
    EntryFactory(index=site.index, thema=["transities"], onderwerp=["eenzaamheid"], evidence_level="erkend")
    EntryFactory(index=site.index, thema=["preventie"], onderwerp=["slaap"], live=False)  # a draft counts nowhere
    return site


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_cell_equals_the_listing_it_links_to(client, entries, view):
    page = soup(visit(client, f"{entries.index.url}overzicht/?weergave={view}"))
    table = page.select_one("table.overview__table")
    assert table.select_one("caption") and table.select('th[scope="col"]') and table.select('th[scope="row"]')
    cells = table.select("td.overview__cell a")
    assert cells
    for link in cells:
        shown = int(link["data-count"])
        assert str(shown) in link.get_text()
        if "overview__gap" in link.get("class", []):
            assert shown == 0 and "/delen/" in link["href"]
        else:
            assert result_count(visit(client, link["href"])) == shown, link["href"]


def test_a_gap_leads_to_a_contribution_form_with_the_pair_ticked(client, entries):
    page = soup(visit(client, f"{entries.index.url}overzicht/"))
    gap = page.select_one("td.overview__cell--0 a.overview__gap")
    form = soup(visit(client, gap["href"]))
    ticked = {box["name"] for box in form.select("input[type=checkbox][checked]")}
    assert ticked == {"principles", "themes"}
    evidence = soup(visit(client, f"{entries.index.url}overzicht/?weergave=onderwerp-onderbouwing"))
    gap = evidence.select_one("td.overview__cell--0 a.overview__gap")
    assert "onderbouwing" not in gap["href"] and "onderwerp=" in gap["href"]


def test_an_unknown_view_is_a_404_and_the_listing_links_the_overview(client, entries):
    assert visit(client, f"{entries.index.url}overzicht/?weergave=hack").status_code == 404
    listing = soup(visit(client, entries.index.url))
    assert listing.select_one(f'a[href="{entries.index.url}overzicht/"]')


def test_odd_prefill_parameters_are_ignored(client, entries):
    """Regression (found by the hostile-input test on PostgreSQL): a NUL byte in ?thema= reached the database."""
    response = visit(client, f"{entries.index.url}delen/?thema=%00&onderwerp=slaap&sector=' OR 1=1")
    assert response.status_code == 200
    ticked = {box["value"] for box in soup(response).select("input[type=checkbox][checked]")}
    assert len(ticked) == 1


@pytest.mark.parametrize("view", ["uitgangspunt-thema", "thema-onderwerp", "onderwerp-sector"])
def test_the_evidence_levels_in_each_cell_equal_the_listing_with_that_level(client, entries, view):
    EntryFactory(index=entries.index, thema=["preventie"], onderwerp=["slaap"], evidence_level="procesevaluatie")
    page = soup(visit(client, f"{entries.index.url}overzicht/?weergave={view}"))
    seen = 0
    for link in page.select("td.overview__cell a[data-count]:not(.overview__gap)"):
        bar = link.select_one("[data-levels]")
        levels = dict(part.split(":") for part in bar["data-levels"].split())
        assert sum(int(n) for n in levels.values()) == int(link["data-count"])  # every entry has a level
        for slug, n in levels.items():
            assert result_count(visit(client, f"{link['href']}&onderbouwing={slug}")) == int(n)
            assert f"{n} {slug.replace('-', ' ').replace('geevalueerd', 'geëvalueerd')}" in link.get_text(" ")
            seen += 1
    assert seen >= 1
    if view == "thema-onderwerp":  # the phone's list says the same in words
        phone = [item.get_text(" ", strip=True) for item in page.select(".overview__rows li")]
        assert "Slaap: 3 (1 procesevaluatie, 2 niet geëvalueerd)" in phone


def test_the_map_is_one_engine_statement(client, entries):
    """Regression: the map asked the engine once per row (eight statements for the themes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visit(client, f"{entries.index.url}overzicht/")  # warm the vocabulary cache
    with CaptureQueriesContext(connection) as queries:
        assert visit(client, f"{entries.index.url}overzicht/?weergave=thema-onderwerp").status_code == 200
    statements = [query for query in queries if not query["sql"].startswith(("SET", "SAVEPOINT", "RELEASE"))]
    assert len(statements) <= 8  # PostgreSQL adds the engine's planner settings (SET LOCAL)
    assert len([query for query in queries if "entries_entrysearchrow" in query["sql"]]) == 1
