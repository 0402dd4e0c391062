from django.dispatch import receiver
from wagtail.signals import page_published

from network.events import announcements
from network.models import EventPage
from network.registrations import services
from network.registrations.views import cancel_url_maker


@receiver(page_published, dispatch_uid="network-capacity-published")
def give_new_places_to_the_waiting_list(sender, instance, **kwargs):
    """A capacity raised and published makes room: the waiting list gets it, in order, with e-mails."""
    if isinstance(instance, EventPage) and instance.capacity is not None and not instance.cancelled:
        services.fill_free_places(instance, cancel_url_for=cancel_url_maker(instance))


@receiver(page_published, dispatch_uid="network-schedule-published")
def announce_changed_time_and_place(sender, instance, **kwargs):
    """A moved, relocated or cancelled event reaches its registrants and their calendars."""
    if isinstance(instance, EventPage):
        announcements.announce_changes(instance, cancel_url_for=cancel_url_maker(instance))
