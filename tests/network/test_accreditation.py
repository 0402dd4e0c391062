"""What registers need: the accreditation export per event and session, numbers asked at registration, mail by
attendance and the no-show rate."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from home.permissions import EDITORS, NETWORK_MANAGERS
from network import attendance
from network.models import Accreditation, RegisterNumber, Registration
from tests.factories import EventFactory, MasterclassFactory, publish
from tests.helpers import login_as, soup

PAST = timezone.now() - timedelta(days=3)


def accredited(page, hours="6"):
    page.contact_hours = Decimal(hours)
    page.accreditations = [Accreditation(register="nip", points=Decimal("6"), number="NIP-ACC-1")]
    return publish(page)


def came(page, email, name, sessions, number=None):
    registration = Registration.objects.create(event=page, name=name, email=email, status="confirmed")
    for session in sessions:
        attendance.check_in(registration, session, None)
    if number:
        RegisterNumber.objects.create(email=email, register="nip", number=number)
    return registration


def exported(client, page, register="nip", **params):
    response = client.get(f"/admin/netwerk/evenementen/{page.pk}/accreditatie/{register}/", params)
    assert response.status_code == 200, response.status_code
    text = response.content.decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_export_lists_only_attendees_with_a_number_per_event_and_per_session(site):
    page = accredited(MasterclassFactory(agenda=site.agenda, title="Masterclass", start=PAST, sessions=3))
    first, second, third = list(page.sessions.all())
    came(page, "a@example.org", "=Anna", [first, second, third], number="NIP-00000001")
    came(page, "b@example.org", "Bram", [first], number="NIP-00000002")
    came(page, "c@example.org", "Cor zonder nummer", [first, second, third])
    came(page, "d@example.org", "Dirk niet gekomen", [], number="NIP-00000004")
    manager = login_as(NETWORK_MANAGERS, "beheer")
    response, rows = exported(manager, page)
    assert (
        response["Content-Type"].startswith("text/csv")
        and "accreditatie-nip-masterclass" in response["Content-Disposition"]
    )
    assert rows[0] == ["register", "registernummer", "naam", "datum", "uren", "punten"]
    # The all-sessions rule (the default): only Anna earns the whole; a formula is neutralised.
    assert [row[1:3] + row[4:] for row in rows[1:]] == [["NIP-00000001", "'=Anna", "6,00", "6,00"]]
    _response, session_rows = exported(manager, page, sessie=first.pk)
    assert [(row[1], row[4], row[5]) for row in session_rows[1:]] == [
        ("NIP-00000001", "2,00", "2,00"),
        ("NIP-00000002", "2,00", "2,00"),
    ]
    assert session_rows[1][3] == timezone.localtime(first.start).strftime("%d-%m-%Y")
    assert manager.get(f"/admin/netwerk/evenementen/{page.pk}/accreditatie/lvsc/").status_code == 404
    assert manager.get(f"/admin/netwerk/evenementen/{page.pk}/accreditatie/nip/", {"sessie": "0"}).status_code == 404
    assert login_as(EDITORS, "redacteur").get(
        f"/admin/netwerk/evenementen/{page.pk}/accreditatie/nip/"
    ).status_code in (
        302,
        403,
    )
    links = soup(manager.get(f"/admin/netwerk/evenementen/{page.pk}/presentielijst/")).select("a[href*=accreditatie]")
    assert [link.get_text(strip=True) for link in links] == ["NIP"]


def test_an_accredited_event_asks_numbers_at_registration_and_never_overwrites_a_kept_one(client, site, on_commit):
    event = accredited(EventFactory(agenda=site.agenda, confirm_email=False), hours="2")
    form = soup(client.get(event.url)).select_one("form.form")
    assert form.select_one("[name=register_nip]") is not None
    assert soup(client.get(EventFactory(agenda=site.agenda).url)).select_one("[name=register_nip]") is None
    RegisterNumber.objects.create(email="lid@example.org", register="nip", number="NIP-BEWAARD")
    base = {"consent": "on"}
    with on_commit():
        client.post(
            f"{event.url}aanmelden/", {**base, "name": "Gast", "email": "Gast@Example.org", "register_nip": "nip-123"}
        )
        client.post(
            f"{event.url}aanmelden/", {**base, "name": "Lid", "email": "lid@example.org", "register_nip": "ANDERS"}
        )
    assert dict(RegisterNumber.objects.values_list("email", "number")) == {
        "gast@example.org": "NIP-123",
        "lid@example.org": "NIP-BEWAARD",
    }
    bad = client.post(f"{event.url}aanmelden/", {**base, "name": "X", "email": "x@example.org", "register_nip": "=1+1"})
    assert "Gebruik alleen letters" in bad.content.decode() and not Registration.objects.filter(name="X").exists()


def test_mail_by_attendance_and_the_no_show_rate(site, on_commit):
    event = EventFactory(agenda=site.agenda, title="Netwerkdag", start=PAST)
    came(event, "kwam@example.org", "Kwam", [None])
    came(event, "weg@example.org", "Weg", [])
    came(event, "ook@example.org", "Ook weg", [])
    manager = login_as(NETWORK_MANAGERS, "beheer")
    form = manager.get(f"/admin/netwerk/evenementen/{event.pk}/bericht/").content.decode()
    assert "Wie aanwezig was (1)" in form and "niet verscheen (2)" in form
    with on_commit():
        manager.post(
            f"/admin/netwerk/evenementen/{event.pk}/bericht/",
            {"audience": "no_show", "subject": "Jammer", "body": "We misten je.", "send": "1"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["ook@example.org", "weg@example.org"]
    mail.outbox.clear()
    with on_commit():
        manager.post(
            f"/admin/netwerk/evenementen/{event.pk}/bericht/",
            {"audience": "present", "subject": "Dank", "body": "Fijn dat je er was.", "send": "1"},
        )
    assert [m.to[0] for m in mail.outbox] == ["kwam@example.org"]
    overview = soup(manager.get(f"/admin/network/registration/?event__id__exact={event.pk}"))
    assert overview.select_one("[data-no-show]")["data-no-show"] == "67"
    upcoming = EventFactory(agenda=site.agenda)
    assert "niet verscheen" not in manager.get(f"/admin/netwerk/evenementen/{upcoming.pk}/bericht/").content.decode()


def test_netwerkbeheer_keeps_register_numbers_to_the_same_rule_in_the_admin(site):
    manager = login_as(NETWORK_MANAGERS, "beheer")
    create = "/admin/network/registernumber/create/"
    refused = manager.post(create, {"email": "a@example.org", "register": "nip", "number": "=HYPERLINK(1)"})
    assert refused.status_code == 200 and not RegisterNumber.objects.exists()
    manager.post(create, {"email": "a@example.org", "register": "nip", "number": "NIP-00123456"})
    assert list(RegisterNumber.objects.values_list("number", flat=True)) == ["NIP-00123456"]
    twice = manager.post(create, {"email": "A@example.org", "register": "nip", "number": "NIP-1"})
    assert twice.status_code == 200 and RegisterNumber.objects.count() == 1  # one per register, any case
    assert login_as(EDITORS, "redacteur").get("/admin/network/registernumber/").status_code in (302, 403)
