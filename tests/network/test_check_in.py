"""Check-in at the door: QR code in the confirmation, search by name without JavaScript, walk-ins, per session,
never counted twice, and only for Netwerkbeheer."""

import threading
from datetime import timedelta

import pytest
import segno
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.mail import deliver
from home.models import OutgoingMail
from home.permissions import EDITORS, NETWORK_MANAGERS
from network import attendance
from network.models import Attendance, Registration
from tests.factories import EventFactory, MasterclassFactory
from tests.helpers import login_as, soup


def url(event):
    return f"{event.url}inchecken/"


def person(event, email, name, status="confirmed"):
    return Registration.objects.create(event=event, name=name, email=email, status=status)


def counts_on(response):
    element = soup(response).select_one("[data-present]")
    return int(element["data-present"]), int(element["data-confirmed"])


@pytest.fixture
def manager(db):
    return login_as(NETWORK_MANAGERS, "deur")


def test_the_confirmation_carries_a_qr_code_of_the_checkin_token_not_the_cancel_token(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False)
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Sanne", "email": "sanne@example.org", "consent": "on"})
    registration = Registration.objects.get()
    assert registration.checkin_token != registration.token
    [message] = mail.outbox
    names = [name for name, _content, _type in message.attachments]
    assert names[0].endswith(".ics") and names[1] == "inchecken.png"
    _name, png, mimetype = message.attachments[1]
    assert mimetype == "image/png" and png.startswith(b"\x89PNG")
    # The image is the QR code of the check-in token, and of nothing else.
    import io

    expected = io.BytesIO()
    segno.make(registration.checkin_token, error="m").save(expected, kind="png", scale=8, border=4)
    assert png == expected.getvalue()
    assert registration.token not in message.body.split("/afmelden/")[0]  # the cancel link is the link's alone
    assert "QR-code" in message.body


def test_a_failed_mail_keeps_its_binary_attachments_for_the_retry(client, site, on_commit, settings):
    event = EventFactory(agenda=site.agenda, confirm_email=False)
    settings.EMAIL_BACKEND = "tests.network.test_check_in.FailingBackend"
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Sanne", "email": "sanne@example.org", "consent": "on"})
    stored = OutgoingMail.objects.get(to="sanne@example.org")
    assert stored.status == "failed" and [item["name"] for item in stored.attachments] == [
        f"{event.slug}.ics",
        "inchecken.png",
    ]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(stored)
    assert [name for name, _c, _t in mail.outbox[-1].attachments] == [f"{event.slug}.ics", "inchecken.png"]


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP down")


def test_only_netwerkbeheer_and_superusers_check_in_and_only_here_the_camera_is_allowed(client, site):
    event = EventFactory(agenda=site.agenda)
    response = client.get(url(event))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert login_as(EDITORS, "redacteur").get(url(event)).status_code == 403
    page = login_as(NETWORK_MANAGERS, "beheer").get(url(event))
    assert page.status_code == 200 and "camera=(self)" in page["Permissions-Policy"]
    assert "no-store" in page["Cache-Control"]
    assert "camera=()" in client.get(event.url)["Permissions-Policy"]


def test_search_by_name_marks_present_and_undoes_without_javascript(site, manager):
    event = EventFactory(agenda=site.agenda)
    sanne = person(event, "sanne@example.org", "Sanne de Vries")
    person(event, "ali@example.org", "Ali Yilmaz")
    person(event, "weg@example.org", "Afgemeld", status="cancelled")
    found = manager.get(url(event), {"q": "sanne"})
    names = [item.get_text(" ", strip=True) for item in soup(found).select(".check-in__name")]
    assert len(names) == 1 and names[0].startswith("Sanne de Vries")
    assert counts_on(found) == (0, 2)
    response = manager.post(url(event), {"action": "in", "id": sanne.pk})
    assert "Sanne de Vries is aanwezig." in response.content.decode()
    assert counts_on(response) == (1, 2)
    attended = Attendance.objects.get()
    assert attended.session is None and attended.checked_in_by == manager.user
    response = manager.post(url(event), {"action": "undo", "id": sanne.pk})
    assert counts_on(response) == (0, 2) and not Attendance.objects.exists()


