"""Editors see which searches are popular and which found nothing, and can promote results."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from home.permissions import MODERATORS
from tests.factories import EntryFactory
from tests.helpers import soup


@pytest.fixture
def moderator(site):
    user = User.objects.create_user("eindredacteur", "e@example.org", "pw")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def report_rows(client, heading):
    page = soup(client.get("/admin/zoektermen/"))
    table = next(h for h in page.select("h2") if h.get_text(strip=True) == heading).find_next("table")
    return {row.select("td")[0].get_text(): int(row.select("td")[1].get_text()) for row in table.select("tbody tr")}


def test_searches_without_results_reach_the_moderators_report(client, site, moderator):
    EntryFactory(index=site.index, title="Slaap en studie")
    for url in ("/kennisbank/?q=burnout", "/zoeken/?q=burnout", "/kennisbank/?q=slaap", "/kennisbank/?q=Slaap"):
        assert client.get(url).status_code == 200
    client.get("/kennisbank/?q=slaap&pagina=2")  # a later page is not a new search (and is a 404 here)
    client.force_login(moderator)
    assert report_rows(client, "Niets gevonden") == {"burnout": 2}
    assert report_rows(client, "Vaak gezocht") == {"burnout": 2, "slaap": 2}


def test_promoted_results_lead_the_site_search(client, site):
    entry = EntryFactory(index=site.index, title="Hulp bij burn-out", intro="Waar je terecht kunt.")
    SearchPromotion.objects.create(query=Query.get("overspannen"), page=entry, sort_order=0, description="Start hier")
    page = soup(client.get("/zoeken/?q=Overspannen"))
    promoted = page.select_one("[data-promoted]")
    assert promoted.select_one("a").get_text() == "Hulp bij burn-out"
    assert "Start hier" in promoted.get_text()
    entry.unpublish()
    assert soup(client.get("/zoeken/?q=overspannen")).select_one("[data-promoted]") is None
