import logging
from urllib.parse import urlencode

from django.conf import settings
from django.db import OperationalError, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from home.limits import within_limit
from home.mail import queue_mail
from home.page_cache import serve_canonical
from home.pagination import paginate, requested_page

from . import services
from .forms import MemberForm, RegistrationForm
from .ical import calendar_filename, calendar_for, calendar_links
from .models.registrations import Member, Registration

logger = logging.getLogger("portal.security")


def cancel_url_maker(event, request=None):
    base = event.get_full_url(request)

    def cancel_url_for(registration):
        return base + event.reverse_subpage("cancel", kwargs={"token": registration.token})

    return cancel_url_for


# -- agenda --------------------------------------------------------------------


def agenda(request, index):
    kinds = index.kinds()
    kind = request.GET.get("soort", "")
    kind = kind if kind in kinds else ""
    archive = request.GET.get("periode") == "archief"
    filters = [(k, v) for k, v in (("soort", kind), ("periode", "archief" if archive else "")) if v]
    number = requested_page(request)
    if number is None:
        raise Http404("Deze pagina bestaat niet.")
    redirect = serve_canonical(request, urlencode(filters + ([("pagina", number)] if number > 1 else [])))
    if redirect:
        return redirect
    page = paginate(request, index.events(archive=archive, kind=kind), per_page=20)
    return index.render(
        request,
        context_overrides={
            "events": page,
            "kinds": kinds,
            "active_kind": kind,
            "archive": archive,
            "agenda_query": "?" + urlencode(filters),
        },
    )


