"""Check-in at the door (`/netwerk/agenda/<slug>/inchecken/`), for Netwerkbeheer and superusers: a phone-sized
page per occasion. Search by name is the main path (one tap marks present, one tap undoes); where the browser has
the BarcodeDetector API a QR scan fills in the check-in token (static/js/checkin.js); a walk-in is registered and
marked present in one step. Works without JavaScript."""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from home.abuse.validators import PublicEmailField
from home.text import SingleLineField, single_line
from home.tokens import as_id, looks_like_token
from network import attendance
from network.models.attendance import Certificate
from network.models.registrations import Registration
from network.registrations.services import RegistrationRefused
from network.registrations.views import cancel_url_maker

# The only page that may use the camera (the site's policy allows it nowhere else).
CAMERA_POLICY = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")
RESULTS = 50


class WalkInForm(forms.Form):
    name = SingleLineField(label=gettext_lazy("Naam"), max_length=200)
    email = PublicEmailField(label=gettext_lazy("E-mailadres"))


def _may_check_in(user):
    return user.is_superuser or user.has_perm("network.change_registration")


def _session(event, chosen):
    """The occasion chosen in the address, else the one under way or next, else the first."""
    choices = attendance.occasions(event)
    if choices == [None]:
        return None
    for session in choices:
        if str(session.pk) == chosen:
            return session
    now = timezone.now()
    return next((session for session in choices if session.end >= now), choices[0])


def _people(event, query):
    people = Registration.objects.filter(event_id=event.pk).exclude(status=Registration.Status.CANCELLED)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query))
    return list(people.order_by("name", "pk")[:RESULTS])


def _target(event, data):
    chosen = as_id(data.get("id", ""))
    if chosen is None:
        return None
    return Registration.objects.filter(event_id=event.pk, pk=chosen).exclude(status="cancelled").first()


def _act(request, event, session):  # noqa: PLR0911 - one answer per action
    """(notice, error, walk-in form) for a POST."""
    action, data, user = request.POST.get("action", ""), request.POST, request.user
    cancel_url_for = cancel_url_maker(event, request)
    if action == "scan":
        token = data.get("token", "").strip()
        found = (
            Registration.objects.filter(event_id=event.pk, checkin_token=token).exclude(status="cancelled").first()
            if looks_like_token(token)
            else None
        )
        if found is None:
            return "", _("Deze QR-code hoort niet bij een aanmelding voor deze bijeenkomst."), None
        if found.status != Registration.Status.CONFIRMED:
            return (
                "",
                _("%(name)s heeft nog geen plek. Laat diegene toe met ‘Toelaten en aanwezig’.") % {"name": found.name},
                None,
            )
        data = {"id": str(found.pk)}
        action = "in"
    if action in ("in", "undo", "admit"):
        registration = _target(event, data)
        if registration is None:
            return "", _("Deze aanmelding bestaat niet (meer)."), None
        if action == "undo":
            attendance.undo(registration, session)
            return _("%(name)s is niet meer als aanwezig gemarkeerd.") % {"name": registration.name}, "", None
        if action == "in" and registration.status != Registration.Status.CONFIRMED:
            return "", _("%(name)s heeft nog geen plek.") % {"name": registration.name}, None
        if action == "admit":
            attendance.walk_in(
                event, session, user, name=registration.name, email=registration.email, cancel_url_for=cancel_url_for
            )
            return _("%(name)s is toegelaten en aanwezig.") % {"name": registration.name}, "", None
        if attendance.check_in(registration, session, user):
            return _("%(name)s is aanwezig.") % {"name": registration.name}, "", None
        return _("%(name)s was al ingecheckt.") % {"name": registration.name}, "", None
    if action == "walk_in":
        form = WalkInForm(data)
        if not form.is_valid():
            return "", _("Vul naam en e-mailadres in."), form
        try:
            registration = attendance.walk_in(event, session, user, **form.cleaned_data, cancel_url_for=cancel_url_for)
        except RegistrationRefused as refusal:
            return "", refusal.message, form
        return _("%(name)s is aangemeld en aanwezig.") % {"name": registration.name}, "", None
    return "", _("Onbekende actie."), None


@never_cache
def check_in_page(request, event):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="/admin/login/")
    if not _may_check_in(request.user):
        raise PermissionDenied
    event = event.specific
    session = _session(event, request.POST.get("sessie") or request.GET.get("sessie", ""))
    notice = error = ""
    walk_in_form = WalkInForm()
    status = 200
    if request.method == "POST":
        notice, error, bound = _act(request, event, session)
        walk_in_form = bound or walk_in_form
        status = 400 if error else 200
    query = single_line(request.GET.get("q", ""))[:100]  # no NUL or control character reaches the database
    present = attendance.present_ids(event, session)
    people = _people(event, query)
    for person in people:
        person.present = person.pk in present
    context = {
        "page": event,
        "self": event,
        "event": event,
        "occasions": [item for item in attendance.occasions(event) if item is not None],
        "session": session,
        "query": query,
        "people": people,
        "counts": attendance.counts(event, session),
        "notice": notice,
        "error": error,
        "walk_in_form": walk_in_form,
    }
    response = TemplateResponse(request, "network/attendance/check_in.html", context, status=status)
    response["Permissions-Policy"] = CAMERA_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


CODE_LENGTH = 19


@never_cache
def verify_certificate(request, network, code):
    """Whether a certificate is genuine: the event, the dates, the hours and the holder's name, nothing else."""
    code = code.strip().upper()
    certificate = Certificate.objects.filter(code=code).first() if len(code) == CODE_LENGTH else None
    context = {"page": network, "self": network, "certificate": certificate, "code": code[:CODE_LENGTH]}
    response = TemplateResponse(request, "network/attendance/verify.html", context, status=200 if certificate else 404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
