"""The "Mijn netwerk" pages (`/netwerk/mijn/`): sign in by an e-mail link, then one page with a person's registrations,
alerts, membership, register numbers and contributions; download and erase their data; change their address.

Every page here is personal: never cached, never indexed. The sections and their actions come from the apps'
holders (home/personal.py), so a cancellation here goes through the registration service and an alert's frequency
through the alert module, as from their own links."""

import json
import logging
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from home import personal
from home.abuse.limits import within_limit
from home.mail import queue_mail
from network.attendance import certificates
from network.members import signin
from network.members.forms import NewAddressForm, SignInForm
from network.models.attendance import Certificate
from network.models.personal import SignInLink

logger = logging.getLogger("portal.personal")


def personal_page(view):
    """Never in a cache (the shared page cache included), never in a search engine."""

    @never_cache
    @wraps(view)
    def wrapper(request, network, *args, **kwargs):
        response = view(request, network, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _render(request, network, template, context, status=200):
    context = {"page": network, "self": network, "mine_url": signin.mine_path(network), **context}
    return TemplateResponse(request, template, context, status=status)


def _sign_in_page(request, network, form=None, state="ask", status=200):
    context = {"form": form or SignInForm(), "state": state}
    return _render(request, network, "network/members/sign_in.html", context, status)


def _overview(request, network, session, notice="", error="", extra=None, status=200):
    email = session.email
    sections = []
    for holder in personal.holders():
        if not holder.section:
            continue
        context = holder.context(email, request) if holder.context else {}
        if extra and holder.key == extra[0]:
            context.update(extra[1])
        sections.append({"key": holder.key, "label": holder.label, "template": holder.section, **context})
    context = {
        "email": email,
        "sections": sections,
        "notice": notice,
        "error": error,
        "address_form": (extra[1].get("address_form") if extra and extra[0] == "address" else None)
        or NewAddressForm(current=email),
    }
    return _render(request, network, "network/members/overview.html", context, status)


@personal_page
def mine(request, network):
    session = signin.current_session(request)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if session is None:
        if request.method == "GET":
            return _sign_in_page(request, network)
        return _ask_for_link(request, network)
    if request.method == "GET":
        return _overview(request, network, session)
    return _act(request, network, session)


def _ask_for_link(request, network):
    form = SignInForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, network, form, status=400)
    if within_limit(request, "sign-in", settings.SIGN_IN_RATE_LIMIT) is False:
        logger.warning("sign-in refused: client past its limit")
        form.add_error(None, _("Je hebt het afgelopen uur al vaak een inloglink gevraagd. Probeer het later opnieuw."))
        return _sign_in_page(request, network, form, status=429)
    with transaction.atomic():
        signin.send_sign_in_link(network, form.cleaned_data["email"])
    # The same answer whether or not the address is known, and whether or not a mail went.
    return _sign_in_page(request, network, state="sent")


def _act(request, network, session):
    key, _dot, verb = request.POST.get("action", "").partition(".")
    if key == "address":
        return _change_address(request, network, session)
    holder = personal.holder(key)
    if holder is None or holder.act is None or verb not in holder.verbs:
        return _overview(request, network, session, error=_("Deze actie bestaat niet."), status=400)
    try:
        with transaction.atomic():
            notice = holder.act(session.email, verb, request.POST, request)
    except personal.Invalid as invalid:
        return _overview(
            request, network, session, error=_("Controleer de velden."), extra=(key, invalid.context), status=400
        )
    except personal.UnknownAction:
        message = _("Dit kun je hier niet (meer) wijzigen. Misschien is het al gebeurd.")
        return _overview(request, network, session, error=message, status=404)
    return _overview(request, network, session, notice=notice)


def _change_address(request, network, session):
    form = NewAddressForm(request.POST, current=session.email)
    if not form.is_valid():
        return _overview(
            request,
            network,
            session,
            error=_("Controleer het nieuwe e-mailadres."),
            extra=("address", {"address_form": form}),
            status=400,
        )
    with transaction.atomic():
        signin.send_new_address_link(network, session.email, form.cleaned_data["new_email"])
    notice = _(
        "We hebben een link gestuurd naar %(address)s. Je gegevens verhuizen zodra je die binnen %(minutes)s minuten "
        "opent en bevestigt."
    ) % {"address": form.cleaned_data["new_email"], "minutes": settings.MY_NETWORK_LINK_MINUTES}
    return _overview(request, network, session, notice=notice)


def _link_failure(request, network, link):
    state = "unknown" if link is None else link.state()
    return _sign_in_page(request, network, state=f"link_{state}", status=404 if link is None else 410)


