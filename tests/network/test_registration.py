import re
from datetime import UTC, timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from home.models import OutgoingMail
from network.models import Member, Registration
from tests.factories import EventFactory, MasterclassFactory
from tests.helpers import soup, visit

FORM = {
    "name": "Sanne de Vries",
    "email": "sanne@example.org",
    "organisation": "Hogeschool Rotterdam",
    "role": "studentendecaan",
    "remarks": "vegetarisch",
    "consent": "on",
}


def register(client, event, on_commit, **overrides):
    with on_commit():
        return client.post(f"{event.url}aanmelden/", {**FORM, **overrides})


def cancel_link(message):
    return re.search(r"https://kennisbank.example(/\S+/afmelden/\S+/)", message.body).group(1)


def test_event_page_shows_places_left_and_form(client, site):
    event = EventFactory(agenda=site.agenda, capacity=12)
    page = soup(client.get(event.url))
    assert "Nog 12 plekken" in page.get_text()
    assert page.select_one('form[action$="aanmelden/"] input[name="email"]')


def test_registration_is_confirmed_with_ics_and_cancel_link(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=2)
    response = register(client, event, on_commit)
    assert response.status_code == 200
    assert "Je bent aangemeld" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@example.org"]
    assert event.title in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    assert [str(component["summary"]) for component in calendar.walk("VEVENT")] == [event.title]
    assert cancel_link(message) == f"{event.url}afmelden/{registration.token}/"
    assert "Nog 1 plek" in client.get(event.url).content.decode()


def test_full_event_puts_people_on_the_waiting_list_with_position(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=1)
    register(client, event, on_commit, email="a@example.org")
    response = register(client, event, on_commit, email="b@example.org")
    assert "wachtlijst" in response.content.decode()
    assert Registration.objects.get(email="b@example.org").status == "waitlisted"
    assert "plaats 1 van de wachtlijst" in mail.outbox[-1].body
    assert "Vol — wachtlijst" in client.get(site.agenda.url).content.decode()


def test_full_event_without_waiting_list_refuses(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=1, waiting_list=False)
    register(client, event, on_commit, email="a@example.org")
    response = register(client, event, on_commit, email="b@example.org")
    assert "Deze bijeenkomst is vol." in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_opens": timezone.now() + timedelta(days=1)}, "nog niet geopend"),
        ({"registration_closes": timezone.now() - timedelta(hours=1)}, "gesloten"),
        ({"start": timezone.now() - timedelta(hours=1), "end": timezone.now() + timedelta(hours=1)}, "gesloten"),
    ],
)
def test_registration_outside_the_window_is_refused(client, site, on_commit, fields, message):
    event = EventFactory(agenda=site.agenda, **fields)
    response = register(client, event, on_commit)
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_twice_gives_one_registration_and_tells_the_address_not_the_page(client, site, on_commit):
    """Regression: "Met dit e-mailadres ben je al aangemeld" told anyone who typed an address who attends what.
    The page now answers as for a new registration; the address hears its real state, once an hour."""
    event = EventFactory(agenda=site.agenda, capacity=1, confirm_email=False)
    first = register(client, event, on_commit)
    again = register(client, event, on_commit, email="SANNE@example.org ")  # the event is full now
    new = register(client, event, on_commit, email="ander@example.org")
    assert _answer(first)[1].startswith("Je bent aangemeld")
    assert _answer(again) == _answer(new) and "plaats 1 van de wachtlijst" in _answer(again)[1]
    register(client, event, on_commit, email="sanne@example.org")  # a third time within the hour: no more mail
    assert Registration.objects.filter(status="confirmed").count() == 1
    to_sanne = [message.subject for message in mail.outbox if message.to == ["sanne@example.org"]]
    assert to_sanne == [f"Bevestiging van je aanmelding: {event.title}", f"Je bent al aangemeld: {event.title}"]


def _answer(response):
    main = soup(response).select_one("main")
    return response.status_code, " ".join(main.get_text().split())


