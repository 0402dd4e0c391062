from .pages import EventPage, MasterclassPage, MasterclassSession, upcoming_events
from .registrations import Member, Registration, Reminder
from .schedule import EventSchedule
from .sections import EventIndexPage, NetworkPage

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventSchedule",
    "MasterclassPage",
    "MasterclassSession",
    "Member",
    "NetworkPage",
    "Registration",
    "Reminder",
    "upcoming_events",
]
