"""The admin's doors to a registration (Netwerkbeheer changes a status or deletes one): every change of state
goes through the same rules and the same lock as the public doors (services)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models.registrations import Registration, holds_place
from network.registrations.services import (
    RegistrationRefused,
    _confirm,
    _lock,
    _places_changed,
    _places_taken,
    fill_free_places,
)


def set_status(registration, status, *, cancel_url_for):
    """A manager changes a registration's status. Freed places go to the waiting list in order; a place is
    only given where one is free (the "Plaatsen" action is the explicit way past the capacity)."""
    with transaction.atomic():
        event = registration.event
        _lock(event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        old = current.status
        if status == old:
            return current
        if status == Registration.Status.PENDING:
            raise RegistrationRefused(_("Alleen de deelnemer zelf kan een aanmelding in afwachting zetten."), "pending")
        if old == Registration.Status.CONFIRMED and status == Registration.Status.WAITLISTED:
            raise RegistrationRefused(
                _("Een bevestigde plek gaat niet terug naar de wachtlijst. Meld de deelnemer af als die niet komt."),
                "demote",
            )
        if status == Registration.Status.CONFIRMED:
            taken = _places_taken(event) - (
                1 if old == Registration.Status.PENDING and current.held_status == "confirmed" else 0
            )
            if event.capacity is not None and taken >= event.capacity:
                raise RegistrationRefused(
                    _(
                        "Deze bijeenkomst is vol. Gebruik de actie ‘Plaatsen’ om iemand boven de "
                        "capaciteit toe te laten."
                    ),
                    "full",
                )
            _confirm(current, cancel_url_for)
        elif status == Registration.Status.CANCELLED:
            current.status = Registration.Status.CANCELLED
            current.cancelled_at = timezone.now()
            current.save(update_fields=["status", "cancelled_at", "updated_at"])
            _places_changed()
            if old == Registration.Status.CONFIRMED or current.held_status == Registration.Status.CONFIRMED:
                fill_free_places(event, cancel_url_for=cancel_url_for, locked=True)
        else:  # back onto the waiting list, from cancelled or pending
            current.status = Registration.Status.WAITLISTED
            current.save(update_fields=["status", "updated_at"])
            _places_changed()
        return current


def delete(registration, *, cancel_url_for):
    """A manager deletes a registration; a confirmed place it held goes to the waiting list."""
    with transaction.atomic():
        event = registration.event
        _lock(event)
        held = Registration.objects.filter(holds_place(), pk=registration.pk).exists()
        Registration.objects.filter(pk=registration.pk).delete()
        _places_changed()
        if held:
            fill_free_places(event, cancel_url_for=cancel_url_for, locked=True)