def test_members_only_answers_alike_for_members_and_others_and_tells_by_mail(client, site, on_commit):
    """Regression: the page answered differently for members, so anyone could test an address."""
    event = EventFactory(agenda=site.agenda, confirm_email=False, members_only=True)
    outsider = register(client, event, on_commit)
    assert "Kijk in je mail" in outsider.content.decode()
    assert Registration.objects.count() == 0
    assert "alleen voor leden" in mail.outbox[-1].body
    Member.objects.create(name="Sanne", email="sanne@example.org", organisation="HR", confirmed_at=timezone.now())
    member = register(client, event, on_commit)
    assert _answer(member) == _answer(outsider)
    assert Registration.objects.filter(status="confirmed").count() == 1
    assert mail.outbox[-1].attachments[0][0].endswith(".ics")  # the result and the calendar file come by mail


def test_invalid_form_shows_errors_and_creates_nothing(client, site, on_commit):
    event = EventFactory(agenda=site.agenda)
    response = register(client, event, on_commit, email="geen-adres", consent="")
    page = soup(response)
    assert page.select_one("#id_email")["aria-invalid"] == "true"
    assert "id_email_error" in page.select_one("#id_email")["aria-describedby"]
    assert "geldig e-mailadres" in page.select_one("#id_email_error").get_text()
    assert page.select_one("#id_name")["value"] == FORM["name"]
    assert not Registration.objects.exists()


def test_cancel_shows_then_cancels_and_promotes_the_first_waiting(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=1)
    register(client, event, on_commit, email="a@example.org")
    register(client, event, on_commit, email="b@example.org")
    register(client, event, on_commit, email="c@example.org")
    link = cancel_link(mail.outbox[0])
    page = client.get(link)
    assert "Ja, meld mij af" in page.content.decode()
    assert Registration.objects.get(email="a@example.org").status == "confirmed"
    mail.outbox.clear()
    with on_commit():
        response = client.post(link)
    assert "Je bent afgemeld" in response.content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"a@example.org": "cancelled", "b@example.org": "confirmed", "c@example.org": "waitlisted"}
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    [cancelled] = [message for message in mail.outbox if message.to == ["a@example.org"]]
    assert cancelled.subject == f"Je bent afgemeld: {event.title}"
    assert "Je plek gaat naar wie op de wachtlijst staat" in cancelled.body and event.full_url in cancelled.body
    [promoted] = [message for message in mail.outbox if message.to == ["b@example.org"]]
    assert "plek vrijgekomen" in promoted.subject


def test_used_or_wrong_token_gives_a_clear_page(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False)
    register(client, event, on_commit)
    link = cancel_link(mail.outbox[0])
    with on_commit():
        client.post(link)
    used = client.get(link)
    assert used.status_code == 410 and "al afgemeld" in used.content.decode()
    wrong = client.get(f"{event.url}afmelden/verkeerd/")
    assert wrong.status_code == 404 and "werkt niet" in wrong.content.decode()


def test_a_failing_mail_server_loses_no_registration(client, site, on_commit, settings, monkeypatch):
    event = EventFactory(agenda=site.agenda, confirm_email=False)

    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    response = register(client, event, on_commit)
    assert response.status_code == 200
    assert Registration.objects.filter(status="confirmed").count() == 1
    stored = OutgoingMail.objects.get()
    assert stored.status == "failed" and stored.attempts == 1
    monkeypatch.undo()
    from django.core.management import call_command

    call_command("send_pending_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stored.refresh_from_db()
    assert stored.status == "sent"
    assert len(mail.outbox) == 1


def test_masterclass_calendar_has_one_vevent_per_session_in_amsterdam_time(client, site):
    masterclass = MasterclassFactory(agenda=site.agenda, confirm_email=False, sessions=2)
    response = client.get(f"{masterclass.url}ical/")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert len({str(event["uid"]) for event in events}) == 2
    assert all(str(event["dtstart"].dt.tzinfo) == "Europe/Amsterdam" for event in events)
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"
    again = Calendar.from_ical(client.get(f"{masterclass.url}ical/").content)
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]


