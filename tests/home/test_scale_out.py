"""Two app servers on two loopback ports, one PostgreSQL and one Redis: nothing lives in a process."""

import os
import re
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from tests.factories import EntryFactory, EventFactory
from tests.servers import running_servers, server_env

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def servers(site):
    import redis

    # One Redis database per test worker (pytest-xdist), so that parallel tests never flush each other's.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    env = server_env(REDIS_URL=os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - worker}"))
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    with running_servers(env, count=2) as urls:
        yield urls


def csrf_post(session, url, data):
    page = session.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        url if not data.get("_action") else data.pop("_action"),
        data={**data, "csrfmiddlewaretoken": token},
        headers={"Referer": url},
    )


def test_registration_on_one_server_lowers_places_left_on_the_other(servers, site):
    a, b = servers
    event = EventFactory(agenda=site.agenda, capacity=5, confirm_email=False, slug="schaal")
    assert "Nog 5 plekken" in requests.get(timeout=30, url=f"{b}{event.url}").text
    response = csrf_post(
        requests.Session(),
        f"{a}{event.url}",
        {
            "_action": f"{a}{event.url}aanmelden/",
            "name": "Eva",
            "email": "eva@example.org",
            "consent": "on",
        },
    )
    assert "Je bent aangemeld" in response.text
    assert "Nog 4 plekken" in requests.get(timeout=30, url=f"{b}{event.url}").text


def test_session_and_publication_are_shared(servers, site):
    a, b = servers
    admin = User.objects.create_superuser("admin", "admin@example.org")
    # The servers run production settings, whose hashers do not include the tests' fast one.
    admin.password = make_password("schaal-wachtwoord", hasher="pbkdf2_sha256")
    admin.save()
    entry = EntryFactory(index=site.index, title="Gedeeld item", slug="gedeeld-item")
    session = requests.Session()
    login = csrf_post(session, f"{a}/admin/login/", {"username": "admin", "password": "schaal-wachtwoord"})
    assert login.url.rstrip("/").endswith("/admin")
    dashboard = session.get(f"{b}/admin/", allow_redirects=False)
    assert dashboard.status_code == 200  # the session started on A is valid on B

    assert requests.get(timeout=30, url=f"{b}/kennisbank/gedeeld-item/").status_code == 200
    csrf_post(session, f"{a}/admin/pages/{entry.pk}/unpublish/", {})
    assert requests.get(timeout=30, url=f"{b}/kennisbank/gedeeld-item/").status_code == 404
    assert "Gedeeld item" not in requests.get(timeout=30, url=f"{b}/kennisbank/").text
