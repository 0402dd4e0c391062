"""The network's demo content: the network page, the agenda and its events (network.json; prose as data).
Times are given as [days from today, hour, minute] in Europe/Amsterdam, so the demo agenda stays current."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from home.demo import add_once, publish
from network.models import (
    Accreditation,
    EventIndexPage,
    EventPage,
    MasterclassPage,
    MasterclassSession,
    NetworkPage,
    Registration,
)

DATA = Path(__file__).with_name("network.json")


def _at(when):
    days, hour, minute = when
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute)))


def load(home):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    network = add_once(home, NetworkPage, **data["network"])
    agenda = add_once(network, EventIndexPage, **data["agenda"])
    for event in data["events"]:
        if not EventPage.objects.filter(slug=event["slug"]).exists():
            _add_event(agenda, dict(event))
    return network


def _add_event(agenda, event):
    sessions = event.pop("sessions", [])
    registrations = event.pop("registrations", None)
    accreditations = event.pop("accreditations", [])
    model = MasterclassPage if event.pop("masterclass", False) else EventPage
    event["start"], event["end"] = _at(event["start"]), _at(event["end"])
    page = model(**event)
    if sessions:
        page.sessions = [
            MasterclassSession(title=session["title"], start=_at(session["start"]), end=_at(session["end"]))
            for session in sessions
        ]
    page.accreditations = [Accreditation(**item) for item in accreditations]
    agenda.add_child(instance=page)
    publish(page)
    if registrations:
        confirmed, waiting = registrations["confirmed"], registrations["waitlisted"]
        for n in range(1, confirmed + waiting + 1):
            Registration.objects.create(
                event=page,
                name=f"Deelnemer {n}",
                email=f"deelnemer{n}@example.org",
                organisation=registrations["organisation"],
                status="confirmed" if n <= confirmed else "waitlisted",
            )
