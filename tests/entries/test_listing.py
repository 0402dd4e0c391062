from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import EntryFactory
from tests.helpers import facet_counts, result_count, result_titles, soup, visit

LISTING_QUERY_LIMIT = 30


@pytest.fixture
def entries(site):
    EntryFactory(index=site.index, title="Slaaponderzoek", soort="onderzoek", thema=["preventie"], onderwerp=["slaap"])
    EntryFactory(
        index=site.index, title="Eenzaamheidstool", soort="tool", thema=["preventie"], onderwerp=["eenzaamheid"]
    )
    EntryFactory(
        index=site.index, title="Slaaptool", soort="tool", thema=["transities"], onderwerp=["slaap"], sector=["mbo"]
    )
    EntryFactory(index=site.index, title="Concept", soort="tool", onderwerp=["slaap"], live=False)
    return site


def get(client, **params):
    query = urlencode(
        [(key, v) for key, values in params.items() for v in (values if isinstance(values, list) else [values])]
    )
    return visit(client, f"/kennisbank/?{query}")


def test_unfiltered_listing_shows_live_entries_only(client, entries):
    response = get(client)
    assert result_count(response) == 3
    assert "Concept" not in result_titles(response)


def test_or_inside_a_facet(client, entries):
    assert sorted(result_titles(get(client, onderwerp="slaap"))) == ["Slaaponderzoek", "Slaaptool"]
    both = get(client, onderwerp=["slaap", "eenzaamheid"])
    assert sorted(result_titles(both)) == ["Eenzaamheidstool", "Slaaponderzoek", "Slaaptool"]


def test_and_across_facets(client, entries):
    assert result_titles(get(client, onderwerp="slaap", soort="tool")) == ["Slaaptool"]
    assert result_titles(get(client, onderwerp="slaap", soort="tool", thema="preventie")) == []


def test_counts_ignore_their_own_facet_and_respect_the_others(client, entries):
    response = get(client, onderwerp="slaap")
    assert facet_counts(response, "soort")["onderzoek"] == 1
    assert facet_counts(response, "soort")["tool"] == 1
    assert facet_counts(response, "onderwerp")["slaap"] == 2
    assert facet_counts(response, "onderwerp")["eenzaamheid"] == 1
    assert facet_counts(response, "sector")["mbo"] == 1


def test_each_count_equals_the_results_its_option_leads_to(client, entries):
    response = get(client, thema="preventie")
    for facet in ("soort", "onderwerp", "sector"):
        for slug, count in facet_counts(response, facet).items():
            assert result_count(get(client, thema="preventie", **{facet: slug})) == count, (facet, slug)


def test_empty_options_are_not_links_into_an_empty_page(client, entries):
    page = soup(get(client))
    checkbox = page.select_one('input[name="onderwerp"][value="suicidepreventie"]')
    assert checkbox.has_attr("disabled")
    assert page.select_one('[data-facet="onderwerp"] input[value="slaap"]').has_attr("disabled") is False


def test_active_filters_have_removal_links_and_clear_all(client, entries):
    page = soup(get(client, onderwerp="slaap", soort="tool"))
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select(".active-filters a")}
    remove_tool = next(href for text, href in links.items() if "Tool" in text)
    assert remove_tool == "/kennisbank/?onderwerp=slaap"
    assert result_count(client.get(remove_tool)) == 2
    assert links["Alle filters wissen"] == "/kennisbank/"


def test_empty_result_explains_and_offers_to_widen(client, entries):
    page = soup(get(client, onderwerp="slaap", soort="tool", thema="preventie"))
    empty = page.select_one(".empty-result")
    assert "Geen items gevonden" in empty.get_text()
    assert any("Zoek zonder" in a.get_text() for a in empty.select("a"))


def test_sorting_by_title_and_date(client, site):
    EntryFactory(index=site.index, title="B oud", date="2019-01-01")
    EntryFactory(index=site.index, title="A nieuw", date="2024-01-01")
    assert result_titles(get(client, sorteer="titel")) == ["A nieuw", "B oud"]
    assert result_titles(get(client, sorteer="oudste")) == ["B oud", "A nieuw"]
    assert result_titles(get(client, sorteer="nieuwste")) == ["A nieuw", "B oud"]


def test_free_text_narrows_the_results(client, entries):
    assert result_titles(get(client, q="Eenzaamheidstool")) == ["Eenzaamheidstool"]


