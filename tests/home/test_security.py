"""Headers, lock-out, leaks, escaping and hostile input."""

import time

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS, assign_page_permissions
from network.models import Registration
from tests.factories import EntryFactory, EventFactory
from tests.helpers import visit

# -- headers ---------------------------------------------------------------------------------


def test_public_pages_send_a_strict_content_security_policy(client, site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'", "script-src 'self'"):
        assert directive in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_templates_have_no_inline_scripts(client, site):
    EntryFactory(index=site.index, title="Item", slug="item")
    for url in ("/", "/kennisbank/", "/kennisbank/item/", "/netwerk/", "/netwerk/agenda/", "/kennisbank/delen/"):
        html = client.get(url).content.decode()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">")[0]
            assert "src=" in opening or 'type="application/ld+json"' in opening, (url, opening)


# -- password guessing -------------------------------------------------------------------------


def test_admin_login_locks_out_after_repeated_failures(db, settings):
    User.objects.create_user("redacteur", "r@example.org", "juist-wachtwoord")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "redacteur", "password": "fout"})
    response = client.post("/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"})
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    # The owner, from their own address, is not locked out by someone guessing elsewhere.
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    owner = other_address.post("/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"})
    assert owner.status_code == 302


def test_failed_login_is_logged_without_the_username(db, caplog):
    Client().post("/admin/login/", {"username": "geheime.naam@example.org", "password": "fout"})
    lines = [record.getMessage() for record in caplog.records if record.name == "portal.security"]
    assert any("login failed" in line for line in lines)
    assert not any("geheime.naam" in line for line in lines)


# -- permission matrix ---------------------------------------------------------------------------


@pytest.fixture
def people(site):
    from django.apps import apps

    assign_page_permissions(apps)
    users = {"anonymous": None, "superuser": User.objects.create_superuser("admin", "a@example.org", "pw")}
    for name, group in (("editor", EDITORS), ("moderator", MODERATORS), ("manager", NETWORK_MANAGERS)):
        users[name] = User.objects.create_user(name, f"{name}@example.org", "pw")
        users[name].groups.add(Group.objects.get(name=group))
    return users


def _client_for(user):
    client = Client()
    if user:
        client.force_login(user)
    return client


MATRIX = {
    # url-kind: allowed roles
    "registrations": {"manager", "superuser"},
    "members": {"manager", "superuser"},
    "registrations_export": {"manager", "superuser"},
    "members_export": {"manager", "superuser"},
    "draft_preview": {"editor", "moderator", "superuser"},
    "vocabulary_edit": {"moderator", "superuser"},
    "search_report": {"moderator", "superuser"},
    "search_promotions": {"moderator", "superuser"},
}
ROLES = ["anonymous", "editor", "moderator", "manager", "superuser"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", sorted(MATRIX))
def test_permission_matrix(people, site, role, what):
    draft = EntryFactory(index=site.index, title="Concept", live=False)
    urls = {
        "registrations": "/admin/network/registration/",
        "members": "/admin/network/member/",
        "registrations_export": "/admin/network/registration/?export=csv",
        "members_export": "/admin/network/member/?export=xlsx",
        "draft_preview": f"/admin/pages/{draft.pk}/view_draft/",
        "vocabulary_edit": "/admin/snippets/entries/thema/add/",
        "search_report": "/admin/zoektermen/",
        "search_promotions": "/admin/searchpicks/",
    }
    response = _client_for(people[role]).get(urls[what])
    allowed = role in MATRIX[what]
    assert (response.status_code == 200) is allowed, (role, what, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_who_can_publish_entries_and_events(people, site, role):
    draft = EntryFactory(index=site.index, title="Te publiceren", live=False)
    event = EventFactory(agenda=site.agenda)
    user = people[role]
    can_entry = bool(user) and draft.permissions_for_user(user).can_publish()
    can_event = bool(user) and event.permissions_for_user(user).can_publish()
    assert can_entry is (role in {"moderator", "superuser"})
    assert can_event is (role in {"moderator", "manager", "superuser"})


# -- leaks ---------------------------------------------------------------------------------------------


def test_drafts_and_personal_data_never_leak(client, site):
    EntryFactory(index=site.index, title="Zichtbaar item", slug="zichtbaar")
    EntryFactory(index=site.index, title="Geheimconcept", slug="geheimconcept", live=False)
    event = EventFactory(agenda=site.agenda, title="Open dag")
    Registration.objects.create(event=event, name="Persoon Geheim", email="persoon@example.org", status="confirmed")
    for url in (
        "/api/v2/pages/?fields=*",
        "/api/v2/pages/?type=network.EventPage&fields=*",
        "/sitemap.xml",
        "/zoeken/?q=geheimconcept",
        "/kennisbank/feed/",
        "/kennisbank/export/",
        "/kennisbank/?q=geheimconcept",
        event.url,
        "/netwerk/agenda/ical/",
    ):
        body = client.get(url).content.decode()
        assert "Geheimconcept" not in body, url
        assert "persoon@example.org" not in body and "Persoon Geheim" not in body, url
    assert client.get("/kennisbank/geheimconcept/").status_code == 404


# -- hostile input -----------------------------------------------------------------------------------


def test_oversized_body_is_refused_quickly(client, site):
    event = EventFactory(agenda=site.agenda)
    started = time.monotonic()
    response = client.post(f"{event.url}aanmelden/", {"remarks": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 400
    assert time.monotonic() - started < 5
    assert not Registration.objects.exists()


@pytest.mark.parametrize("url", ["/kennisbank/?q=", "/zoeken/?q=", "/netwerk/agenda/?soort="])
def test_huge_query_strings_and_long_words_are_answered_quickly(client, site, url):
    EntryFactory(index=site.index, title="Iets")
    for value in ("a" * 100_000, "ab" * 50_000 + " cd", "&".join(["thema=x"] * 5000)):
        started = time.monotonic()
        response = visit(client, url + value)  # a junk address is redirected once, to the canonical one
        assert response.status_code in (200, 400, 404)
        assert time.monotonic() - started < 5


def test_script_in_registration_fields_is_escaped_in_the_admin(client, site, people):
    event = EventFactory(agenda=site.agenda)
    Registration.objects.create(
        event=event, name='<script>alert("x")</script>', email="x@example.org", status="confirmed"
    )
    admin = _client_for(people["superuser"])
    html = admin.get("/admin/network/registration/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
