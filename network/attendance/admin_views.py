"""Netwerkbeheer's accreditation export per event and session (linked from the presence list)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.attendance.exports import accreditation_csv
from network.models.pages import EventPage


def accreditation_export(request, pk, register):
    if not request.user.has_perm("network.view_registration"):
        raise PermissionDenied
    event = get_object_or_404(EventPage.objects.all(), pk=pk).specific
    accreditation = event.accreditations.filter(register=register).first()
    if accreditation is None or event.contact_hours is None:
        raise Http404
    session = None
    chosen = request.GET.get("sessie", "")
    if chosen:
        sessions = {str(item.pk): item for item in event.sessions.all()} if hasattr(event, "sessions") else {}
        session = sessions.get(chosen)
        if session is None:
            raise Http404
    return accreditation_csv(event, accreditation, session)
