"""The network's personal records for "Mijn netwerk" (registered with home.personal): registrations, membership,
register numbers and the sign-in records. Every change goes through the network's own rules: cancelling through
the registration service (the waiting list moves up), anonymising through the retention job's function."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.personal import Holder, Invalid, UnknownAction
from home.tokens import as_id
from network.attendance import qr
from network.members import signin
from network.members.forms import MembershipForm, RegisterNumberForm
from network.models.attendance import Certificate
from network.models.personal import RegisterNumber
from network.models.registrations import Member, Registration
from network.registrations import services
from network.registrations.retention import anonymise
from network.registrations.views import cancel_url_maker


def _iso(moment):
    return moment.isoformat() if moment else None


def _chosen(data):
    return as_id(data.get("id", ""))


# -- registrations -------------------------------------------------------------------------------------------


def _registrations(email):
    return Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True).select_related("event")


def _active(email):
    return _registrations(email).exclude(status=Registration.Status.CANCELLED)


def _cancel(registration, tell=True):
    event = registration.event.specific
    return services.cancel(registration, cancel_url_for=cancel_url_maker(event), tell=tell)


def registration_records(email):
    return [
        {
            "evenement": registration.event.title,
            "begin": _iso(registration.event.start),
            "einde": _iso(registration.event.end),
            "status": registration.get_status_display(),
            "naam": registration.name,
            "e-mailadres": registration.email,
            "organisatie": registration.organisation,
            "functie": registration.role,
            "dieetwensen": registration.diet,
            "toegankelijkheid": registration.access_needs,
            "opmerkingen": registration.remarks,
            "aangemeld_op": _iso(registration.created_at),
            "afgemeld_op": _iso(registration.cancelled_at),
        }
        for registration in _registrations(email).order_by("event__start", "pk")
    ]


def registration_context(email, request):
    now = timezone.now()
    upcoming, past = [], []
    for registration in _registrations(email).order_by("event__start", "pk"):
        if registration.event.end >= now:
            if registration.is_active:
                registration.event = registration.event.specific  # a masterclass shows its sessions
                registration.position = registration.waiting_position()
                if registration.status == Registration.Status.CONFIRMED:
                    registration.qr = qr.data_uri(registration)
                upcoming.append(registration)
        elif registration.status == Registration.Status.CONFIRMED:
            past.append(registration)
    return {"upcoming": upcoming, "past": past[::-1]}


def registration_act(email, verb, data, request):
    if verb != "cancel":
        raise UnknownAction(verb)
    pk = _chosen(data)
    registration = _active(email).filter(pk=pk, event__end__gte=timezone.now()).first() if pk else None
    if registration is None:  # not this person's, or no longer active
        raise UnknownAction(verb)
    _cancel(registration)
    return _("Je bent afgemeld voor ‘%(title)s’. Je krijgt een bevestiging per e-mail.") % {
        "title": registration.event.title
    }


def registration_erase(email):
    """Future registrations cancelled through the service (without a mail each: the erasure sends one), then every
    registration of the address kept only as a number. Returns how many were anonymised."""
    for registration in _active(email).filter(event__end__gte=timezone.now()):
        _cancel(registration, tell=False)
    return anonymise(Registration.objects.filter(email__iexact=email), timezone.now())


def registration_move(old, new):
    moved = 0
    for registration in _registrations(old):
        clash = (
            registration.is_active
            and Registration.objects.filter(event_id=registration.event_id, email__iexact=new)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        )
        if clash:  # registered at both addresses: the new address's registration is the one that stays
            _cancel(registration, tell=False)
        Registration.objects.filter(pk=registration.pk).update(email=new)
        moved += 1
    return moved


REGISTRATIONS = Holder(
    key="registrations",
    label=gettext_lazy("Aanmeldingen"),
    knows=lambda email: _registrations(email).exists(),
    records=registration_records,
    erase=registration_erase,
    move=registration_move,
    order=10,
    section="network/members/registrations.html",
    context=registration_context,
    act=registration_act,
    verbs=("cancel",),
)


# -- membership ----------------------------------------------------------------------------------------------


def _member(email):
    return Member.objects.filter(email__iexact=email).select_related("sector").first()


def member_records(email):
    member = _member(email)
    if member is None:
        return []
    return [
        {
            "naam": member.name,
            "e-mailadres": member.email,
            "organisatie": member.organisation,
            "functie": member.role,
            "sector": member.sector.name if member.sector else "",
            "aangemeld_op": _iso(member.created_at),
            "bevestigd_op": _iso(member.confirmed_at),
        }
    ]


def member_context(email, request):
    member = _member(email)
    return {"member": member, "membership_form": MembershipForm(instance=member or Member())}


def member_act(email, verb, data, request):
    member = _member(email)
    if verb == "leave":
        if member is None:
            raise UnknownAction(verb)
        member.delete()
        return _("Je bent geen lid meer van het netwerk. Je aanmeldingen blijven staan.")
    if verb != "save":
        raise UnknownAction(verb)
    form = MembershipForm(data, instance=member or Member())
    if not form.is_valid():
        raise Invalid({"membership_form": form})
    joined = member is None
    member = form.save(commit=False)
    member.email = email
    if member.confirmed_at is None:  # the address proved itself by signing in
        member.confirmed_at = timezone.now()
    member.save()
    return _("Welkom in het netwerk: je bent nu lid.") if joined else _("Je gegevens als lid zijn bijgewerkt.")


def member_erase(email):
    count, _detail = Member.objects.filter(email__iexact=email).delete()
    return count


def member_move(old, new):
    member = _member(old)
    if member is None:
        return 0
    if Member.objects.filter(email__iexact=new).exists():  # a member at the new address already: that one stays
        member.delete()
    else:
        Member.objects.filter(pk=member.pk).update(email=new)
    return 1


MEMBERSHIP = Holder(
    key="membership",
    label=gettext_lazy("Lidmaatschap"),
    knows=lambda email: Member.objects.filter(email__iexact=email).exists(),
    records=member_records,
    erase=member_erase,
    move=member_move,
    order=20,
    section="network/members/membership.html",
    context=member_context,
    act=member_act,
    verbs=("save", "leave"),
)


# -- register numbers ----------------------------------------------------------------------------------------


def _numbers(email):
    return RegisterNumber.objects.filter(email__iexact=email)


def number_act(email, verb, data, request):
    if verb == "remove":
        pk = _chosen(data)
        deleted, _detail = _numbers(email).filter(pk=pk).delete() if pk else (0, {})
        if not deleted:
            raise UnknownAction(verb)
        return _("Het registernummer is verwijderd.")
    if verb != "add":
        raise UnknownAction(verb)
    form = RegisterNumberForm(data)
    if not form.is_valid():
        raise Invalid({"register_form": form})
    register, number = form.cleaned_data["register"], form.cleaned_data["number"]
    updated = _numbers(email).filter(register=register).update(number=number)
    if not updated:
        RegisterNumber.objects.create(email=email, register=register, number=number)
    return _("Je registernummer is opgeslagen.")


def _move_numbers(old, new):
    taken = set(_numbers(new).values_list("register", flat=True))
    _numbers(old).filter(register__in=taken).delete()
    return _numbers(old).update(email=new)


NUMBERS = Holder(
    key="register_numbers",
    label=gettext_lazy("Registernummers"),
    knows=lambda email: False,  # kept only beside a registration or a membership
    records=lambda email: [
        {"register": number.get_register_display(), "nummer": number.number, "toegevoegd_op": _iso(number.created_at)}
        for number in _numbers(email)
    ],
    erase=lambda email: _numbers(email).delete()[0],
    move=_move_numbers,
    order=30,
    section="network/members/register_numbers.html",
    context=lambda email, request: {"numbers": list(_numbers(email)), "register_form": RegisterNumberForm()},
    act=number_act,
    verbs=("add", "remove"),
)


# -- certificates of attendance --------------------------------------------------------------------------------


def _certificates(email):
    return Certificate.objects.filter(email__iexact=email).order_by("-issued_at")


CERTIFICATES = Holder(
    key="certificates",
    label=gettext_lazy("Bewijzen van deelname"),
    knows=lambda email: _certificates(email).exists(),
    records=lambda email: [
        {
            "code": item.code,
            "naam": item.holder_name,
            "evenement": item.event_title,
            "data": item.dates,
            "contacturen": str(item.hours),
            "punten": item.points,
            "uitgegeven_op": _iso(item.issued_at),
        }
        for item in _certificates(email)
    ],
    erase=lambda email: _certificates(email).delete()[0],
    move=lambda old, new: _certificates(old).update(email=new),
    order=15,
    section="network/members/certificates.html",
    context=lambda email, request: {"certificates": list(_certificates(email))},
)


SIGN_IN = Holder(
    key="sign_in",
    label=gettext_lazy("Inloggen op Mijn netwerk"),
    knows=lambda email: False,
    records=signin.records,
    erase=signin.erase,
    move=signin.move,
    order=95,
)

HOLDERS = (REGISTRATIONS, CERTIFICATES, MEMBERSHIP, NUMBERS, SIGN_IN)
