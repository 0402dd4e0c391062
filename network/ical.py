"""RFC 5545 calendar files for events, with Europe/Amsterdam times and stable UIDs."""

from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vText

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _calendar():
    calendar = Calendar()
    calendar.add("prodid", "-//Kennisbank Studentenwelzijn//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def _vevents(event):
    url = event.full_url or ""
    host = settings.PUBLIC_BASE_URL.split("//")[-1].split("/")[0] or "kennisbank"
    for suffix, title, start, end in event.sessions_for_calendar:
        vevent = Event()
        vevent.add("uid", f"event-{event.pk}{suffix}@{host}")
        vevent.add("summary", title)
        vevent.add("dtstart", start.astimezone(AMSTERDAM))
        vevent.add("dtend", end.astimezone(AMSTERDAM))
        vevent.add("dtstamp", (event.last_published_at or event.latest_revision_created_at or start))
        vevent["location"] = vText(event.venue or event.online_url or "online")
        if event.intro:
            vevent.add("description", f"{event.intro}\n\n{url}".strip())
        if url:
            vevent.add("url", url)
        yield vevent


def calendar_for(events):
    calendar = _calendar()
    for event in events:
        for vevent in _vevents(event):
            calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_attachment(event):
    return ("evenement.ics", calendar_for([event.specific]).decode(), "text/calendar")


def calendar_attachment_for(context):
    """For home.mail: the calendar file of the mail's event, made when the mail is sent."""
    return calendar_attachment(context["event"].specific)
