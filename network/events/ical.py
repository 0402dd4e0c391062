"""RFC 5545 calendar files for events, with Europe/Amsterdam times and stable UIDs.

A calendar program recognises an event by its UID and takes a file with a higher SEQUENCE as the newer
version: a moved event moves in the agenda, a cancelled one (STATUS:CANCELLED, and METHOD:CANCEL in the
file mailed to registrants) is struck out."""

from datetime import UTC, timedelta
from functools import partial
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from home.cache.kept import kept_per_generation
from home.cache.pages import current_generation
from network.models.schedule import EventSchedule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The dotted path a queued mail names to build its calendar file when it is sent (home.mail).
CALENDAR_ATTACHMENT = "network.events.ical.calendar_attachment_for"


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


def calendar_filename(event):
    """Named after the event (its slug: ASCII, no spaces), so a saved file says what it is."""
    return f"{event.slug or 'evenement'}.ics"


ATTACHMENT_TTL = 600


def calendar_attachment(event):
    """The file mailed to a registrant: METHOD:CANCEL takes a cancelled event out of their agenda. The same for
    everyone registered, so it is made once and kept (in the fragment cache, keyed by the page-cache generation,
    which every publish moves on) for ATTACHMENT_TTL: a burst of confirmations builds one calendar, not one each."""
    method = "CANCEL" if event.cancelled else "PUBLISH"
    text = kept_per_generation(f"event-calendar:{event.pk}:{method}", partial(_shared_calendar, event, method))
    return (calendar_filename(event), text, "text/calendar")


def _shared_calendar(event, method):
    key = f"event-calendar:{event.pk}:{method}:{current_generation()}"
    text = caches["fragments"].get(key)
    if text is None:
        text = calendar_for([event], method=method).decode()
        caches["fragments"].set(key, text, ATTACHMENT_TTL)
    return text


def _utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_links(event, request=None):
    """ "Zet in je agenda" for people without a calendar program that opens .ics: a Google Calendar and an
    Outlook.com link per session (one for a single event), prefilled with title, times, place and link."""
    where = event.venue or event.online_url or ""
    details = f"{event.intro}\n\n{event.get_full_url(request) or ''}".strip()
    links = []
    for _suffix, title, start, end in event.sessions_for_calendar:
        google = "https://calendar.google.com/calendar/render?" + urlencode(
            {
                "action": "TEMPLATE",
                "text": title,
                "dates": f"{_utc_stamp(start)}/{_utc_stamp(end)}",
                "details": details,
                "location": where,
            }
        )
        outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
            {
                "path": "/calendar/action/compose",
                "rru": "addevent",
                "subject": title,
                "startdt": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "enddt": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "body": details,
                "location": where,
            }
        )
        links.append({"title": title, "start": start, "end": end, "google": google, "outlook": outlook})
    return links


def calendar_attachment_for(context):
    """For home.mail: the calendar file of the mail's event, made when the mail is sent."""
    return calendar_attachment(context["event"].specific)