def ical_event(request, event):
    response = HttpResponse(calendar_for([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(event)}"'
    return response


def ical_upcoming(request, index):
    events = index.upcoming().prefetch_related("masterclasspage__sessions")
    response = HttpResponse(calendar_for(_specific(events)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return response


def _specific(events):
    for event in events:
        yield getattr(event, "masterclasspage", event)


# -- event and registration ----------------------------------------------------------


def event_detail(request, event, form=None, status=200, refusal=None):
    response = event.render(
        request,
        context_overrides={"form": form or RegistrationForm(event=event), "refusal": refusal},
    )
    response.status_code = status
    return response


BUSY = _("Het is nu erg druk, probeer het over een paar seconden opnieuw.")


def confirm_url_maker(event):
    base = event.get_full_url()

    def confirm_url_for(registration):
        return base + event.reverse_subpage("confirm_registration", kwargs={"token": registration.token})

    return confirm_url_for


@require_http_methods(["POST"])
def register(request, event):
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return event_detail(request, event, form=form)
    # Past the limit (colleagues behind one address) nobody is refused: the registration waits for its
    # e-mail to be confirmed and holds no place until then.
    hold = within_limit(request, "registration", settings.REGISTRATION_RATE_LIMIT) is True
    if not hold:
        logger.warning("registration past the address limit: kept pending without a place")
    data = form.cleaned_data
    try:
        outcome = services.register(
            event,
            name=data["name"],
            email=data["email"],
            **form.answers(),
            cancel_url_for=cancel_url_maker(event, request),
            confirm_url_for=confirm_url_maker(event),
            hold=hold,
        )
    except services.RegistrationRefused as refusal:
        return event_detail(request, event, form=form, refusal=refusal)
    except OperationalError:
        # The database is busy (SQLite's write lock, a lock timeout): the person keeps their input.
        logger.warning("registration refused: database busy")
        refusal = services.RegistrationRefused(BUSY, "busy")
        return event_detail(request, event, form=form, refusal=refusal, status=503)
    # Members-only events and registrations that wait for the address answer alike for everyone: what
    # happened comes by e-mail. Elsewhere an address registered before sees what a new one would (its real
    # state goes by mail), so the page never tells who attends what.
    neutral = event.members_only or event.confirm_email or not hold
    return TemplateResponse(
        request,
        "network/registration_done.html",
        {
            "page": event,
            "self": event,
            "neutral": neutral,
            "held_back": not hold,
            "status": "" if neutral else outcome.shown_status,
            "position": None if neutral else outcome.shown_position,
            "calendar_links": calendar_links(event),
        },
    )


@never_cache  # shows a person's name: never in the shared page cache
def confirm_registration(request, event, token):
    registration = Registration.objects.filter(event=event, token=token).first()

    def answer(state, status=200, **extra):
        context = {"page": event, "self": event, "registration": registration, "state": state, **extra}
        return TemplateResponse(request, "network/confirm_registration.html", context, status=status)

    if registration is None:
        return answer("invalid", status=404)
    if registration.status != Registration.Status.PENDING:
        return answer("done")
    if request.method != "POST":  # a GET (a mail scanner following the link) confirms nothing
        return answer("ask")
    try:
        services.confirm_pending(registration, cancel_url_for=cancel_url_maker(event, request))
    except services.RegistrationRefused as refusal:
        return answer("refused", refusal=refusal)
    except OperationalError:
        return answer("busy", status=503, busy=BUSY)
    registration.refresh_from_db()
    return answer("done")


@never_cache  # shows a person's name: never in the shared page cache
def cancel(request, event, token):
    registration = Registration.objects.filter(event=event, token=token).first()
    context = {"page": event, "self": event, "registration": registration}
    if registration is None or not registration.is_active:
        context["invalid"] = True
        return TemplateResponse(request, "network/cancel.html", context, status=404 if registration is None else 410)
    if request.method == "POST":
        services.cancel(registration, cancel_url_for=cancel_url_maker(event, request))
        context["cancelled"] = True
        return TemplateResponse(request, "network/cancel.html", context)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(request, "network/cancel.html", context)


# -- members -------------------------------------------------------------------------


def join(request, network):
    if request.method != "POST":
        return redirect(network.url + "#lid-worden")
    form = MemberForm(request.POST)
    if not form.is_valid():
        response = network.render(request, context_overrides={"member_form": form})
        return response
    if within_limit(request, "join", settings.JOIN_RATE_LIMIT) is not True:
        # Colleagues behind one address all join: membership waits for the confirmation link in any case,
        # and each address gets at most one such mail an hour, so past the limit nobody is dropped.
        logger.info("join past the address limit: kept unconfirmed as always")
    data = form.cleaned_data
    with transaction.atomic():
        member, created = Member.objects.get_or_create(
            email=data["email"],
            defaults={key: data[key] for key in ("name", "organisation", "role", "sector")},
        )
        if not member.is_confirmed:
            base = network.get_full_url(request)
            queue_mail(
                member.email,
                _("Bevestig je lidmaatschap van het netwerk"),
                "network/mail/member_confirm.txt",
                {
                    "member": member,
                    "confirm_url": base + network.reverse_subpage("confirm_member", kwargs={"token": member.token}),
                    "leave_url": base + network.reverse_subpage("leave", kwargs={"token": member.token}),
                },
                purpose="join",
                once_an_hour=True,
            )
    # The same answer whether or not the address was known: membership is not disclosed.
    return _member_page(request, network, "sent")


def _member_page(request, network, state, member=None, status=200):
    context = {"page": network, "self": network, "state": state, "member": member}
    return TemplateResponse(request, "network/member_message.html", context, status=status)


@never_cache  # shows a person's name: never in the shared page cache
def confirm_member(request, network, token):
    member = Member.objects.filter(token=token).first()
    if member is None:
        return _member_page(request, network, "invalid", status=404)
    if request.method == "POST" and not member.is_confirmed:
        member.confirmed_at = timezone.now()
        member.save(update_fields=["confirmed_at"])
        return _member_page(request, network, "confirmed", member)
    return _member_page(request, network, "confirmed" if member.is_confirmed else "confirm", member)


@never_cache  # shows a person's name: never in the shared page cache
def leave(request, network, token):
    member = Member.objects.filter(token=token).first()
    if member is None:
        return _member_page(request, network, "invalid", status=404)
    if request.method == "POST":
        member.delete()
        return _member_page(request, network, "left")
    return _member_page(request, network, "leave", member)
