"""Private pages stay private although a public page's view restrictions cost no query (home/site/access.py): a
restriction covers every page below it and the forms sent to them, an alias takes its source page's restriction,
and pages elsewhere stay public, whenever the list of guarded paths was kept before the change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from network.models import Registration
from tests.factories import EventFactory, publish

pytestmark = pytest.mark.django_db


def asks_password(response):
    return response.status_code == 200 and 'name="password"' in response.content.decode()


def public(response):
    return response.status_code == 200 and 'name="password"' not in response.content.decode()


def signed_in_like(client):
    """Past the page cache, so every request is built (and checked) anew."""
    client.cookies["sessionid"] = "none"
    return client


def test_a_restricted_section_covers_its_pages_and_their_forms_and_nothing_else(client, site):
    client = signed_in_like(client)
    event = EventFactory(agenda=site.agenda)
    assert public(client.get(event.url))  # the guarded paths are kept now: nothing is private yet
    PageViewRestriction.objects.create(page=site.network, restriction_type="password", password="geheim")

    assert asks_password(client.get(site.agenda.url))
    assert asks_password(client.get(event.url))
    sent = {"name": "Bo", "email": "bo@example.org", "consent": "on"}
    assert asks_password(client.post(f"{event.url}aanmelden/", sent))
    assert not Registration.objects.exists()
    assert asks_password(client.get(f"{event.url}ical/"))
    # Untouched next to it: the knowledge bank and the about page are other branches of the same home page.
    assert public(client.get(site.index.url)) and public(client.get(site.about.url))
    assert public(client.get("/"))


def test_a_restriction_removed_opens_the_section_again(client, site):
    client = signed_in_like(client)
    event = EventFactory(agenda=site.agenda)
    restriction = PageViewRestriction.objects.create(page=site.agenda, restriction_type="login")
    response = client.get(event.url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert public(client.get(event.url))


def test_an_alias_and_the_pages_below_it_follow_a_restriction_on_the_source_page(client, site):
    """Wagtail's rule: an alias has its source page's restrictions, and so do the pages below the alias."""
    client = signed_in_like(client)
    alias = site.agenda.create_alias(parent=site.home, update_slug="agenda-kopie")
    below = EventFactory.build(slug="onder-de-kopie")
    alias.add_child(instance=below)
    publish(below)
    assert public(client.get(alias.url)) and public(client.get(below.url))  # the guarded paths are kept now
    PageViewRestriction.objects.create(page=site.agenda, restriction_type="password", password="geheim")
    assert asks_password(client.get(alias.url))
    assert asks_password(client.get(below.url))
    # An alias made of the private page now gets a copy of its restriction, as Wagtail gives it.
    second = site.agenda.create_alias(parent=site.about, update_slug="agenda-elders")
    assert asks_password(client.get(second.url))


def test_a_public_page_asks_no_query_about_restrictions(client, site):
    client = signed_in_like(client)
    page = publish(site.about.add_child(instance=StandardPage(title="Colofon", slug="colofon")))
    client.get(page.url)  # the navigation and the guarded paths kept, as on a running site
    with CaptureQueriesContext(connection) as queries:
        assert public(client.get(page.url))
    assert not [sql for sql in queries.captured_queries if "pageviewrestriction" in sql["sql"]]
