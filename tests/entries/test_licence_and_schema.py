"""The licence as data (a facet of the listing and the read API, asked on the contribution form) and schema.org
JSON-LD on every entry page."""

import json

from entries.models import EntryPage
from tests.factories import EntryFactory
from tests.helpers import contribution_form, facet_counts, result_titles, soup


def test_licence_is_a_facet_of_the_listing_and_the_api_with_counts_that_match(client, site):
    EntryFactory(index=site.index, title="Open", licence="cc-by-40")
    EntryFactory(index=site.index, title="Ook open", licence="cc-by-40", thema=["preventie"])
    EntryFactory(index=site.index, title="Dicht", licence="alle-rechten-voorbehouden", thema=["preventie"])
    EntryFactory(index=site.index, title="Weet niet")
    listing = client.get("/kennisbank/")
    counts = facet_counts(listing, "licentie")
    assert counts["cc-by-40"] == 2 and counts["alle-rechten-voorbehouden"] == 1 and counts["onbekend"] == 1
    assert sorted(result_titles(client.get("/kennisbank/?licentie=cc-by-40"))) == ["Ook open", "Open"]
    both = client.get("/kennisbank/?thema=preventie&licentie=cc-by-40")
    assert result_titles(both) == ["Ook open"]
    api = client.get("/api/v2/kennisbank/", {"licentie": "cc-by-40"}).json()
    assert api["meta"]["total_count"] == 2 and {item["licentie"] for item in api["items"]} == {"cc-by-40"}
    assert client.get("/kennisbank/?licentie=bestaat-niet").status_code in (200, 302)


def test_the_contribution_form_asks_the_licence_and_defaults_to_unknown(client, site):
    client.post("/kennisbank/delen/", contribution_form(title="Met licentie", licence="cc-by-sa-40"))
    client.post("/kennisbank/delen/", contribution_form(title="Zonder licentie", email="ander@uni.nl"))
    assert EntryPage.objects.get(title="Met licentie").licence == "cc-by-sa-40"
    assert EntryPage.objects.get(title="Zonder licentie").licence == "onbekend"
    refused = client.post("/kennisbank/delen/", contribution_form(title="Fout", licence="gestolen", email="c@uni.nl"))
    assert refused.status_code in (200, 400) and not EntryPage.objects.filter(title="Fout").exists()


def test_every_entry_page_describes_itself_as_a_learning_resource(client, site):
    entry = EntryFactory(
        index=site.index,
        title="Slaap </script><script>alert(1)</script> & rust",
        soort="onderzoek",
        thema=["preventie"],
        onderwerp=["slaap"],
        sector=["hbo"],
        licence="cc-by-40",
        external_url="https://example.org/bron",
    )
    page = soup(client.get(entry.url))
    [script] = page.select('script[type="application/ld+json"]')
    raw = script.string
    assert "</script>" not in raw
    data = json.loads(raw)
    assert data["@type"] == ["LearningResource", "ScholarlyArticle"]
    assert data["name"] == entry.title and data["inLanguage"] == "nl"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/" and data["isAccessibleForFree"] is True
    assert data["isBasedOn"] == "https://example.org/bron" and data["url"].endswith(f"/kennisbank/{entry.slug}/")
    assert {term["name"] for term in data["about"]} == {"Preventie", "Slaap"}
    assert [level["termCode"] for level in data["educationalLevel"]] == ["hbo"]
    assert data["publisher"]["name"] and data["dateModified"] and data["dateCreated"]
    assert "alert(1)" not in page.get_text() or page.find("script", string=lambda s: s and "alert(1)" in s) is script
    unknown = EntryFactory(index=site.index, title="Zonder licentie", soort="praktijkvoorbeeld")
    data = json.loads(soup(client.get(unknown.url)).select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "LearningResource" and "license" not in data and data["copyrightNotice"] == "onbekend"
