"""Netwerkbeheer's tools per event: a message to its registrants and a printable presence list."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from home.text import SingleLineField
from network.events import announcements
from network.models import Attendance, EventPage, Registration
from network.registrations.views import cancel_url_maker

MESSAGE_ACTION = "network.message"


def _event_for(request, pk):
    if not request.user.has_perm("network.change_registration"):
        raise PermissionDenied
    return get_object_or_404(EventPage.objects.all(), pk=pk).specific


def _audience_counts(event):
    confirmed = Q(status=Registration.Status.CONFIRMED)
    counts = Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=confirmed, distinct=True),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED), distinct=True),
        present=Count("pk", filter=confirmed & Q(attendances__isnull=False), distinct=True),
    )
    counts["no_show"] = counts["confirmed"] - counts["present"]
    counts["after_start"] = event.start <= timezone.now()
    return counts


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=gettext_lazy("Aan"), widget=forms.RadioSelect)
    subject = SingleLineField(label=gettext_lazy("Onderwerp"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Bericht"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Aanhef, de gegevens van het evenement en de afmeldlink komen er vanzelf bij."),
    )

    def __init__(self, *args, counts, **kwargs):
        super().__init__(*args, **kwargs)
        confirmed, waitlisted = counts["confirmed"], counts["waitlisted"]
        self.fields["audience"].choices = [
            ("all", _("Iedereen met een plek of op de wachtlijst (%(n)s)") % {"n": confirmed + waitlisted}),
            ("confirmed", _("Alleen wie een plek heeft (%(n)s)") % {"n": confirmed}),
            ("waitlisted", _("Alleen de wachtlijst (%(n)s)") % {"n": waitlisted}),
        ]
        if counts["after_start"]:  # who came is known once the doors opened
            self.fields["audience"].choices += [
                ("present", _("Wie aanwezig was (%(n)s)") % {"n": counts["present"]}),
                ("no_show", _("Wie een plek had maar niet verscheen (%(n)s)") % {"n": counts["no_show"]}),
            ]
        self.fields["audience"].initial = "all"


# Blank rows at the end of the printed presence list, for people who come without a registration.
WALK_IN_ROWS = 6


def message_registrants(request, pk):
    event = _event_for(request, pk)
    counts = _audience_counts(event)
    form = MessageForm(request.POST or None, counts=counts)
    if request.method == "POST" and form.is_valid() and not {"send", "edit"} & set(request.POST):
        # First a preview: the mail as a participant will read it, and how many will get it.
        audience = form.cleaned_data["audience"]
        recipients = counts["confirmed"] + counts["waitlisted"] if audience == "all" else counts[audience]
        preview = render_to_string(
            "network/mail/message.txt",
            {
                "registration": {"name": _("[naam van de deelnemer]")},
                "event": event,
                "body": form.cleaned_data["body"],
                "cancel_url": _("[persoonlijke afmeldlink]"),
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        context = {"event": event, "form": form, "preview": preview, "recipients": recipients}
        return TemplateResponse(request, "network/admin/message_preview.html", context)
    if request.method == "POST" and form.is_valid() and "send" in request.POST:
        sent = announcements.message_registrants(
            event,
            audience=form.cleaned_data["audience"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            cancel_url_for=cancel_url_maker(event, request),
        )
        log(
            instance=event,
            action=MESSAGE_ACTION,
            user=request.user,
            data={"audience": form.cleaned_data["audience"], "subject": form.cleaned_data["subject"], "sent": sent},
        )
        if sent:
            messages.success(request, _("Het bericht gaat naar %(n)s deelnemers.") % {"n": sent})
        else:
            messages.warning(request, _("Niemand in deze groep: er is geen bericht verstuurd."))
        return redirect(reverse("network_registration_modeladmin_index") + f"?event__id__exact={event.pk}")
    return TemplateResponse(request, "network/admin/message.html", {"event": event, "form": form, "counts": counts})


def presence_list(request, pk):
    """Who has a place, by name, with a column to sign; for a masterclass one list per session."""
    event = _event_for(request, pk)
    sessions = list(event.sessions.all()) if hasattr(event, "sessions") else []
    chosen = request.GET.get("sessie", "")
    session = next((s for s in sessions if str(s.pk) == chosen), None)
    if chosen and session is None:
        return redirect(reverse("network_presence_list", args=[event.pk]))
    registrations = list(
        Registration.objects.filter(event_id=event.pk, status=Registration.Status.CONFIRMED).order_by("name", "pk")
    )
    # Who was checked in at the door (network/attendance/) for this occasion, with the time.
    checked_in = Attendance.objects.filter(registration__event_id=event.pk)
    checked_in = checked_in.filter(session=session) if session else checked_in.filter(session__isnull=True)
    times = dict(checked_in.values_list("registration_id", "checked_in_at"))
    for registration in registrations:
        registration.checked_in_at = times.get(registration.pk)
    return TemplateResponse(
        request,
        "network/admin/presence_list.html",
        {
            "event": event,
            "sessions": sessions,
            "session": session,
            "registrations": registrations,
            "walk_in_rows": range(WALK_IN_ROWS),
            "accreditations": list(event.accreditations.all()) if event.contact_hours is not None else [],
        },
    )
