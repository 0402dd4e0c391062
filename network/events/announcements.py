"""What registrants are told after they registered: a changed time or place, a cancellation, a message
from Netwerkbeheer. Recorded in the outbox in the same transaction; rendered and sent after commit."""

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from home.mail import queue_mail
from network.events.ical import CALENDAR_ATTACHMENT
from network.events.locking import lock_event
from network.models.registrations import Registration
from network.models.schedule import EventSchedule

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def describe_schedule(announced):
    """Lines that say when and where, from EventPage.announced_schedule(): 'was' in the change e-mail."""
    lines = []
    for _suffix, start, end in announced.get("sessions", []):
        start, end = timezone.localtime(parse_datetime(start)), timezone.localtime(parse_datetime(end))
        same_day = start.date() == end.date()
        lines.append(
            f"{date_format(start, 'l j F Y, H:i')} – {date_format(end, 'H:i' if same_day else 'l j F Y, H:i')}"
        )
    if announced.get("venue"):
        lines.append(announced["venue"])
    if announced.get("online_url"):
        lines.append(announced["online_url"])
    return "\n".join(lines)


def announce_changes(event, *, cancel_url_for):
    """After a publication: when the time, the place, the online link or the cancellation differs from what
    registrants were last told, raise the calendar SEQUENCE and mail everyone with a place or on the waiting
    list (the confirmed with the new calendar file). Returns the number of mails queued."""
    with transaction.atomic():
        lock_event(event)
        now_announced = event.announced_schedule()
        state, created = EventSchedule.objects.select_for_update().get_or_create(
            event_id=event.pk, defaults={"announced": now_announced}
        )
        if created or state.announced == now_announced:
            return 0
        previously = describe_schedule(state.announced)
        was_cancelled = state.announced.get("cancelled", False)
        state.sequence += 1
        state.announced = now_announced
        state.changed_at = timezone.now()
        state.save()
        if event.cancelled:
            subject, template = _("Gaat niet door: %(title)s"), "network/mail/event_cancelled.txt"
        else:
            subject, template = _("Gewijzigd: %(title)s"), "network/mail/event_changed.txt"
        queued = 0
        for registration in Registration.objects.filter(event_id=event.pk, status__in=ACTIVE):
            confirmed = registration.status == Registration.Status.CONFIRMED
            queue_mail(
                registration.email,
                subject % {"title": event.title},
                template,
                {
                    "registration": registration,
                    "event": event,
                    "previously": previously,
                    "was_cancelled": was_cancelled,
                    "cancel_url": cancel_url_for(registration),
                },
                purpose=f"change:{event.pk}",
                attachment_builder=CALENDAR_ATTACHMENT if confirmed else "",
            )
            queued += 1
    return queued


def message_registrants(event, *, audience, subject, body, cancel_url_for):
    """Netwerkbeheer writes to the registrants of one event: `audience` is 'all' (confirmed and waiting),
    'confirmed', 'waitlisted', 'present' (checked in) or 'no_show' (a place, never checked in). Returns the number
    of mails queued."""
    statuses = {"all": ACTIVE, "waitlisted": ACTIVE[1:]}.get(audience, ACTIVE[:1])
    audience_of = Registration.objects.filter(event_id=event.pk, status__in=statuses)
    if audience == "present":  # checked in at least once
        audience_of = audience_of.filter(attendances__isnull=False).distinct()
    elif audience == "no_show":  # had a place and never checked in
        audience_of = audience_of.filter(attendances__isnull=True)
    queued = 0
    with transaction.atomic():
        for registration in audience_of:
            queue_mail(
                registration.email,
                subject,
                "network/mail/message.txt",
                {
                    "registration": registration,
                    "event": event,
                    "body": body,
                    "cancel_url": cancel_url_for(registration),
                },
                purpose=f"message:{event.pk}",
            )
            queued += 1
    return queued