def test_a_scan_checks_in_by_token_and_a_token_of_another_event_fails(site, manager):
    here = EventFactory(agenda=site.agenda, title="Hier")
    elsewhere = EventFactory(agenda=site.agenda, title="Elders")
    sanne = person(here, "sanne@example.org", "Sanne")
    other = person(elsewhere, "sanne@example.org", "Sanne")
    for token in (other.checkin_token, sanne.token, "x" * 300, "\x00", ""):
        response = manager.post(url(here), {"action": "scan", "token": token})
        assert response.status_code == 400, token
        assert "hoort niet bij een aanmelding" in response.content.decode()
    assert not Attendance.objects.exists()
    response = manager.post(url(here), {"action": "scan", "token": sanne.checkin_token})
    assert "Sanne is aanwezig." in response.content.decode()
    assert list(Attendance.objects.values_list("registration_id", flat=True)) == [sanne.pk]


def test_two_managers_at_two_doors_count_a_person_once(site, manager):
    event = EventFactory(agenda=site.agenda)
    sanne = person(event, "sanne@example.org", "Sanne")
    other_door = login_as(NETWORK_MANAGERS, "deur2")
    first = manager.post(url(event), {"action": "scan", "token": sanne.checkin_token})
    second = other_door.post(url(event), {"action": "in", "id": sanne.pk})
    assert "Sanne is aanwezig." in first.content.decode()
    assert "Sanne was al ingecheckt." in second.content.decode()
    assert Attendance.objects.count() == 1 and counts_on(second) == (1, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_check_ins_of_one_person_record_one_row(site):
    event = EventFactory(agenda=site.agenda)
    sanne = person(event, "sanne@example.org", "Sanne")
    barrier, outcomes = threading.Barrier(4), []

    def door():
        try:
            barrier.wait()
            outcomes.append(attendance.check_in(sanne, None, None))
        finally:
            connection.close()

    threads = [threading.Thread(target=door) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, False, True]
    assert Attendance.objects.count() == 1


def test_a_masterclass_records_each_session_apart(site, manager):
    masterclass = MasterclassFactory(agenda=site.agenda, sessions=2)
    first, second = list(masterclass.sessions.all())
    sanne = person(masterclass, "sanne@example.org", "Sanne")
    manager.post(url(masterclass), {"action": "in", "id": sanne.pk, "sessie": first.pk})
    manager.post(url(masterclass), {"action": "in", "id": sanne.pk, "sessie": first.pk})
    assert counts_on(manager.get(url(masterclass), {"sessie": second.pk})) == (0, 1)
    manager.post(url(masterclass), {"action": "in", "id": sanne.pk, "sessie": second.pk})
    assert sorted(Attendance.objects.values_list("session_id", flat=True)) == sorted([first.pk, second.pk])
    # An unknown session in the address falls back to the current one, never to an error.
    assert manager.get(url(masterclass), {"sessie": "999999"}).status_code == 200


def test_a_walk_in_is_registered_past_capacity_and_after_closing_and_marked_present(site, manager, on_commit):
    event = EventFactory(
        agenda=site.agenda,
        capacity=1,
        waiting_list=False,
        registration_closes=timezone.now() - timedelta(hours=1),
    )
    person(event, "vol@example.org", "Vol")
    with on_commit():
        response = manager.post(
            url(event), {"action": "walk_in", "name": "Nieuw\nGezicht", "email": "Nieuw@Example.org"}
        )
    assert "Nieuw Gezicht is aangemeld en aanwezig." in response.content.decode()
    walk_in = Registration.objects.get(email="nieuw@example.org")
    assert walk_in.status == "confirmed" and walk_in.attendances.count() == 1
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]  # the usual confirmation
    bad = manager.post(url(event), {"action": "walk_in", "name": "", "email": "geen"})
    assert bad.status_code == 400 and Registration.objects.count() == 2


