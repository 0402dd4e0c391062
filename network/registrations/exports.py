"""The managers' exports of registrations and members (CSV and XLSX), readable and safe to open."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home.spreadsheets import csv_response, xlsx_response
from network.models.registrations import Registration

STATUS_ORDER = {"confirmed": 0, "waitlisted": 1, "pending": 2, "cancelled": 3}


def registration_rows(registrations):
    """One row per registration, by event, then status, then order of arrival; with the waiting-list place."""
    ordered = sorted(
        registrations.select_related("event").prefetch_related("attendances"),
        key=lambda r: (r.event.start, r.event_id, STATUS_ORDER.get(r.status, 9), r.created_at, r.pk),
    )
    places = {}
    for registration in ordered:
        position = None
        if registration.status == Registration.Status.WAITLISTED:
            position = places[registration.event_id] = places.get(registration.event_id, 0) + 1
        yield [
            registration.event.title,
            registration.event.start,
            registration.name,
            registration.email,
            registration.organisation,
            registration.role,
            registration.diet,
            registration.access_needs,
            registration.remarks,
            registration.get_status_display(),
            position,
            registration.created_at,
            registration.cancelled_at,
            _checked_in(registration),
        ]


def registration_headers():
    return [
        _("Bijeenkomst"),
        _("Begint op"),
        _("Naam"),
        _("E-mailadres"),
        _("Organisatie"),
        _("Functie"),
        _("Dieetwensen"),
        _("Toegankelijkheid"),
        _("Opmerkingen"),
        _("Status"),
        _("Plaats op de wachtlijst"),
        _("Aangemeld op"),
        _("Afgemeld op"),
        _("Ingecheckt om"),
    ]


def _checked_in(registration):
    """The first check-in at the door (network/attendance/), or empty: who came, in the same sheet."""
    moments = sorted(attendance.checked_in_at for attendance in registration.attendances.all())
    return moments[0] if moments else None


def member_rows(members):
    for member in members.select_related("sector").order_by("name", "pk"):
        yield [
            member.name,
            member.email,
            member.organisation,
            member.role,
            member.sector.name if member.sector else "",
            member.created_at,
            member.confirmed_at,
        ]


def member_headers():
    return [
        _("Naam"),
        _("E-mailadres"),
        _("Organisatie"),
        _("Functie"),
        _("Sector"),
        _("Aangemeld op"),
        _("Bevestigd op"),
    ]


def filename(base, registrations=None):
    """'aanmeldingen-<event>-<date>' when the list holds one event, else '<base>-<date>'."""
    stamp = timezone.localdate().isoformat()
    if registrations is not None:
        events = list(registrations.order_by().values_list("event__slug", flat=True).distinct()[:2])
        if len(events) == 1:
            return f"{base}-{slugify(events[0])}-{stamp}"
    return f"{base}-{stamp}"


def export(kind, queryset, spreadsheet_format):
    if kind == "registrations":
        headers, rows, name = registration_headers(), registration_rows(queryset), filename("aanmeldingen", queryset)
        titles = list(queryset.order_by().values_list("event__title", flat=True).distinct()[:2])
        title = titles[0] if len(titles) == 1 else str(_("Aanmeldingen"))
    else:
        headers, rows, name = member_headers(), member_rows(queryset), filename("netwerkleden")
        title = str(_("Netwerkleden"))
    if spreadsheet_format == "xlsx":
        return xlsx_response(name, headers, rows, title=title)
    return csv_response(name, headers, rows)
