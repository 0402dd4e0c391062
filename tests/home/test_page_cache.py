"""The full-page cache is never stale where it matters."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from entries.models import Onderwerp
from network.models import Registration
from tests.factories import EntryFactory, EventFactory


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def cache_state(response):
    return response.get("X-Page-Cache")


def test_second_anonymous_view_is_served_from_the_cache(client, site):
    assert cache_state(client.get("/kennisbank/")) == "miss"
    response = client.get("/kennisbank/")
    assert cache_state(response) == "hit"
    assert "Content-Security-Policy" in response


def test_logged_in_users_and_posts_bypass_the_cache(client, site, django_user_model):
    client.get("/kennisbank/")
    client.force_login(django_user_model.objects.create_user("u", "u@example.org", "pw"))
    assert cache_state(client.get("/kennisbank/")) is None


def test_publishing_shows_on_the_next_request(client, site):
    client.get("/kennisbank/")
    EntryFactory(index=site.index, title="Vers gepubliceerd")
    response = client.get("/kennisbank/")
    assert cache_state(response) == "miss"
    assert "Vers gepubliceerd" in response.content.decode()


def test_unpublishing_moving_and_deleting_show_on_the_next_request(client, site):
    entry = EntryFactory(index=site.index, title="Straks weg", slug="straks-weg")
    assert client.get("/kennisbank/straks-weg/").status_code == 200
    client.get("/kennisbank/straks-weg/")
    entry.unpublish()
    assert client.get("/kennisbank/straks-weg/").status_code == 404
    entry.save_revision().publish()
    assert client.get("/kennisbank/straks-weg/").status_code == 200
    entry.move(site.about, pos="last-child")
    moved = client.get("/kennisbank/straks-weg/")
    assert (moved.status_code, moved["Location"]) == (301, "/over-de-kennisbank/straks-weg/")
    page = client.get("/over-de-kennisbank/straks-weg/")
    assert page.status_code == 200
    entry.refresh_from_db()
    entry.delete()
    assert client.get("/over-de-kennisbank/straks-weg/").status_code == 404


def test_renaming_a_vocabulary_term_shows_on_the_next_request(client, site):
    EntryFactory(index=site.index, onderwerp=["slaap"])
    client.get("/kennisbank/")
    term = Onderwerp.objects.get(slug="slaap")
    term.name = "Nachtrust"
    term.save()
    assert "Nachtrust" in client.get("/kennisbank/").content.decode()


def test_a_registration_updates_places_left_at_once(client, site, django_capture_on_commit_callbacks):
    event = EventFactory(agenda=site.agenda, capacity=10)
    assert "Nog 10 plekken" in client.get(event.url).content.decode()
    assert "Nog 10 plekken" in client.get(site.agenda.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{event.url}aanmelden/", {"name": "Bo", "email": "bo@example.org", "consent": "on"})
    assert "Nog 9 plekken" in client.get(event.url).content.decode()
    assert "Nog 9 plekken" in client.get(site.agenda.url).content.decode()


def _seconds_to_live(url):
    from django.core.cache import caches

    pages = caches["pages"]
    key = next(k for k in pages._cache if k.endswith(f":{url}"))
    return pages._expire_info[key] - timezone.now().timestamp()


def test_places_left_are_at_most_ten_seconds_old_wherever_they_show(client, site):
    """Regression: freshness was decided by a URL prefix list, so renamed indexes and the API stayed stale."""
    event = EventFactory(agenda=site.agenda, capacity=10)
    site.agenda.slug = "activiteiten"  # an editor renames the agenda: no prefix list can follow
    site.agenda.save_revision().publish()
    event.refresh_from_db()
    api = "/api/v2/pages/?type=network.EventPage&fields=places_left"
    for url in (event.url, "/netwerk/activiteiten/", "/", api):
        assert client.get(url).status_code == 200
        assert _seconds_to_live(url) <= 10, url
    client.get("/over-de-kennisbank/")
    assert _seconds_to_live("/over-de-kennisbank/") > 60  # pages without places keep the long lifetime
    assert client.get(api).json()["items"][0]["places_left"] == 10
    Registration.objects.create(event=event, name="A", email="a@example.org", status="confirmed")
    assert cache_state(client.get(event.url)) == "hit"  # within ten seconds it may still say 10
    from home.cache.pages import bump_places_generation

    bump_places_generation()  # what the registration service does after every change
    assert client.get(api).json()["items"][0]["places_left"] == 9
    assert "Nog 9 plekken" in client.get(event.url).content.decode()


def test_personal_pages_behind_a_token_are_never_cached(client, site):
    """Regression: a second visitor got the cached cancellation page with the first person's name."""
    event = EventFactory(agenda=site.agenda, capacity=10)
    registration = Registration.objects.create(event=event, name="Anna Geheim", email="a@example.org")
    url = f"{event.url}afmelden/{registration.token}/"
    assert "Anna Geheim" in client.get(url).content.decode()
    second = client.get(url)
    assert cache_state(second) is None
    assert "no-store" in second["Cache-Control"]


def test_a_cached_form_still_works_for_another_visitor(site, django_capture_on_commit_callbacks):
    event = EventFactory(agenda=site.agenda, capacity=10, start=timezone.now() + timedelta(days=3))
    first = Client(enforce_csrf_checks=True)
    first.get(event.url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(event.url)
    assert cache_state(page) == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert "__CSRF_TOKEN__" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            f"{event.url}aanmelden/",
            {"name": "Bo", "email": "bo@example.org", "consent": "on", "csrfmiddlewaretoken": token},
        )
    assert response.status_code == 200
    assert Registration.objects.filter(email="bo@example.org").exists()


@pytest.mark.parametrize("kind", ["password", "login"])
def test_a_page_made_private_is_never_served_from_the_cache_again(client, site, kind):
    """Regression: a view restriction on a page that is not an entry (a standard page, the agenda, an event) moved
    no generation, so anonymous readers kept getting the public copy from the page cache for ten minutes."""
    from wagtail.models import PageViewRestriction

    page = site.agenda
    client.get(page.url)
    assert cache_state(client.get(page.url)) == "hit"
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="geheim")
    response = client.get(page.url)
    assert cache_state(response) != "hit"
    if kind == "password":
        assert 'name="password"' in response.content.decode()
    else:
        assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()  # public again: the page is shown, not the form
    response = client.get(page.url)
    assert response.status_code == 200 and 'name="password"' not in response.content.decode()
