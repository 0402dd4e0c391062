"""RFC 5545 calendar files for events, with Europe/Amsterdam times and stable UIDs.

A calendar program recognises an event by its UID and takes a file with a higher SEQUENCE as the newer
version: a moved event moves in the agenda, a cancelled one (STATUS:CANCELLED, and METHOD:CANCEL in the
file mailed to registrants) is struck out."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models.schedule import EventSchedule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _calendar(method):
    calendar = Calendar()
    calendar.add("prodid", "-//Kennisbank Studentenwelzijn//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def _organizer():
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(settings.WAGTAIL_SITE_NAME)
    return organizer


def _vevents(event, sequence, stamp):
    url = event.full_url or ""
    host = settings.PUBLIC_BASE_URL.split("//")[-1].split("/")[0] or "kennisbank"
    for suffix, title, start, end in event.sessions_for_calendar:
        vevent = Event()
        vevent.add("uid", f"event-{event.pk}{suffix}@{host}")
        vevent.add("sequence", sequence)
        vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        vevent.add("summary", title)
        vevent.add("dtstart", start.astimezone(AMSTERDAM))
        vevent.add("dtend", end.astimezone(AMSTERDAM))
        vevent.add("dtstamp", stamp)
        vevent.add("organizer", _organizer())
        vevent["location"] = vText(event.venue or event.online_url or "online")
        if event.intro:
            vevent.add("description", f"{event.intro}\n\n{url}".strip())
        if url:
            vevent.add("url", url)
        yield vevent


def sequences(events):
    """The calendar SEQUENCE of each event (network.EventSchedule), in one query."""
    return dict(
        EventSchedule.objects.filter(event_id__in=[event.pk for event in events]).values_list("event_id", "sequence")
    )


def calendar_for(events, method="PUBLISH"):
    events = list(events)
    known = sequences(events)
    stamp = timezone.now()
    calendar = _calendar(method)
    times = []
    for event in events:
        for vevent in _vevents(event, known.get(event.pk, 0), stamp):
            calendar.add_component(vevent)
            times.append(vevent.decoded("dtstart"))
    if times:
        # Only the transitions around these events (a year either side), not 1970-2038: a tenth of the file
        # and of the time, for every confirmation e-mail.
        calendar.add_missing_timezones(
            first_date=min(times).date() - timedelta(days=366), last_date=max(times).date() + timedelta(days=366)
        )
    return calendar.to_ical()


def calendar_attachment(event):
    """The file mailed to a registrant: METHOD:CANCEL takes a cancelled event out of their agenda."""
    method = "CANCEL" if event.cancelled else "PUBLISH"
    return ("evenement.ics", calendar_for([event], method=method).decode(), "text/calendar")


def calendar_attachment_for(context):
    """For home.mail: the calendar file of the mail's event, made when the mail is sent."""
    return calendar_attachment(context["event"].specific)