def test_pagination_is_20_per_page_and_404_past_the_end(client, site):
    call_command("generate_entries", count=25, stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = get(client)
    assert len(result_titles(first)) == 20
    assert len(result_titles(get(client, pagina=2))) == 5
    assert get(client, pagina=3).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "thema=bestaat-niet",
        "pagina=-1",
        "pagina=abc",
        "pagina=99999999999999999999",
        "q=" + "a" * 10_000,
        "q=%00%01%02evil",
        "thema=preventie&thema=preventie&thema=preventie",
        "q=%27%3B+DROP+TABLE+wagtailcore_page%3B--",
        "sorteer=%3Cscript%3E",
        "onderbouwing=erkend&onderbouwing=%27",
        "q=" + "x" * 5000 + "+y",
    ],
)
def test_bad_input_never_gives_a_server_error(client, entries, query):
    response = visit(client, f"/kennisbank/?{query}")
    assert response.status_code in (200, 400, 404)


def test_html_in_the_query_is_escaped(client, entries):
    response = get(client, q='<script>alert("x")</script>')
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script>alert("x")</script>' not in html
    assert 'value="script alert x script"' in html  # markup is reduced to its words


def test_unknown_slug_is_ignored_and_known_ones_still_apply(client, entries):
    response = get(client, onderwerp=["slaap", "bestaat-niet"])
    assert result_count(response) == 2


def _listing_queries(client, url):
    caches["fragments"].clear()  # a first view: no stored cards or counts (tests/home/test_query_counts.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_query_count_is_pinned_and_flat(client, site):
    url = "/kennisbank/?thema=preventie&onderwerp=stress-prestatiedruk&onderwerp=slaap&sector=hbo&q=studenten"
    for _n in range(2):
        EntryFactory(index=site.index, intro="Voor studenten", thema=["preventie"], onderwerp=["slaap"], sector=["hbo"])
    call_command("generate_entries", count=28, stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.get(url)  # warm the vocabulary and navigation caches
    small = _listing_queries(client, url)
    call_command("generate_entries", count=270, stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.get(url)  # the publications moved the generation on: the Site is read again once
    large = _listing_queries(client, url)
    assert small == large
    assert large <= LISTING_QUERY_LIMIT


PARAMS = ["thema", "onderwerp", "soort", "sector", "uitgangspunt", "onderbouwing", "q", "sorteer", "pagina", "x"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PARAMS), st.text(max_size=300)), max_size=8))
def test_any_parameters_never_give_a_server_error(client, entries, params):
    response = visit(client, "/kennisbank/", params)
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert "<script>alert" not in response.content.decode()


def test_facets_fold_long_lists_and_the_sheet_says_how_many_results(client, site):
    from tests.factories import EntryFactory
    from tests.helpers import soup

    EntryFactory(index=site.index, onderwerp=["slaap"])
    EntryFactory(index=site.index, onderwerp=["slaap", "eenzaamheid"])
    page = soup(visit(client, f"{site.index.url}?onderwerp=slaap"))
    topics = page.select_one('details.facet[data-facet="onderwerp"]')
    assert topics.has_attr("open") and topics.select_one("legend").get_text(strip=True) == "Onderwerp"
    # Without JavaScript every option is there; the button (hidden until the script runs) folds the extra ones.
    assert len(topics.select("li")) == 11 and topics.select_one("[data-facet-more]").has_attr("hidden")
    more = [li.select_one("input")["value"] for li in topics.select("li.facet__option--more")]
    assert "slaap" not in more and len(more) == 11 - 6 - 1  # a chosen option never folds away
    assert page.select_one("[data-show-results]").get_text(strip=True) == "Toon 2 resultaten"


def test_cards_show_sector_and_evidence_level(client, site):
    EntryFactory(
        index=site.index, title="Met sectoren", sector=["hbo", "wo"], evidence_level="effectevaluatie", evaluated="ja"
    )
    EntryFactory(index=site.index, title="Zonder sector", sector=[])
    cards = {
        card.select_one(".card__title").get_text(strip=True): {
            fact.select_one("dt").get_text(strip=True): fact.select_one("dd").get_text(strip=True)
            for fact in card.select(".card__facts > div")
        }
        for card in soup(client.get("/kennisbank/")).select(".entry-card")
    }
    assert cards["Met sectoren"]["Sector"] in ("hbo, wo", "wo, hbo")
    assert cards["Met sectoren"]["Onderbouwing"] == "effectevaluatie"
    assert "Sector" not in cards["Zonder sector"] and cards["Zonder sector"]["Onderbouwing"] == "niet geëvalueerd"
