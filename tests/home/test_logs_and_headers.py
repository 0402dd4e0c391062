"""Logs and headers: token paths masked in gunicorn's access log and Django's request log, personal pages
never indexed, a Permissions-Policy everywhere, admin sessions of a working day, and a server that a few
slow clients cannot stop."""

import logging
import socket
import time

import pytest
import requests
from django.conf import settings

from home.ops.logs import GunicornLogger, mask_tokens
from home.tokens import new_token
from network.models import Registration
from tests.factories import EventFactory
from tests.servers import running_servers, server_env


def test_tokens_are_masked_and_ordinary_paths_are_not():
    token = new_token()
    assert mask_tokens(f"GET /netwerk/agenda/dag/afmelden/{token}/ HTTP/1.1") == (
        "GET /netwerk/agenda/dag/afmelden/[token]/ HTTP/1.1"
    )
    assert mask_tokens("/kennisbank/studentenwelzijnsmonitor-2024/") == "/kennisbank/studentenwelzijnsmonitor-2024/"
    assert mask_tokens(f"/kennisbank/volgen/{token}") == "/kennisbank/volgen/[token]"


def test_gunicorn_access_log_masks_the_token(tmp_path):
    from gunicorn.config import Config

    token = new_token()
    config = Config()
    logger = GunicornLogger(config)

    class Response:
        status = "404 Not Found"
        sent = 10
        headers = []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/netwerk/agenda/dag/afmelden/{token}/",
        "PATH_INFO": f"/netwerk/agenda/dag/afmelden/{token}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://kennisbank.example/kennisbank/volgen/{token}/",
    }
    from datetime import timedelta

    atoms = logger.atoms(Response(), [], environ, timedelta(seconds=0))
    assert token not in " ".join(str(value) for value in atoms.values())


def test_a_404_on_a_personal_link_is_logged_without_its_token(client, site, caplog):
    event = EventFactory(agenda=site.agenda)
    token = new_token()
    handler = next(h for h in logging.getLogger("django.request").handlers if h.filters)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"{event.url}afmelden/{token}/")
    record = next(r for r in caplog.records if r.name == "django.request")
    for log_filter in handler.filters:
        log_filter.filter(record)
    assert token not in record.getMessage() and "[token]" in record.getMessage()


def test_personal_pages_are_noindex_and_every_page_has_a_permissions_policy(client, site):
    event = EventFactory(agenda=site.agenda)
    registration = Registration.objects.create(event=event, name="Eva", email="eva@uni.nl", status="confirmed")
    personal = client.get(f"{event.url}afmelden/{registration.token}/")
    assert personal["X-Robots-Tag"] == "noindex"
    public = client.get(event.url)
    assert "X-Robots-Tag" not in public
    for response in (personal, public, client.get("/kennisbank/")):
        assert "camera=()" in response["Permissions-Policy"]


def test_admin_sessions_last_a_working_day():
    assert settings.SESSION_COOKIE_AGE <= 10 * 3600


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_slow_clients_do_not_stop_the_server():
    """Regression: four clients holding half-sent requests stopped `make serve` (3 sync workers)."""
    env = server_env()
    with running_servers(env, workers=1, config="python:portal.gunicorn") as (url,):
        host, port = url.removeprefix("http://").split(":")
        held = []
        for _ in range(4):
            sock = socket.create_connection((host, int(port)))
            sock.sendall(b"GET /healthz/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never finish
            held.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        assert requests.get(f"{url}/healthz/", timeout=10).status_code == 200
        assert time.monotonic() - started < 5
        for sock in held:
            sock.close()
