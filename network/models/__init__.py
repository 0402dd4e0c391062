from .pages import (
    EventIndexPage,
    EventPage,
    EventSchedule,
    MasterclassPage,
    MasterclassSession,
    NetworkPage,
    upcoming_events,
)
from .registrations import Member, Registration, Reminder

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
