from network.models.attendance import Accreditation, Attendance, Certificate
from network.models.pages import EventPage, MasterclassPage, MasterclassSession, upcoming_events
from network.models.personal import PersonalSession, RegisterNumber, SignInLink
from network.models.registrations import Member, Registration, Reminder
from network.models.schedule import EventSchedule
from network.models.sections import EventIndexPage, NetworkPage

__all__ = [
    "Accreditation",
    "Attendance",
    "Certificate",
    "EventIndexPage",
    "EventPage",
    "EventSchedule",
    "MasterclassPage",
    "MasterclassSession",
    "Member",
    "NetworkPage",
    "PersonalSession",
    "RegisterNumber",
    "Registration",
    "Reminder",
    "SignInLink",
    "upcoming_events",
]
