"""Two app servers on two loopback ports, one PostgreSQL and one Redis: nothing lives in a process."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection

from tests.factories import EntryFactory, EventFactory

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def servers(site):
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SECRET_KEY": "scale-out-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    processes, urls = [], []
    for _ in range(2):
        port = free_port()
        gunicorn = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
        processes.append(
            subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            for _ in range(100):
                try:
                    if requests.get(f"{url}/healthz/", timeout=10).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                pytest.fail(f"server at {url} did not start")
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


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
    event = EventFactory(agenda=site.agenda, capacity=5, slug="schaal")
    assert "Nog 5 plaatsen" in requests.get(timeout=30, url=f"{b}{event.url}").text
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
    assert "Nog 4 plaatsen" in requests.get(timeout=30, url=f"{b}{event.url}").text


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
