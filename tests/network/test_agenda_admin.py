"""Netwerkbeheer's view of the agenda: each event's date, places and waiting list in the page listing, a
registrations list that opens with the event's overview, statuses as labels, and no destructive action
without a question first."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from home.permissions import EDITORS, NETWORK_MANAGERS
from network.models import Registration
from tests.factories import EventFactory, MasterclassFactory
from tests.helpers import assert_denied, soup


def _user(name, group):
    user = User.objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def agenda(site):
    full = EventFactory(agenda=site.agenda, title="Netwerkdag", capacity=2)
    Registration.objects.create(event=full, name="Anna", email="anna@example.org", status="confirmed")
    Registration.objects.create(event=full, name="Bram", email="bram@example.org", status="confirmed")
    Registration.objects.create(event=full, name="Cees", email="cees@example.org", status="waitlisted")
    Registration.objects.create(event=full, name="Dirk", email="dirk@example.org", status="cancelled")
    open_ended = MasterclassFactory(agenda=site.agenda, title="Masterclass slaap", capacity=None)
    Registration.objects.create(event=open_ended, name="Eva", email="eva@example.org", status="confirmed")
    return full, open_ended


def _rows(client, site):
    page = soup(client.get(f"/admin/pages/{site.agenda.pk}/"))
    headers = [th.get_text(" ", strip=True) for th in page.select("table thead th")]
    rows = {}
    for tr in page.select("table tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
        title = next(cell for cell in cells if cell)
        rows[title.split(" ")[0]] = dict(zip(headers, cells, strict=False))
    return headers, rows, page


def test_the_agenda_listing_shows_date_places_and_waiting_list(client, site, agenda, django_assert_max_num_queries):
    full, open_ended = agenda
    client.force_login(_user("netwerkbeheerder", NETWORK_MANAGERS))
    headers, rows, page = _rows(client, site)
    assert {"Datum", "Plekken bezet", "Wachtlijst"} <= set(headers), headers
    netwerkdag = next(row for title, row in rows.items() if title == "Netwerkdag")
    assert netwerkdag["Plekken bezet"] == "2 van 2"
    assert netwerkdag["Wachtlijst"] == "1"
    assert str(full.start.astimezone().year) in netwerkdag["Datum"]
    masterclass = next(row for title, row in rows.items() if title == "Masterclass")
    assert masterclass["Plekken bezet"] == "1 (geen maximum)"
    link = page.find("a", string="2 van 2")
    assert link["href"] == f"/admin/network/registration/?event__id__exact={full.pk}"

    # The counts are one query for the page of results, not one per event.
    for n in range(8):
        EventFactory(agenda=site.agenda, title=f"Extra {n}")
    with django_assert_max_num_queries(200) as counted:
        client.get(f"/admin/pages/{site.agenda.pk}/")
    few = len(counted.captured_queries)
    for n in range(8):
        EventFactory(agenda=site.agenda, title=f"Meer {n}")
    with django_assert_max_num_queries(few + 2):
        client.get(f"/admin/pages/{site.agenda.pk}/")


def test_an_editor_sees_the_numbers_but_no_link_to_personal_data(client, site, agenda):
    client.force_login(_user("redacteur", EDITORS))
    _headers, _rows_, page = _rows(client, site)
    assert "2 van 2" in page.get_text(" ", strip=True)
    assert page.find("a", string="2 van 2") is None


def test_the_registrations_of_one_event_open_with_its_overview_and_labels(client, site, agenda):
    full, _open_ended = agenda
    client.force_login(_user("netwerkbeheerder", NETWORK_MANAGERS))
    page = soup(client.get(f"/admin/network/registration/?event__id__exact={full.pk}"))
    overview = page.select_one(".event-overview").get_text(" ", strip=True)
    assert "2 van 2 bezet" in overview and "Wachtlijst 1" in overview
    assert [a.get_text(strip=True) for a in page.select(".event-overview__actions a")] == [
        "Aanmeldingen",
        "Bericht aan deelnemers",
        "Presentielijst",
        "Inchecken",
    ]
    labels = [span.get_text(strip=True) for span in page.select("td .registration-status")]
    assert sorted(labels) == sorted(["bevestigd", "bevestigd", "wachtlijst", "afgemeld"]), labels
    # No delete beside every row: it is on the edit page, behind its confirmation.
    assert not page.select('tbody a[href*="/delete/"]')
    anna = Registration.objects.get(name="Anna")
    edit = soup(client.get(f"/admin/network/registration/edit/{anna.pk}/"))
    assert edit.select_one(f'a[href="/admin/network/registration/delete/{anna.pk}/"]') is not None
    # Unfiltered, the list has no overview.
    assert soup(client.get("/admin/network/registration/")).select_one(".event-overview") is None


def test_placing_from_the_waiting_list_asks_first_then_places_and_mails(client, site, agenda, on_commit):
    full, _open_ended = agenda
    client.force_login(_user("netwerkbeheerder", NETWORK_MANAGERS))
    cees = Registration.objects.get(name="Cees")
    listing = soup(client.get(f"/admin/network/registration/?event__id__exact={full.pk}"))
    url = f"/admin/netwerk/aanmeldingen/{cees.pk}/plaatsen/"
    assert listing.select_one(f'a[href="{url}"]') is not None
    question = client.get(url)  # the row's button is a link: a GET asks, it never acts
    assert question.status_code == 200
    assert "Cees krijgt een bevestigde plek bij “Netwerkdag”" in soup(question).get_text(" ", strip=True)
    cees.refresh_from_db()
    assert cees.status == "waitlisted"
    mail.outbox.clear()
    with on_commit():
        assert client.post(url).status_code == 302
    cees.refresh_from_db()
    assert cees.status == "confirmed"
    assert [message.to for message in mail.outbox] == [["cees@example.org"]]


def test_the_question_is_not_for_editors(client, site, agenda):
    client.force_login(_user("redacteur", EDITORS))
    cees = Registration.objects.get(name="Cees")
    assert_denied(client.get(f"/admin/netwerk/aanmeldingen/{cees.pk}/plaatsen/"))
