"""One truth for every reader: real servers with several workers, content changed from other processes.

The servers run the production settings without REDIS_URL, so their cache is the file cache that every
process on the machine shares (and, in a second round, the database cache); the changes come from
`manage.py` processes, as cron (`publish_scheduled`) or an editor's shell would make them. Runs on SQLite
and on PostgreSQL.
"""

import re

import pytest
import requests

from tests.factories import EventFactory
from tests.servers import clear_shared_cache, manage, running_servers, server_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TIMES = 6  # requests per server, each on a new connection, so that every worker answers


@pytest.fixture(scope="module", params=["file", "db"])
def servers(request, django_db_setup, django_db_blocker):
    """Started once per cache backend; each test builds its own site in the shared database."""
    with django_db_blocker.unblock():
        env = server_env(CACHE_BACKEND=request.param)
        with running_servers(env, count=2, workers=2) as urls:
            yield env, urls


@pytest.fixture(autouse=True)
def _empty_shared_cache(servers):
    """The servers' cache (a directory the test database flush does not know) starts empty for each test."""
    from django.db import connection

    clear_shared_cache()
    with connection.cursor() as cursor:
        for table in ("kennisbank_cache", "kennisbank_pages", "kennisbank_fragments", "kennisbank_limits"):
            cursor.execute(f"DELETE FROM {table}")


def everywhere(urls, path, **kwargs):
    return [
        requests.get(f"{url}{path}", timeout=30, headers={"Connection": "close"}, **kwargs)
        for url in urls
        for _ in range(TIMES)
    ]


def shell(env, code):
    manage(env, "shell", "-c", code)


def test_publication_and_renames_from_another_process_reach_every_worker(servers, site):
    env, urls = servers
    for path in ("/kennisbank/", "/kennisbank/feed/", "/kennisbank/export/", "/api/v2/kennisbank/"):
        for response in everywhere(urls, path):  # every worker has these pages cached now
            assert response.status_code == 200
            assert "Vers uit cron" not in response.text
    shell(
        env,
        "from entries.models import EntryIndexPage; from tests.factories import EntryFactory; "
        "EntryFactory(index=EntryIndexPage.objects.get(), title='Vers uit cron', slug='vers', onderwerp=['slaap'])",
    )
    for path in ("/kennisbank/", "/kennisbank/feed/", "/kennisbank/export/", "/api/v2/kennisbank/"):
        assert all("Vers uit cron" in response.text for response in everywhere(urls, path)), path
    shell(
        env,
        "from entries.models import Onderwerp; t = Onderwerp.objects.get(slug='slaap'); t.name = 'Nachtrust'; t.save()",
    )
    assert all('<li class="label">Nachtrust</li>' in response.text for response in everywhere(urls, "/kennisbank/"))
    assert all("Nachtrust" in response.text for response in everywhere(urls, "/kennisbank/vers/"))


def test_entry_cards_follow_a_new_revision_and_a_rename_from_another_process(servers, site):
    """Cards are stored once per revision in the shared fragment cache; with the page cache out of the way (a
    session cookie), every worker must still show the new title and the new topic name at once."""
    env, urls = servers
    shell(
        env,
        "from entries.models import EntryIndexPage; from tests.factories import EntryFactory; "
        "EntryFactory(index=EntryIndexPage.objects.get(), title='Eerste titel', slug='kaart', onderwerp=['slaap'])",
    )
    past_page_cache = {"cookies": {"sessionid": "none"}}
    for response in everywhere(urls, "/kennisbank/", **past_page_cache):  # every worker has stored the card
        assert "Eerste titel" in response.text and '<li class="label">Slaap</li>' in response.text
    assert "X-Page-Cache" not in response.headers
    shell(
        env,
        "from entries.models import EntryPage; e = EntryPage.objects.get(slug='kaart'); e.title = 'Tweede titel'; "
        "e.save_revision().publish()",
    )
    for response in everywhere(urls, "/kennisbank/", **past_page_cache):
        assert "Tweede titel" in response.text and "Eerste titel" not in response.text
    shell(
        env,
        "from entries.models import Onderwerp; t = Onderwerp.objects.get(slug='slaap'); t.name = 'Nachtrust'; t.save()",
    )
    for response in everywhere(urls, "/kennisbank/", **past_page_cache):
        assert (
            '<li class="label">Nachtrust</li>' in response.text and '<li class="label">Slaap</li>' not in response.text
        )


def test_the_site_and_its_root_page_changed_from_another_process_reach_every_worker(servers, site):
    """Each process keeps the Site and its root page per generation (home/site/lookup.py); a change made
    elsewhere moves the shared generation on, so no worker routes or titles with the old ones. Signed in-like
    requests (a session cookie) skip the page cache, so every worker builds the page itself."""
    env, urls = servers
    past_page_cache = {"cookies": {"sessionid": "none"}}
    assert all(response.status_code == 200 for response in everywhere(urls, "/kennisbank/", **past_page_cache))
    shell(
        env,
        "from home.models import HomePage; h = HomePage.objects.get(); h.title = 'Nieuwe thuis'; "
        "h.save_revision().publish()",
    )
    for response in everywhere(urls, "/", **past_page_cache):
        assert "Nieuwe thuis" in response.text
    shell(
        env,
        "from wagtail.models import Site; s = Site.objects.get(); "
        "s.root_page = s.root_page.get_children().get(slug='kennisbank'); s.save()",
    )
    for response in everywhere(urls, "/", **past_page_cache):  # the knowledge bank is the root now
        assert response.status_code == 200 and 'name="onderwerp"' in response.text


