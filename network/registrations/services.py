"""Registration rules: capacity, waiting list, promotion. Everything in one locked transaction."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from home.cache.pages import bump_places_generation
from home.mail import queue_mail
from network.events.locking import lock_event
from network.models.registrations import PENDING_HOLD, Member, Registration, holds_place

# The calendar file and the check-in QR code, made when the mail is sent (after the transaction, outside the
# event's lock) by network.attendance.qr; named by its path, as the outbox stores it.
PARTICIPANT_ATTACHMENTS = "network.attendance.qr.participant_attachments"


class RegistrationRefused(Exception):
    """The registration cannot be accepted; the message says why, in Dutch."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Outcome:
    """`shown_status` and `shown_position` are what the page may say: for an address that was already
    registered, what a new registration would have got now (its real state goes to that address by mail)."""

    registration: Registration | None
    created: bool
    shown_status: str = ""
    shown_position: int | None = None


def _places_changed():
    transaction.on_commit(bump_places_generation)


def capacity_checked(event):
    """Called between the capacity check and the insert; a seam for the concurrency test."""


def _lock(event):
    """Serialises every change of the event's registrations (network/locking.py); a seam for the race test."""
    return lock_event(event)


def _places_taken(event):
    return Registration.objects.filter(holds_place(), event=event).count()


def _event_state(event, email):
    """What a registration needs to know of its event, in one query: places taken, whether any pending hold ran
    out, and the address's active registration (its id, or None)."""
    return Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=holds_place()),
        expired=Count("pk", filter=Q(status=Registration.Status.PENDING, created_at__lt=timezone.now() - PENDING_HOLD)),
        existing=Max("pk", filter=Q(email=email) & ~Q(status=Registration.Status.CANCELLED)),
    )


def _expire_pending(event, cancel_url_for):
    """Pending registrations whose hold ran out let go of their place; the waiting list gets it."""
    expired = list(
        Registration.objects.filter(
            event=event, status=Registration.Status.PENDING, created_at__lt=timezone.now() - PENDING_HOLD
        ).values_list("pk", "held_status")
    )
    if not expired:  # the usual case: one query
        return
    Registration.objects.filter(pk__in=[pk for pk, _held in expired]).update(
        status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
    )
    _places_changed()
    freed = sum(1 for _pk, held in expired if held == Registration.Status.CONFIRMED)
    for _n in range(freed):
        if promote_next(event, cancel_url_for=cancel_url_for) is None:
            break


def register(  # noqa: PLR0913 - one keyword per question of the form
    event,
    *,
    name,
    email,
    organisation="",
    role="",
    diet="",
    access_needs="",
    remarks="",
    cancel_url_for,
    confirm_url_for=None,
    hold=True,
):
    """Register someone. On a members-only event a non-member is told by e-mail, not on the page, and gets
    no registration (Outcome(None, False)): the page answers the same for members and non-members.

    `hold=False` (the client is past its limit, or the limits cannot be read): the registration waits for the
    person to confirm their address, whatever the event asks, and holds no place until then, so fake
    registrations cannot fill an event while a real person behind the same address loses nothing."""
    email = email.strip().lower()
    state = event.registration_state()
    if state == "not_yet":
        raise RegistrationRefused(_("Aanmelden is nog niet geopend."), "not_yet")
    if state == "closed":
        raise RegistrationRefused(_("Aanmelden is gesloten."), "closed")
    if state == "cancelled":
        raise RegistrationRefused(_("Dit evenement gaat niet door."), "cancelled")
    if event.members_only and not Member.objects.confirmed().filter(email__iexact=email).exists():
        queue_mail(
            email,
            _("Alleen voor leden: %(title)s") % {"title": event.title},
            "network/mail/members_only.txt",
            {"event": event, "name": name},
            purpose=f"registration:{event.pk}",
            once_an_hour=True,
        )
        return Outcome(None, created=False)
    try:
        with transaction.atomic():
            _lock(event)
            found = _event_state(event, email)
            if found["expired"]:  # rare: expire them (the waiting list moves up), then look again
                _expire_pending(event, cancel_url_for)
                found = _event_state(event, email)
            existing = Registration.objects.get(pk=found["existing"]) if found["existing"] else None
            taken = found["taken"]
            if existing:
                return _already_registered(existing, taken, cancel_url_for, confirm_url_for)
            capacity_checked(event)
            if event.capacity is None or taken < event.capacity:
                status = Registration.Status.CONFIRMED
            elif event.waiting_list:
                status = Registration.Status.WAITLISTED
            else:
                raise RegistrationRefused(_("Deze bijeenkomst is vol."), "full")
            pending = (event.confirm_email or not hold) and confirm_url_for is not None
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                organisation=organisation,
                role=role,
                diet=diet,
                access_needs=access_needs,
                remarks=remarks,
                status=Registration.Status.PENDING if pending else status,
                held_status=status if pending and hold else "",
            )
            position = None
            if pending:
                _ask_confirmation(registration, confirm_url_for(registration))
            else:
                position = _tell(registration, cancel_url_for(registration))
            _places_changed()
    except IntegrityError:
        # A simultaneous request with the same e-mail won; that one is the registration.
        existing = Registration.objects.filter(event=event, email=email).exclude(status="cancelled").first()
        if existing is None:
            raise
        return Outcome(existing, created=False, shown_status=existing.status)
    return Outcome(registration, created=True, shown_status=registration.status, shown_position=position)


