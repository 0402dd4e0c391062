"""What the admin may not delete while people still expect it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from network.models.registrations import Registration


def event_delete_guard(user, pages):
    """An event whose people still expect it is not deleted (they would hear nothing): the editor marks it
    "gaat niet door" and publishes, which tells everyone with a calendar update."""
    waiting = Registration.objects.filter(
        event_id__in=[page.pk for page in pages], event__cancelled=False, event__end__gte=timezone.now()
    ).exclude(status=Registration.Status.CANCELLED)
    if waiting.exists():
        return _(
            "Dit evenement heeft nog aanmeldingen. Vink ‘Gaat niet door’ aan en publiceer: dan krijgt iedereen "
            "bericht en een agenda-update. Daarna kun je het verwijderen."
        )
    return None