def _posted_link(request, network, token, purpose, context):
    """(link, None) for a POST on a valid link; otherwise (None, the answer): the clear failure of an unknown, used
    or expired link, the page with the button for a GET (a mail scanner's included), or 405."""
    link = signin.find_link(token, purpose)
    if link is None or link.state() != "valid":
        return None, _link_failure(request, network, link)
    if request.method == "GET":
        context = {**context, "new_email": link.new_email}
        return None, _render(request, network, "network/members/confirm_link.html", context)
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["GET", "POST"])
    return link, None


@personal_page
def sign_in(request, network, token):
    """The link from the mail: the GET shows a button (and signs nobody in), the POST signs in, once."""
    link, answer = _posted_link(request, network, token, SignInLink.Purpose.SIGN_IN, {"kind": "sign_in"})
    if answer is not None:
        return answer
    if not signin.use_link(link):  # used a moment ago, in another tab or by another request
        return _link_failure(request, network, SignInLink.objects.get(pk=link.pk))
    response = redirect(signin.mine_path(network))
    response.status_code = 303
    signin.start_session(response, network, link.email)
    return response


@personal_page
def new_address(request, network, token):
    """The link sent to a new address: its POST moves every record of the old address there."""
    link, answer = _posted_link(request, network, token, SignInLink.Purpose.NEW_ADDRESS, {"kind": "new_address"})
    if answer is not None:
        return answer
    with transaction.atomic():
        if not signin.use_link(link):
            return _link_failure(request, network, SignInLink.objects.get(pk=link.pk))
        personal.move(link.email, link.new_email)
        queue_mail(
            link.email,
            _("Je e-mailadres voor het netwerk is gewijzigd"),
            "network/mail/address_changed.txt",
            {"new_email": link.new_email, "mine_url": signin.mine_url(network)},
            purpose="sign-in",
        )
    response = redirect(signin.mine_path(network))
    response.status_code = 303
    signin.end_session(request, response, network)
    signin.start_session(response, network, link.new_email)
    return response


@personal_page
def sign_out(request, network):
    if request.method != "POST":
        return redirect(signin.mine_path(network))
    response = _sign_in_page(request, network, state="signed_out")
    response.render()
    signin.end_session(request, response, network)
    return response


def _signed_in(view):
    """For the pages behind the sign-in: without a session, the sign-in page (as 403)."""

    @wraps(view)
    def wrapper(request, network, *args, **kwargs):
        session = signin.current_session(request)
        if session is None:
            return _sign_in_page(request, network, state="ask", status=403)
        return view(request, network, session, *args, **kwargs)

    return wrapper


def _export(email):
    return {
        "e-mailadres": email,
        "opgevraagd_op": timezone.now().isoformat(),
        "site": settings.WAGTAIL_SITE_NAME,
        "gegevens": personal.collect(email),
    }


@personal_page
@_signed_in
def download(request, network, session):
    """Every record the portal holds about the address, as JSON (`?formaat=json`) or as a readable page."""
    data = _export(session.email)
    logger.info(
        "personal data downloaded: %s",
        ", ".join(f"{key}={len(part['records'])}" for key, part in data["gegevens"].items()),
    )
    if request.GET.get("formaat") == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        return response
    parts = [{"label": part["label"], "records": part["records"]} for part in data["gegevens"].values()]
    return _render(request, network, "network/members/data.html", {"email": session.email, "parts": parts})


@personal_page
@_signed_in
def erase(request, network, session):
    """A step to confirm, then: future registrations cancelled (the waiting list moves up), alerts, membership and
    numbers removed, past registrations anonymised; one mail says it is done."""
    if request.method == "GET":
        return _render(request, network, "network/members/erase.html", {"email": session.email})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.POST.get("bevestig") != "ja":
        context = {"email": session.email, "error": _("Vink aan dat je al je gegevens wilt wissen.")}
        return _render(request, network, "network/members/erase.html", context, status=400)
    email = session.email
    with transaction.atomic():
        personal.erase(email)
        queue_mail(
            email,
            _("Je gegevens bij het netwerk zijn gewist"),
            "network/mail/erased.txt",
            {},
            purpose="erased",
        )
    response = _render(request, network, "network/members/erase.html", {"done": True})
    response.render()
    signin.end_session(request, response, network)
    return response


@personal_page
@_signed_in
def certificate_pdf(request, network, session, code):
    """The person's own certificate as a PDF (the same as in the mail); another's code is a 404."""
    certificate = Certificate.objects.filter(code=code.strip().upper()[:19], email__iexact=session.email).first()
    if certificate is None:
        return _render(request, network, "network/members/sign_in.html", {"form": SignInForm(), "state": "ask"}, 404)
    pdf = certificates.certificate_pdf(certificate, certificates.verify_url(certificate, network))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificates.filename(certificate)}"'
    return response
