"""Following a selection by e-mail (`/kennisbank/volgen/`): the form, the confirmation and the manage page
behind the alert's token, unsubscribing. The index page's routes call these; the RFC 8058 one-click address
lives outside the page tree (entries/one_click.py). See entries/alerts.py."""

import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from entries import alerts
from entries.alerts.forms import FREQUENCIES, AlertForm
from entries.listing.filters import Listing
from entries.models.alerts import Alert
from home.abuse.limits import within_limit
from home.tokens import looks_like_token

logger = logging.getLogger("portal.security")


def _answer(request, index, template, context, status=200, private=True):
    response = TemplateResponse(request, template, {"page": index, "self": index, **context}, status=status)
    if private:  # behind a token, with an address on it: never cached, never indexed
        response["Cache-Control"] = "no-cache, no-store, must-revalidate, private"
        response["X-Robots-Tag"] = "noindex"
    return response


def _message(request, index, state, status=200, **context):
    return _answer(request, index, "entries/alert_message.html", {"state": state, **context}, status=status)


def follow(request, index):
    """GET: the form for the selection in the address; POST: follow it (the same answer whatever happens)."""
    data = request.GET.copy()
    if request.method == "POST":  # the selection from the form's fields, or from the address it was sent to
        for key, values in request.POST.lists():
            data.setlist(key, values)
    listing = Listing(data)
    form = AlertForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if len(listing.selection_query()) > Alert._meta.get_field("query").max_length:
            form.add_error(None, _("Deze selectie is te uitgebreid om te volgen. Kies minder filters."))
            status = 400
        elif not form.is_valid():
            status = 400
        elif within_limit(request, "alert", settings.ALERT_RATE_LIMIT) is False:  # only valid requests count
            logger.warning("alert refused: rate limit")
            form.add_error(None, _("Je hebt het afgelopen uur al vaak een attendering aangevraagd. Probeer het later."))
            status = 429
        else:
            if not form.cleaned_data["website_confirm"]:  # the honeypot: answer alike, store nothing
                with transaction.atomic():
                    alerts.follow(index, form.cleaned_data["email"], listing, form.cleaned_data["frequentie"])
            else:
                logger.warning("alert refused: honeypot")
            return _message(request, index, "sent", private=False)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "form": form,
        "listing": listing,
        "description": listing.describe(),
        "hidden": [(key, value) for key, values in listing.selected.items() for value in values]
        + ([("q", listing.query)] if listing.query else []),
        "listing_url": index.url + listing.querystring(sort=listing.default_sort),
    }
    return _answer(request, index, "entries/alert_follow.html", context, status=status, private=False)


def _alert(token):
    alert = Alert.objects.filter(token=token).first() if looks_like_token(token) else None
    if alert is None or alerts.is_expired(alert):
        return None
    return alert


def _manage_context(alert):
    following = list(Alert.objects.filter(email__iexact=alert.email, confirmed_at__isnull=False).order_by("pk"))
    return {
        "alert": alert,
        "email": alert.email,
        "following": [(item, alerts.describe(item)) for item in following],
        "frequencies": [(param, Alert.Frequency(value).label, value) for param, value in FREQUENCIES.items()],
    }


@never_cache
def manage(request, index, token):
    """Confirm (the first time), then manage every alert of the address: frequency, remove one, remove all."""
    alert = _alert(token)
    if alert is None:
        return _message(request, index, "invalid", status=404)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    notice = ""
    if not alert.is_confirmed:
        if request.method != "POST":  # a GET (a mail scanner following the link) confirms nothing
            return _message(request, index, "confirm", alert=alert, description=alerts.describe(alert))
        alerts.confirm(alert)
        notice = _("Je attendering is bevestigd. Je krijgt bericht zodra er iets nieuws is.")
    elif request.method == "POST":
        action = request.POST.get("action", "")
        own = Alert.objects.filter(email__iexact=alert.email, confirmed_at__isnull=False)
        chosen = request.POST.get("alert", "")
        target = (
            own.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() and len(chosen) < 19 else None
        )
        if action == "remove_all":
            if request.POST.get("confirmed") != "ja":  # a step back before erasing the address
                return _answer(
                    request, index, "entries/alert_manage.html", {**_manage_context(alert), "confirm_remove_all": True}
                )
            alerts.unfollow_all(alert.email)
            return _message(request, index, "removed_all")
        if action == "remove" and target is not None:
            alerts.unfollow(target)
            if target.pk == alert.pk:  # this page's own token is gone: go on with another of the address
                remaining = own.first()
                if remaining is None:
                    return _message(request, index, "unsubscribed")
                return redirect(alerts.alert_url(remaining, index))
            notice = _("De attendering is opgezegd.")
        elif action == "frequency" and target is not None and request.POST.get("frequentie") in FREQUENCIES:
            alerts.set_frequency(target, FREQUENCIES[request.POST["frequentie"]])
            notice = _("De frequentie is aangepast.")
        else:
            return _answer(request, index, "entries/alert_manage.html", _manage_context(alert), status=400)
    return _answer(request, index, "entries/alert_manage.html", {**_manage_context(alert), "notice": notice})


@never_cache
def unsubscribe(request, index, token):
    """The link in every digest: one button; the POST removes this alert (the others stay)."""
    alert = _alert(token)
    if alert is None:
        return _message(request, index, "invalid", status=404)
    if request.method == "POST":
        remaining = Alert.objects.filter(email__iexact=alert.email, confirmed_at__isnull=False).exclude(pk=alert.pk)
        alerts.unfollow(alert)
        other = remaining.first()
        manage_url = alerts.alert_url(other, index) if other else ""
        return _message(request, index, "unsubscribed", manage_url=manage_url)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return _message(request, index, "unsubscribe", alert=alert, description=alerts.describe(alert))
