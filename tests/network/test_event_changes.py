"""A moved, relocated or cancelled event reaches everyone who registered, and their calendars; Netwerkbeheer can
write to the registrants of one event and print a presence list."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageLogEntry

from home.permissions import EDITORS, NETWORK_MANAGERS, assign_page_permissions
from network.models import EventSchedule, MasterclassSession, Registration
from network.registrations import reminders
from tests.factories import EventFactory, MasterclassFactory, publish
from tests.helpers import assert_denied, assert_login_required, soup


@pytest.fixture
def people(site):
    event = EventFactory(agenda=site.agenda, slug="verplaatst", capacity=2)
    statuses = ["confirmed", "confirmed", "waitlisted", "cancelled"]
    for n, status in enumerate(statuses):
        Registration.objects.create(event=event, name=f"Deelnemer {n}", email=f"p{n}@uni.nl", status=status)
    return event


def login(group):
    user = User.objects.create_user(group.lower(), f"{group.lower()}@uni.nl", "pw")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def vevents(ics):
    calendar = Calendar.from_ical(ics)
    return calendar, [component for component in calendar.walk("VEVENT")]


def attachment(message):
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and name != "evenement.ics" and mimetype == "text/calendar"  # the event's slug
    return vevents(content)


def test_a_moved_event_mails_registrants_an_updated_calendar_file_with_the_same_uid(client, site, people, on_commit):
    event = people
    _calendar, (before,) = vevents(client.get(f"{event.url}ical/").content)
    assert before["sequence"] == 0
    old_day = timezone.localtime(event.start).strftime("%-d")
    event.start += timedelta(days=1)
    event.end += timedelta(days=1)
    event.venue = "Amsterdam, Science Park"
    with on_commit():
        publish(event)

    assert sorted(m.to[0] for m in mail.outbox) == ["p0@uni.nl", "p1@uni.nl", "p2@uni.nl"]  # not the cancelled one
    for message in mail.outbox:
        assert message.subject == f"Gewijzigd: {event.title}"
        assert "Amsterdam, Science Park" in message.body and "Zo was het" in message.body
        assert f" {old_day} " in message.body.split("Zo was het")[1] and "Utrecht" in message.body
    confirmed = next(m for m in mail.outbox if m.to == ["p0@uni.nl"])
    calendar, (after,) = attachment(confirmed)
    assert after["uid"] == before["uid"] and after["sequence"] == 1
    assert (
        after.decoded("dtstart") == event.start.replace(microsecond=0)
        and str(after["location"]) == "Amsterdam, Science Park"
    )
    waiting = next(m for m in mail.outbox if m.to == ["p2@uni.nl"])
    assert waiting.attachments == [] and "wachtlijst" in waiting.body
    # The feeds carry the same version.
    for url in (f"{event.url}ical/", f"{site.agenda.url}ical/"):
        _calendar, (feed_event,) = vevents(client.get(url).content)
        assert feed_event["sequence"] == 1 and feed_event["uid"] == before["uid"]


def test_publishing_without_a_change_of_time_or_place_mails_nobody(site, people, on_commit):
    event = people
    event.intro = "Een nieuwe introductie."
    event.capacity = 3  # a place for the waiting list: that mail, and no change mail
    with on_commit():
        publish(event)
    assert [m.subject for m in mail.outbox] == [f"Er is een plek vrijgekomen: {event.title}"]
    assert EventSchedule.objects.get(event=event).sequence == 0
    with on_commit():
        publish(event)
    assert len(mail.outbox) == 1


def test_a_cancelled_event_is_taken_out_of_calendars_and_closed(client, site, people, on_commit):
    event = people
    event.cancelled = True
    with on_commit():
        publish(event)
    assert len(mail.outbox) == 3
    confirmed = next(m for m in mail.outbox if m.to == ["p1@uni.nl"])
    assert confirmed.subject == f"Gaat niet door: {event.title}"
    calendar, (vevent,) = attachment(confirmed)
    assert calendar["method"] == "CANCEL" and vevent["status"] == "CANCELLED" and vevent["sequence"] == 1
    _calendar, (feed_event,) = vevents(client.get(f"{site.agenda.url}ical/").content)
    assert feed_event["status"] == "CANCELLED"

    page = soup(client.get(event.url))
    assert "Dit evenement gaat niet door." in page.select_one("main").get_text()
    assert page.select_one("form[action$='aanmelden/']") is None
    response = client.post(f"{event.url}aanmelden/", {"name": "Laat", "email": "laat@uni.nl", "consent": "on"})
    assert "Dit evenement gaat niet door." in response.content.decode()
    assert not Registration.objects.filter(email="laat@uni.nl").exists()
    card = soup(client.get(site.agenda.url)).select_one(".card__places")
    assert card.get_text(strip=True) == "Gaat niet door"
    # No reminder for an event that does not take place.
    assert reminders.send_reminders(event.start - timedelta(days=1), cancel_url_for_event=lambda e: str) == 0


def test_a_moved_masterclass_session_keeps_its_uid(client, site, on_commit):
    start = timezone.now() + timedelta(days=10)
    masterclass = MasterclassFactory(agenda=site.agenda, slug="reeks", start=start, end=start + timedelta(hours=2))
    Registration.objects.create(event=masterclass, name="Eva", email="eva@uni.nl", status="confirmed")
    _calendar, before = vevents(client.get(f"{masterclass.url}ical/").content)
    sessions = list(masterclass.sessions.all())
    masterclass.sessions = [
        MasterclassSession(title=s.title, start=s.start + timedelta(hours=n), end=s.end + timedelta(hours=n))
        for n, s in enumerate(sessions)
    ]
    with on_commit():
        publish(masterclass)
    (message,) = mail.outbox
    _calendar, after = attachment(message)
    assert [e["uid"] for e in after] == [e["uid"] for e in before]
    assert [e["sequence"] for e in after] == [1, 1]
    assert after[1].decoded("dtstart") == (sessions[1].start + timedelta(hours=1)).replace(microsecond=0)


def test_netwerkbeheer_writes_to_the_waiting_list_only(site, people, on_commit):
    event = people
    manager = login(NETWORK_MANAGERS)
    url = f"/admin/netwerk/evenementen/{event.pk}/bericht/"
    # The way there: the event's own page in the admin, and the agenda's listing.
    assign_page_permissions(apps)
    assert url in manager.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert url in manager.get(f"/admin/pages/{site.agenda.pk}/").content.decode()
    form = soup(manager.get(url))
    labels = [label.get_text(" ", strip=True) for label in form.select("label")]
    assert any("Alleen de wachtlijst (1)" in label for label in labels)
    with on_commit():
        data = {"audience": "waitlisted", "subject": "Nieuws", "body": "Er komt een extra zaal."}
        preview = soup(manager.post(url, data))
    assert mail.outbox == []  # a preview first: the mail as it will read, and to how many
    assert "Dit bericht gaat naar 1 deelnemer." in preview.get_text(" ", strip=True)
    assert "Er komt een extra zaal." in preview.select_one(".message-preview").get_text()
    assert "[naam van de deelnemer]" in preview.select_one(".message-preview").get_text()
    back = soup(manager.post(url, {**data, "edit": "1"}))
    assert back.select_one("textarea[name=body]").get_text().strip() == "Er komt een extra zaal."
    with on_commit():
        response = manager.post(url, {**data, "send": "1"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["p2@uni.nl"] and message.subject == "Nieuws"
    assert "Er komt een extra zaal." in message.body and "afmelden" in message.body
    entry = PageLogEntry.objects.filter(page=event, action="network.message").get()
    assert entry.user_id == manager.user.pk and entry.data["sent"] == 1


def test_a_message_without_subject_is_refused_with_the_reason(site, people):
    manager = login(NETWORK_MANAGERS)
    response = manager.post(f"/admin/netwerk/evenementen/{people.pk}/bericht/", {"audience": "all", "body": "x"})
    assert response.status_code == 200
    assert "verplicht veld" in soup(response).select_one("[data-contentpath=subject] .error-message").get_text()
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["anonymous", EDITORS])
def test_only_netwerkbeheer_sees_the_message_form_and_the_presence_list(site, people, who):
    client = Client() if who == "anonymous" else login(who)
    for url in (
        f"/admin/netwerk/evenementen/{people.pk}/bericht/",
        f"/admin/netwerk/evenementen/{people.pk}/presentielijst/",
    ):
        response = client.get(url)
        if who == "anonymous":
            assert_login_required(response)
        else:
            assert_denied(response)
        assert b"p0@uni.nl" not in response.content


def test_the_presence_list_names_those_with_a_place_per_session(site, on_commit):
    start = timezone.now() + timedelta(days=10)
    masterclass = MasterclassFactory(agenda=site.agenda, slug="lijst", start=start, end=start + timedelta(hours=2))
    for name, status in [("Zoë", "confirmed"), ("Anton", "confirmed"), ("Wacht", "waitlisted"), ("Weg", "cancelled")]:
        Registration.objects.create(event=masterclass, name=name, email=f"{name.lower()}@uni.nl", status=status)
    manager = login(NETWORK_MANAGERS)
    url = f"/admin/netwerk/evenementen/{masterclass.pk}/presentielijst/"
    page = soup(manager.get(url))
    assert [row.select("td")[1].get_text() for row in page.select("tbody tr:not(.walk-in)")] == ["Anton", "Zoë"]
    assert len(page.select("tbody tr.walk-in")) == 6  # blank rows for people who come unannounced
    assert page.select_one("button[data-print]").get_text(strip=True) == "Afdrukken"
    session = masterclass.sessions.all()[1]
    page = soup(manager.get(f"{url}?sessie={session.pk}"))
    assert "Sessie 1" in page.select_one(".when").get_text()
    assert manager.get(f"{url}?sessie=999999").status_code == 302


def test_registrations_stay_out_of_the_reference_index(client, site, people, on_commit):
    """Regression: each registration wrote a Wagtail reference-index row (four queries, and a "usage" line per
    person on the event page); personal data is not content."""
    from wagtail.models import ReferenceIndex

    with on_commit():
        client.post(f"{people.url}aanmelden/", {"name": "Nieuw", "email": "nieuw@uni.nl", "consent": "on"})
    assert Registration.objects.filter(email="nieuw@uni.nl").exists()
    assert not ReferenceIndex.objects.filter(content_type__app_label="network").exists()
    manager = login(NETWORK_MANAGERS)
    assign_page_permissions(apps)
    usage = soup(manager.get(f"/admin/pages/{people.pk}/usage/")).select_one("main").get_text(" ", strip=True)
    assert "Aanmelding" not in usage


def test_the_event_page_in_the_admin_shows_its_overview_and_the_actions_as_buttons(site, people):
    """Regression: Aanmeldingen, Bericht aan deelnemers and Presentielijst hid in the ⋯ menu, and the event's
    admin page showed neither places nor the waiting list."""
    event = people  # 2 places: 2 confirmed, 1 waiting, 1 cancelled
    Registration.objects.create(event=event, name="Nog bezig", email="p9@uni.nl", status="pending")
    manager = login(NETWORK_MANAGERS)
    page = soup(manager.get(f"/admin/pages/{event.pk}/edit/"))
    overview = page.select_one(".event-overview")
    figures = {
        div.select_one("dt").get_text(strip=True): div.select_one("dd").get_text(strip=True)
        for div in overview.select("dl div")
    }
    assert figures["Plekken"] == "2 van 2 bezet" and figures["Wachtlijst"] == "1"
    assert figures["Wacht op bevestiging e-mailadres"] == "1"
    buttons = [a.get_text(strip=True) for a in overview.select(".event-overview__actions a")]
    assert buttons == ["Aanmeldingen", "Bericht aan deelnemers", "Presentielijst", "Inchecken"]
    editor = login(EDITORS)
    assert soup(editor.get(f"/admin/pages/{event.pk}/edit/")).select_one(".event-overview") is None


def test_before_publishing_a_change_the_count_is_shown_and_after_it_how_many_were_mailed(site, people, on_commit):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from network.wagtail_hooks import say_how_many_were_told

    event = people
    manager = login(NETWORK_MANAGERS)
    before = soup(manager.get(f"/admin/pages/{event.pk}/edit/")).select_one(".event-overview").get_text(" ", strip=True)
    assert "dan krijgen bij het publiceren 3 deelnemers een e-mail" in before
    event.start += timedelta(days=1)
    event.end += timedelta(days=1)
    with on_commit():
        publish(event)
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    say_how_many_were_told(request, event)
    assert [str(m) for m in get_messages(request)] == ["De wijziging is per e-mail naar 3 deelnemers gestuurd."]


def test_one_calendar_file_serves_every_confirmation_until_the_event_changes(client, site, on_commit, monkeypatch):
    from network.events import ical

    built = []
    real = ical.calendar_for
    monkeypatch.setattr(ical, "calendar_for", lambda *args, **kwargs: built.append(1) or real(*args, **kwargs))
    event = EventFactory(agenda=site.agenda, slug="drukbezocht", capacity=10, confirm_email=False)
    for n in range(3):
        with on_commit():
            client.post(f"{event.url}aanmelden/", {"name": f"P{n}", "email": f"p{n}@uni.nl", "consent": "on"})
    files = [message.attachments[0][1] for message in mail.outbox]
    assert len(files) == 3 and len(set(files)) == 1 and len(built) == 1  # one calendar for the whole burst
    event.start += timedelta(days=2)
    event.end += timedelta(days=2)
    with on_commit():
        publish(event)
    mail.outbox.clear()
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Laat", "email": "laat@uni.nl", "consent": "on"})
    confirmation = next(message for message in mail.outbox if message.to == ["laat@uni.nl"])
    _calendar, (moved,) = attachment(confirmation)
    assert moved.decoded("dtstart") == event.start.replace(microsecond=0)  # the new time, not the kept file
