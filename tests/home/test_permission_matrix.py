"""Who may open what in the admin, asserted exactly: for every page this project adds or depends on, the
roles that get it and, just as much, the roles that are turned away (and a stranger is sent to log in)."""

import pytest

from network.models import Registration
from tests.factories import EventFactory
from tests.helpers import assert_denied, assert_login_required

ROLES = ("editor", "moderator", "manager", "admin")
ALL = set(ROLES)
MANAGERS = {"manager", "admin"}
MODERATORS = {"moderator", "admin"}

MATRIX = [
    # (url template, roles that may open it)
    ("/admin/", ALL),
    ("/admin/handleiding/", ALL),
    ("/admin/documents/", ALL),
    ("/admin/documents/multiple/add/", ALL),
    ("/admin/images/", ALL),
    ("/admin/images/multiple/add/", ALL),
    ("/admin/pages/{agenda}/", ALL),
    ("/admin/network/registration/", MANAGERS),
    ("/admin/network/registration/?event__id__exact={event}", MANAGERS),
    ("/admin/network/registration/inspect/{registration}/", MANAGERS),
    ("/admin/network/registration/edit/{registration}/", MANAGERS),
    ("/admin/netwerk/aanmeldingen/{waiting}/plaatsen/", MANAGERS),
    ("/admin/netwerk/evenementen/{event}/bericht/", MANAGERS),
    ("/admin/netwerk/evenementen/{event}/presentielijst/", MANAGERS),
    ("/admin/network/member/", MANAGERS),
    ("/admin/home/outgoingmail/", MANAGERS),
    ("/admin/kennisbank/te-beoordelen/", MODERATORS),
    ("/admin/snippets/entries/thema/add/", MODERATORS),
    ("/admin/users/", {"admin"}),
    ("/admin/groups/", {"admin"}),
]


@pytest.fixture
def ids(site):
    event = EventFactory(agenda=site.agenda, capacity=1)
    registration = Registration.objects.create(event=event, name="Anna", email="anna@example.org", status="confirmed")
    waiting = Registration.objects.create(event=event, name="Bram", email="bram@example.org", status="waitlisted")
    return {"event": event.pk, "registration": registration.pk, "waiting": waiting.pk, "agenda": site.agenda.pk}


@pytest.mark.parametrize(("url", "allowed"), MATRIX, ids=[url for url, _allowed in MATRIX])
def test_exactly_these_roles_open_it(client, staff, ids, url, allowed):
    address = url.format(**ids)
    assert_login_required(client.get(address))
    for role in ROLES:
        client.force_login(staff[role])
        response = client.get(address)
        if role in allowed:
            assert response.status_code == 200, (role, response.status_code, response.get("Location"))
        else:
            assert_denied(response)
    # A refusal changed nothing: the person on the waiting list is still waiting.
    assert Registration.objects.get(pk=ids["waiting"]).status == "waitlisted"


def test_placing_someone_by_post_is_refused_to_everyone_but_netwerkbeheer(client, staff, ids):
    url = f"/admin/netwerk/aanmeldingen/{ids['waiting']}/plaatsen/"
    for role in ("editor", "moderator"):
        client.force_login(staff[role])
        assert_denied(client.post(url))
        assert Registration.objects.get(pk=ids["waiting"]).status == "waitlisted"
    client.force_login(staff["manager"])
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=ids["waiting"]).status == "confirmed"
