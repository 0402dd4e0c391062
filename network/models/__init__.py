from .pages import EventIndexPage, EventPage, MasterclassPage, MasterclassSession, NetworkPage, upcoming_events
from .registrations import Member, Registration, Reminder

__all__ = [
    "EventIndexPage",
    "EventPage",
    "MasterclassPage",
    "MasterclassSession",
    "Member",
    "NetworkPage",
    "Registration",
    "Reminder",
    "upcoming_events",
]
