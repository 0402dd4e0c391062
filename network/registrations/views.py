import logging

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from home.abuse.limits import within_limit
from network.events.ical import calendar_links
from network.models.personal import RegisterNumber
from network.models.registrations import Registration
from network.registrations import services
from network.registrations.forms import RegistrationForm

logger = logging.getLogger("portal.security")


def keep_register_numbers(email, numbers):
    """Numbers typed at registration, for the certificate: only where the address has none for that register yet
    (a number kept on "Mijn netwerk", by the person signed in, is never overwritten from a public form)."""
    for register, number in numbers.items():
        if RegisterNumber.objects.filter(email__iexact=email, register=register).exists():
            continue
        try:
            with transaction.atomic():
                RegisterNumber.objects.create(email=email.strip().lower(), register=register, number=number)
        except IntegrityError:  # the same address at the same moment: the first number stays
            pass


def cancel_url_maker(event, request=None):
    base = event.get_full_url(request)

    def cancel_url_for(registration):
        return base + event.reverse_subpage("cancel", kwargs={"token": registration.token})

    return cancel_url_for


# -- event and registration ----------------------------------------------------------


def event_detail(request, event, form=None, status=200, refusal=None):
    response = event.render(
        request,
        context_overrides={"form": form or RegistrationForm(event=event), "refusal": refusal},
    )
    response.status_code = status
    return response


BUSY = _("Het is nu erg druk, probeer het over een paar seconden opnieuw.")


def confirm_url_maker(event, request=None):
    base = event.get_full_url(request)

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
            confirm_url_for=confirm_url_maker(event, request),
            hold=hold,
        )
    except services.RegistrationRefused as refusal:
        return event_detail(request, event, form=form, refusal=refusal)
    except OperationalError:
        # The database is busy (SQLite's write lock, a lock timeout): the person keeps their input.
        logger.warning("registration refused: database busy")
        refusal = services.RegistrationRefused(BUSY, "busy")
        return event_detail(request, event, form=form, refusal=refusal, status=503)
    if outcome.registration is not None:
        keep_register_numbers(data["email"], form.register_numbers())
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
            "calendar_links": calendar_links(event, request),
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
