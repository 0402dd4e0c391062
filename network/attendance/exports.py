"""The accreditation export: the presence list a register's portal takes (PE-online for NIP and Registerplein,
LVSC's own): per event or per session, only attendees with a number in that register, as Dutch spreadsheet
programs read CSV (home/spreadsheets.py)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone, translation
from django.utils.text import slugify

from home.spreadsheets import csv_response
from network.attendance import occasions
from network.attendance.certificates import earned, register_numbers
from network.models.registrations import Registration

HEADERS = ["register", "registernummer", "naam", "datum", "uren", "punten"]
CENT = Decimal("0.01")


def _dutch(value):
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)).replace(".", ",")


def _date(moment):
    with translation.override("nl"):
        return formats.date_format(timezone.localtime(moment), "d-m-Y")


def rows(event, accreditation, session=None):
    """[register, full number, name, date, hours, points] per attendee with a number for this register."""
    every = occasions(event)
    attendees = Registration.objects.filter(event_id=event.pk, status=Registration.Status.CONFIRMED)
    attendees = (
        attendees.filter(attendances__session=session) if session else attendees.filter(attendances__isnull=False)
    )
    attendees = list(attendees.distinct().order_by("name", "pk").prefetch_related("attendances"))
    numbers = register_numbers([person.email for person in attendees])
    found = []
    for person in attendees:
        number = numbers.get(person.email.lower(), {}).get(accreditation.register)
        if not number:
            continue
        if session is not None:  # one session: its share of the hours and points
            total = len(every)
            hours, points, when = event.contact_hours / total, accreditation.points / total, session.start
        else:
            outcome = earned(event, person, every, [accreditation], {})
            if outcome is None:
                continue
            attended, hours, _points = outcome
            points, when = accreditation.points * attended / len(every), event.start
        name = person.certificate_name or person.name
        found.append([accreditation.get_register_display(), number, name, _date(when), _dutch(hours), _dutch(points)])
    return found


def accreditation_csv(event, accreditation, session=None):
    suffix = f"-sessie-{session.pk}" if session else ""
    filename = f"accreditatie-{accreditation.register}-{slugify(event.title)[:60]}{suffix}"
    return csv_response(filename, HEADERS, rows(event, accreditation, session))
