"""Registration rules: capacity, waiting list, promotion. Everything in one locked transaction."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.mail import queue_mail
from home.page_cache import bump_places_generation

from .ical import calendar_attachment
from .models import EventPage, Member, Registration


class RegistrationRefused(Exception):
    """The registration cannot be accepted; the message says why, in Dutch."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Outcome:
    registration: Registration
    created: bool


def _places_changed():
    transaction.on_commit(bump_places_generation)


def capacity_checked(event):
    """Called between the capacity check and the insert; a seam for the concurrency test."""


def _lock(event):
    # A row lock on the event serialises check and insert on PostgreSQL.
    if settings.REGISTRATION_LOCKING:
        return EventPage.objects.select_for_update(of=("self",)).only("pk").get(pk=event.pk)
    return event


def register(event, *, name, email, organisation="", role="", remarks="", cancel_url_for):
    email = email.strip().lower()
    state = event.registration_state()
    if state == "not_yet":
        raise RegistrationRefused(_("Aanmelden is nog niet geopend."), "not_yet")
    if state == "closed":
        raise RegistrationRefused(_("Aanmelden is gesloten."), "closed")
    if event.members_only and not Member.objects.confirmed().filter(email__iexact=email).exists():
        raise RegistrationRefused(
            _("Deze bijeenkomst is alleen voor leden van het netwerk. Word eerst lid met dit e-mailadres."),
            "members_only",
        )
    try:
        with transaction.atomic():
            _lock(event)
            existing = Registration.objects.filter(event=event, email=email).exclude(status="cancelled").first()
            if existing:
                return Outcome(existing, created=False)
            confirmed = Registration.objects.filter(event=event, status="confirmed").count()
            capacity_checked(event)
            if event.capacity is None or confirmed < event.capacity:
                status = Registration.Status.CONFIRMED
            elif event.waiting_list:
                status = Registration.Status.WAITLISTED
            else:
                raise RegistrationRefused(_("Deze bijeenkomst is vol."), "full")
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                organisation=organisation,
                role=role,
                remarks=remarks,
                status=status,
            )
            _tell(registration, cancel_url_for(registration))
            _places_changed()
    except IntegrityError:
        # A simultaneous request with the same e-mail won; that one is the registration.
        existing = Registration.objects.filter(event=event, email=email).exclude(status="cancelled").first()
        if existing is None:
            raise
        return Outcome(existing, created=False)
    return Outcome(registration, created=True)


def cancel(registration, *, cancel_url_for):
    """Cancel; a freed confirmed place goes to the first on the waiting list, in the same transaction."""
    with transaction.atomic():
        _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return None
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        _places_changed()
        if was_confirmed:
            return promote_next(registration.event, cancel_url_for=cancel_url_for)
    return None


def promote_next(event, *, cancel_url_for):
    """Give free places to the waiting list in order. Call inside the locked transaction."""
    if event.capacity is not None:
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
        if confirmed >= event.capacity:
            return None
    nxt = Registration.objects.filter(event=event, status="waitlisted").order_by("created_at", "pk").first()
    if nxt is not None:
        _confirm(nxt, cancel_url_for)
    return nxt


def promote(registration, *, cancel_url_for):
    """A manager moves someone from the waiting list, even past the capacity."""
    with transaction.atomic():
        _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.WAITLISTED:
            return False
        _confirm(registration, cancel_url_for)
    return True


def _confirm(registration, cancel_url_for):
    event = registration.event
    _places_changed()
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    queue_mail(
        registration.email,
        _("Er is een plek vrijgekomen: %(title)s") % {"title": event.title},
        "network/mail/promoted.txt",
        {"registration": registration, "event": event, "cancel_url": cancel_url_for(registration)},
        attachment=calendar_attachment(event),
    )


def _tell(registration, cancel_url):
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        queue_mail(
            registration.email,
            _("Bevestiging van je aanmelding: %(title)s") % {"title": event.title},
            "network/mail/confirmed.txt",
            {"registration": registration, "event": event, "cancel_url": cancel_url},
            attachment=calendar_attachment(event),
        )
    else:
        queue_mail(
            registration.email,
            _("Je staat op de wachtlijst: %(title)s") % {"title": event.title},
            "network/mail/waitlisted.txt",
            {
                "registration": registration,
                "event": event,
                "cancel_url": cancel_url,
                "position": registration.waiting_position(),
            },
        )
