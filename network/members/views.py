import logging

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from home.abuse.limits import within_limit
from home.mail import queue_mail
from network.members.forms import MemberForm
from network.models.registrations import Member

logger = logging.getLogger("portal.security")


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
