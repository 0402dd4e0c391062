"""Check-in at the door and the attendance it records (one row per registration and occasion).

Every door to a registration goes through the registration service: a walk-in is registered there (past the
capacity and after registration has closed: they are standing at the door) and marked present in the same
transaction. Two managers at two doors never double-count: the database's unique constraints decide."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from network.models.attendance import Attendance
from network.models.registrations import Registration
from network.registrations import services


def occasions(event):
    """What one checks in for: a masterclass's sessions, or [None] for the event itself."""
    sessions = list(event.sessions.all()) if hasattr(event, "sessions") else []
    return sessions or [None]


def check_in(registration, session, user):
    """Mark present; returns True when this call recorded it, False when it was recorded already."""
    try:
        with transaction.atomic():
            Attendance.objects.create(registration=registration, session=session, checked_in_by=user)
    except IntegrityError:  # the other door was first
        return False
    return True


def undo(registration, session):
    deleted, _detail = Attendance.objects.filter(registration=registration, session=session).delete()
    return bool(deleted)


def walk_in(event, session, user, *, name, email, cancel_url_for):
    """Someone at the door who is not registered, or is on the waiting list: a confirmed place through the
    registration service (past the capacity) and present, in one step. Returns the registration."""
    with transaction.atomic():
        email = email.strip().lower()
        existing = (
            Registration.objects.filter(event=event, email__iexact=email)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is None:
            existing = services.admit(event, name=name, email=email, cancel_url_for=cancel_url_for)
        elif existing.status != Registration.Status.CONFIRMED:
            services.promote(existing, cancel_url_for=cancel_url_for)
            existing.refresh_from_db()
        check_in(existing, session, user)
    return existing


def counts(event, session):
    """{"present": n, "confirmed": n} for one occasion."""
    return Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED), distinct=True),
        present=Count(
            "attendances",
            filter=Q(attendances__session=session) if session else Q(attendances__session__isnull=True),
            distinct=True,
        ),
    )


def present_ids(event, session):
    rows = Attendance.objects.filter(registration__event_id=event.pk)
    rows = rows.filter(session=session) if session else rows.filter(session__isnull=True)
    return set(rows.values_list("registration_id", flat=True))