def test_a_section_made_private_from_another_process_is_private_on_every_worker(servers, site):
    """Each worker knows which pages are private from paths kept in the shared cache (home/site/access.py); a
    restriction saved elsewhere makes every worker check again, for the section and the pages below it."""
    env, urls = servers
    event = EventFactory(agenda=site.agenda)
    past_page_cache = {"cookies": {"sessionid": "none"}}
    for response in everywhere(urls, event.url, **past_page_cache):  # every worker keeps 'nothing private'
        assert response.status_code == 200 and 'name="password"' not in response.text
    shell(
        env,
        "from wagtail.models import Page, PageViewRestriction; "
        "PageViewRestriction.objects.create(page=Page.objects.get(slug='agenda'), restriction_type='password', "
        "password='geheim')",
    )
    for path in (event.url, f"{event.url}ical/"):
        for response in everywhere(urls, path, **past_page_cache):
            assert response.status_code == 200 and 'name="password"' in response.text


def test_an_event_changed_or_unpublished_from_another_process_is_routed_anew_on_every_worker(servers, site):
    """Each worker keeps the page that answered a path (home/site/routing.py); a publish or an unpublish made
    elsewhere moves the shared generation on, so no worker serves the old page object."""
    env, urls = servers
    event = EventFactory(agenda=site.agenda)
    past_page_cache = {"cookies": {"sessionid": "none"}}
    assert all(response.status_code == 200 for response in everywhere(urls, event.url, **past_page_cache))
    shell(
        env,
        f"from network.models import EventPage; e = EventPage.objects.get(pk={event.pk}); "
        "e.title = 'Verplaatst naar de middag'; e.save_revision().publish()",
    )
    for response in everywhere(urls, event.url, **past_page_cache):
        assert "Verplaatst naar de middag" in response.text
    shell(env, f"from network.models import EventPage; EventPage.objects.get(pk={event.pk}).unpublish()")
    assert all(response.status_code == 404 for response in everywhere(urls, event.url, **past_page_cache))


def test_places_left_are_fresh_in_html_and_api_on_every_worker(servers, site):
    env, urls = servers
    event = EventFactory(agenda=site.agenda, capacity=5, confirm_email=False, slug="vijf-plaatsen")
    api = f"/api/v2/pages/?type=network.EventPage&fields=places_left&slug={event.slug}"
    assert all("Nog 5 plekken" in response.text for response in everywhere(urls, event.url))
    assert all(response.json()["items"][0]["places_left"] == 5 for response in everywhere(urls, api))
    session = requests.Session()
    page = session.get(f"{urls[1]}{event.url}", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{urls[1]}{event.url}aanmelden/",
        data={"name": "Eva", "email": "eva@example.org", "consent": "on", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{urls[1]}{event.url}"},
        timeout=30,
    )
    assert "Je bent aangemeld" in answer.text
    assert all("Nog 4 plekken" in response.text for response in everywhere(urls, event.url))
    assert all("Nog 4 plekken" in response.text for response in everywhere(urls, site.agenda.url))
    assert all(response.json()["items"][0]["places_left"] == 4 for response in everywhere(urls, api))


def test_a_redis_outage_never_takes_the_site_down(site, tmp_path):
    """Regression: with Redis unreachable every page and form POST answered 500 while /healthz/ said ok."""
    event = EventFactory(agenda=site.agenda, capacity=5, confirm_email=False, slug="zonder-redis")
    log = (tmp_path / "server.log").open("w")
    env = server_env(REDIS_URL="redis://127.0.0.1:9/0", SECURE_SSL_REDIRECT="true")  # port 9: nothing listens
    with running_servers(env, log=log) as (url,):
        https = {"X-Forwarded-Proto": "https"}
        plain_probe = requests.get(f"{url}/healthz/", timeout=30, allow_redirects=False)
        assert plain_probe.status_code == 200  # not a redirect to https
        assert plain_probe.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
        assert requests.get(f"{url}/healthz/?strict=1", timeout=30).status_code == 503
        for path in ("/", "/kennisbank/", "/zoeken/?q=slaap", event.url):
            assert requests.get(f"{url}{path}", timeout=30, headers=https).status_code == 200, path
        session = requests.Session()
        page = session.get(f"{url}{event.url}", timeout=30, headers=https)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(
            f"{url}{event.url}aanmelden/",
            data={"name": "Eva", "email": "eva@example.org", "consent": "on", "csrfmiddlewaretoken": token},
            headers={**https, "Referer": url.replace("http://", "https://") + event.url},
            timeout=30,
        )
        assert "Je bent aangemeld" in answer.text
    log.close()
    assert (tmp_path / "server.log").read_text().count("cache unavailable") == 1  # once a minute, not per request


def test_production_refuses_a_cache_per_process():
    env = server_env(CACHE_BACKEND="locmem")
    with pytest.raises(Exception) as failure:
        manage(env, "check")
    assert "must be shared by every process" in failure.value.stderr
    manage(server_env(CACHE_BACKEND="locmem", ALLOW_PROCESS_LOCAL_CACHE="true"), "check")