def admit(event, *, name, email, cancel_url_for):
    """A manager admits someone at the door: a confirmed place past the capacity and after registration closed
    (they are there), told by the usual confirmation mail. Not for an event that was called off."""
    if event.cancelled:
        raise RegistrationRefused(_("Dit evenement gaat niet door."), "cancelled")
    with transaction.atomic():
        _lock(event)
        registration = Registration.objects.create(
            event=event, name=name, email=email.strip().lower(), status=Registration.Status.CONFIRMED
        )
        _tell(registration, cancel_url_for(registration))
        _places_changed()
    return registration


def _already_registered(existing, taken, cancel_url_for, confirm_url_for):
    """The address was registered already: its real state goes to that address (at most once an hour), and
    the page shows what a new registration would have got, so it tells nobody who attends what."""
    event = existing.event
    if existing.status == Registration.Status.PENDING and confirm_url_for:
        _ask_confirmation(existing, confirm_url_for(existing))
    else:
        queue_mail(
            existing.email,
            _("Je bent al aangemeld: %(title)s") % {"title": event.title},
            "network/mail/already_registered.txt",
            {
                "registration": existing,
                "event": event,
                "cancel_url": cancel_url_for(existing),
                "position": existing.waiting_position(),
            },
            purpose=f"registration:{event.pk}",
            once_an_hour=True,
        )
    if event.capacity is None or taken < event.capacity:
        return Outcome(existing, created=False, shown_status=Registration.Status.CONFIRMED)
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).count()
    return Outcome(existing, created=False, shown_status=Registration.Status.WAITLISTED, shown_position=waiting + 1)


def confirm_pending(registration, *, cancel_url_for):
    """The person clicked the link: the registration takes the place it held, or, after the hold ran out,
    whatever is free now. Returns the registration, or None when it is no longer pending."""
    with transaction.atomic():
        event = registration.event
        _lock(event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            return None
        if registration.held_status and registration.created_at >= timezone.now() - PENDING_HOLD:
            status = registration.held_status
        elif event.capacity is None or _places_taken(event) < event.capacity:
            status = Registration.Status.CONFIRMED
        elif event.waiting_list:
            status = Registration.Status.WAITLISTED
        else:
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = timezone.now()
            registration.save(update_fields=["status", "cancelled_at", "updated_at"])
            raise RegistrationRefused(_("Deze bijeenkomst is inmiddels vol."), "full")
        registration.status = status
        registration.save(update_fields=["status", "updated_at"])
        _tell(registration, cancel_url_for(registration))
        _places_changed()
    return registration


def cancel(registration, *, cancel_url_for, tell=True):
    """Cancel; a freed confirmed place goes to the first on the waiting list, in the same transaction.
    `tell=False`: no cancellation mail (erasing a person's data sends one mail that says it all)."""
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
        if tell:
            _confirm_cancellation(registration, was_confirmed)
        if was_confirmed:
            return promote_next(registration.event, cancel_url_for=cancel_url_for)
    return None


def _confirm_cancellation(registration, was_confirmed):
    """A cancellation is confirmed by mail, with what was cancelled, so a mistaken click (or someone else's)
    is noticed and can be undone by registering again."""
    queue_mail(
        registration.email,
        _("Je bent afgemeld: %(title)s") % {"title": registration.event.title},
        "network/mail/cancelled.txt",
        {"registration": registration, "event": registration.event, "was_confirmed": was_confirmed},
        purpose=f"registration:{registration.event_id}",
    )


def promote_next(event, *, cancel_url_for):
    """Give free places to the waiting list in order. Call inside the locked transaction."""
    if event.capacity is not None and _places_taken(event) >= event.capacity:
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
        attachment_builder=PARTICIPANT_ATTACHMENTS,
    )


def _ask_confirmation(registration, confirm_url):
    queue_mail(
        registration.email,
        _("Bevestig je aanmelding: %(title)s") % {"title": registration.event.title},
        "network/mail/confirm_registration.txt",
        {"registration": registration, "event": registration.event, "confirm_url": confirm_url},
        purpose=f"registration:{registration.event_id}",
        once_an_hour=True,
    )


def _tell(registration, cancel_url):
    """The confirmation or waiting-list mail; returns the place on the waiting list (None for a confirmed place)."""
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        queue_mail(
            registration.email,
            _("Bevestiging van je aanmelding: %(title)s") % {"title": event.title},
            "network/mail/confirmed.txt",
            {"registration": registration, "event": event, "cancel_url": cancel_url},
            attachment_builder=PARTICIPANT_ATTACHMENTS,
        )
        return None
    position = registration.waiting_position()
    queue_mail(
        registration.email,
        _("Je staat op de wachtlijst: %(title)s") % {"title": event.title},
        "network/mail/waitlisted.txt",
        {"registration": registration, "event": event, "cancel_url": cancel_url, "position": position},
    )
    return position


def fill_free_places(event, *, cancel_url_for, locked=False):
    """Give every free place to the waiting list, first come first served (after a capacity was raised, a
    place was freed). Returns the promoted registrations."""
    if not locked:
        with transaction.atomic():
            _lock(event)
            return fill_free_places(event, cancel_url_for=cancel_url_for, locked=True)
    promoted = []
    while (registration := promote_next(event, cancel_url_for=cancel_url_for)) is not None:
        promoted.append(registration)
    return promoted