def test_agenda_ical_lists_upcoming_only(client, site):
    EventFactory(agenda=site.agenda, title="Straks")
    EventFactory(agenda=site.agenda, title="Voorbij", start=timezone.now() - timedelta(days=3))
    calendar = Calendar.from_ical(client.get(f"{site.agenda.url}ical/").content)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Straks"]


def test_agenda_filters_by_kind_and_period(client, site):
    EventFactory(agenda=site.agenda, title="Webinar over slaap", kind="webinar", venue="", online_url="https://x.nl")
    EventFactory(agenda=site.agenda, title="Netwerkmiddag")
    EventFactory(agenda=site.agenda, title="Oude dag", start=timezone.now() - timedelta(days=30))
    MasterclassFactory(agenda=site.agenda, title="Masterclass slaap")
    text = client.get(site.agenda.url).content.decode()
    assert "Netwerkmiddag" in text and "Oude dag" not in text
    webinars = client.get(f"{site.agenda.url}?soort=webinar").content.decode()
    assert "Webinar over slaap" in webinars and "Netwerkmiddag" not in webinars and "Online" in webinars
    assert "Masterclass slaap" in client.get(f"{site.agenda.url}?soort=masterclass").content.decode()
    archive = client.get(f"{site.agenda.url}?periode=archief").content.decode()
    assert "Oude dag" in archive and "Netwerkmiddag" not in archive
    assert visit(client, f"{site.agenda.url}?soort=%3Cx%3E&pagina=9").status_code == 404


def test_api_exposes_event_fields(client, site):
    EventFactory(agenda=site.agenda, capacity=5)
    item = client.get(
        "/api/v2/pages/?type=network.EventPage&fields=start,kind,location,capacity,places_left,registration_open"
    ).json()["items"][0]
    assert item["places_left"] == 5 and item["registration_open"] is True and item["kind"] == "bijeenkomst"


def test_agenda_cards_say_the_places_in_words(client, site):
    EventFactory(agenda=site.agenda, capacity=4, slug="vier", title="Vier")
    full = EventFactory(agenda=site.agenda, capacity=1, slug="vol", title="Vol")
    Registration.objects.create(event=full, name="A", email="a@uni.nl", status="confirmed")
    EventFactory(agenda=site.agenda, capacity=None, slug="open", title="Open")
    cards = {
        card.select_one("h3, h2").get_text(strip=True): card.select_one(".card__places").get_text(strip=True)
        for card in soup(client.get(site.agenda.url)).select(".card")
    }
    assert cards == {"Vier": "Nog 4 plekken", "Vol": "Vol — wachtlijst open", "Open": "Aanmelden kan, geen maximum"}


def test_the_confirmation_page_offers_the_calendar_file_and_the_agenda(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=2)
    page = soup(register(client, event, on_commit))
    links = {link.get_text(strip=True): link["href"] for link in page.select(".next-steps a")}
    ics = f"Agendabestand ({event.slug}.ics)"
    assert links[ics] == f"{event.url}ical/"
    assert links["Bekijk de hele agenda"] == site.agenda.url
    download = client.get(links[ics])
    assert download["Content-Type"].startswith("text/calendar")
    assert download["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    # What, when and where are repeated; Google and Outlook links carry the same times in UTC.
    facts = page.select_one(".event-facts").get_text(" ", strip=True)
    assert event.title in facts and event.venue in facts and str(timezone.localtime(event.start).day) in facts
    stamp = event.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    google = links["Google Agenda"]
    assert google.startswith("https://calendar.google.com/calendar/render?") and stamp in google
    assert links["Outlook.com"].startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    assert "Wat er nu gebeurt" in page.get_text(" ", strip=True)


def test_a_neutral_answer_offers_no_calendar_file(client, site, on_commit):
    """Members-only events answer alike for members and others: the calendar file comes with the mail."""
    event = EventFactory(agenda=site.agenda, capacity=2, members_only=True)
    page = soup(register(client, event, on_commit))
    assert page.select_one("h1").get_text(strip=True) == "Kijk in je mail"
    assert not [link for link in page.select(".next-steps a") if "ical" in link["href"]]