def test_someone_on_the_waiting_list_is_admitted_and_present_in_one_tap(site, manager, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=1)
    person(event, "vol@example.org", "Vol")
    waiting = person(event, "wacht@example.org", "Wacht", status="waitlisted")
    refused = manager.post(url(event), {"action": "scan", "token": waiting.checkin_token})
    assert refused.status_code == 400 and "heeft nog geen plek" in refused.content.decode()
    assert manager.post(url(event), {"action": "in", "id": waiting.pk}).status_code == 400
    with on_commit():
        manager.post(url(event), {"action": "admit", "id": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.attendances.count() == 1


def test_bad_input_gets_a_clear_answer_and_changes_nothing(site, manager):
    event = EventFactory(agenda=site.agenda)
    other = person(EventFactory(agenda=site.agenda), "ander@example.org", "Ander")
    for data in (
        {"action": "in", "id": other.pk},
        {"action": "in", "id": "1" * 40},
        {"action": "undo", "id": "x"},
        {"action": "elders"},
    ):
        assert manager.post(url(event), data).status_code == 400, data
    assert manager.get(url(event), {"q": "\x00" * 500}).status_code == 200
    assert not Attendance.objects.exists()


def test_the_presence_list_shows_who_checked_in(site, manager):
    event = EventFactory(agenda=site.agenda)
    sanne = person(event, "sanne@example.org", "Sanne")
    person(event, "ali@example.org", "Ali")
    attendance.check_in(sanne, None, manager.user)
    page = manager.get(f"/admin/netwerk/evenementen/{event.pk}/presentielijst/")
    rows = {row.select("td")[1].get_text(): row.select("td")[3].get_text() for row in soup(page).select("tbody tr")[:2]}
    assert rows["Sanne"].startswith("ingecheckt") and rows["Ali"] == ""
    assert Client().get(f"/admin/netwerk/evenementen/{event.pk}/presentielijst/").status_code == 302


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=st.sampled_from(["in", "undo", "admit", "scan", "walk_in", "", "elders"]),
    target=st.one_of(st.sampled_from(["here", "elsewhere", "token-elsewhere"]), st.text(max_size=30)),
    session=st.one_of(st.just(""), st.text(max_size=12)),
    text=st.text(max_size=40),
)
def test_no_combination_errs_or_checks_in_someone_of_another_event(site, action, target, session, text):
    from home.permissions import NETWORK_MANAGERS as MANAGERS

    if not Registration.objects.filter(email="elders@example.org").exists():
        here, elsewhere = EventFactory(agenda=site.agenda, slug="hier"), EventFactory(agenda=site.agenda)
        person(here, "hier@example.org", "Hier")
        person(elsewhere, "elders@example.org", "Elders")
        login_as(MANAGERS, "poort")
    here = Registration.objects.get(email="hier@example.org")
    other = Registration.objects.get(email="elders@example.org")
    value = {"here": str(here.pk), "elsewhere": str(other.pk), "token-elsewhere": other.checkin_token}.get(
        target, target
    )
    client = Client()
    client.force_login(User.objects.get(username="poort"))
    data = {"action": action, "id": value, "token": value, "sessie": session, "name": text, "email": text}
    response = client.post(url(here.event), data)
    assert response.status_code in (200, 400), response.status_code
    assert client.get(url(here.event), {"q": text, "sessie": session}).status_code == 200
    assert not Attendance.objects.filter(registration=other).exists()


def test_the_registrations_export_shows_who_checked_in(site, manager):
    import csv
    import io

    event = EventFactory(agenda=site.agenda)
    sanne = person(event, "sanne@example.org", "Sanne")
    person(event, "ali@example.org", "Ali")
    attendance.check_in(sanne, None, manager.user)
    response = manager.get(f"/admin/network/registration/?export=csv&event__id__exact={event.pk}")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    column = header.index("Ingecheckt om")
    by_name = {row[2]: row[column] for row in rows}
    assert by_name["Ali"] == "" and by_name["Sanne"].startswith(timezone.localdate().strftime("%d-%m-%Y"))
