"""A person's alerts on "Mijn netwerk" (registered with home.personal): see them, change how often, remove."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entries import alerts
from entries.alerts.forms import FREQUENCIES
from entries.models.alerts import Alert
from home.personal import Holder, UnknownAction
from home.tokens import as_id


def _alerts(email):
    return Alert.objects.filter(email__iexact=email).order_by("created_at", "pk")


def _records(email):
    return [
        {
            "selectie": alerts.describe(alert),
            "parameters": alert.query,
            "frequentie": alert.get_frequency_display(),
            "aangemaakt_op": alert.created_at.isoformat(),
            "bevestigd_op": alert.confirmed_at.isoformat() if alert.confirmed_at else None,
        }
        for alert in _alerts(email)
    ]


def _context(email, request):
    following = [(alert, alerts.describe(alert)) for alert in _alerts(email).filter(confirmed_at__isnull=False)]
    frequencies = [(param, Alert.Frequency(value).label, value) for param, value in FREQUENCIES.items()]
    return {"following": following, "frequencies": frequencies}


def _act(email, verb, data, request):
    chosen = as_id(data.get("id", ""))
    alert = _alerts(email).filter(pk=chosen).first() if chosen is not None else None
    if alert is None:
        raise UnknownAction(verb)
    if verb == "remove":
        alerts.unfollow(alert)
        return _("De attendering is opgezegd.")
    if verb == "frequency" and data.get("frequentie") in FREQUENCIES:
        alerts.set_frequency(alert, FREQUENCIES[data["frequentie"]])
        return _("De frequentie is aangepast.")
    raise UnknownAction(verb)


def _move(old, new):
    taken = set(_alerts(new).values_list("query", flat=True))
    _alerts(old).filter(query__in=taken).delete()  # the same selection followed at both: the new one stays
    return _alerts(old).update(email=new)


ALERTS = Holder(
    key="alerts",
    label=gettext_lazy("Attenderingen"),
    knows=lambda email: _alerts(email).exists(),
    records=_records,
    erase=alerts.unfollow_all,
    move=_move,
    order=40,
    section="entries/mine/alerts.html",
    context=_context,
    act=_act,
    verbs=("frequency", "remove"),
)
