"""A person's data across the apps, found by e-mail address (AVG art. 15 and 17: access and erasure).

Each app registers a holder for the records it keeps (in its AppConfig.ready): what it knows about an address,
the records for a download, how it erases and moves them, and optionally a section of the person's page with
the actions on it. The network's "Mijn netwerk" pages go through this registry, so no app imports another's
internals, and every change goes through the owning app's own functions. `home` holds the outbox."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("portal.personal")


class UnknownAction(Exception):
    """The action or its target is not this person's: nothing was done."""


class Invalid(Exception):  # noqa: N818 - read as "the form is invalid"
    """A form on the person's page did not validate: `context` holds the bound form to show with its errors."""

    def __init__(self, context):
        super().__init__("invalid form")
        self.context = context


@dataclass(frozen=True)
class Holder:
    """One kind of personal record. Every callable takes the address first; addresses match case-insensitively.

    - knows(email) -> bool: whether the portal holds such a record (a sign-in link goes only to known addresses)
    - records(email) -> list of dicts, JSON-ready, for the download and the readable summary
    - erase(email) -> int: erase or anonymise every record; number of records touched
    - move(old, new) -> int: give the records to the new address (merging with what is there already)
    - section / context(email, request) -> dict: a template of the person's page and its context
    - act(email, verb, data, request) -> str: a Dutch notice; raises UnknownAction when nothing was done
    """

    key: str
    label: str
    knows: Callable
    records: Callable
    erase: Callable
    move: Callable
    order: int = 50
    section: str = ""
    context: Callable | None = None
    act: Callable | None = None
    verbs: tuple = field(default_factory=tuple)


_holders = {}


def register_holder(holder):
    _holders[holder.key] = holder


def holders():
    return sorted(_holders.values(), key=lambda holder: (holder.order, holder.key))


def holder(key):
    return _holders.get(key)


def is_known(email):
    return any(item.knows(email) for item in holders())


def collect(email):
    """{holder key: {"label": ..., "records": [...]}} for every holder, also those with nothing."""
    return {item.key: {"label": str(item.label), "records": item.records(email)} for item in holders()}


def erase(email):
    """Erase everything held about the address, holder by holder in order; {holder key: count}. Logged without
    the address."""
    counts = {item.key: item.erase(email) for item in holders()}
    logger.info("personal data erased on request: %s", ", ".join(f"{key}={n}" for key, n in counts.items()))
    return counts


def move(old, new):
    counts = {item.key: item.move(old, new) for item in holders()}
    logger.info("personal data moved to a new address: %s", ", ".join(f"{key}={n}" for key, n in counts.items()))
    return counts


# -- the outbox: home's own holder ------------------------------------------------------------------------


def _mails(email):
    from home.models import OutgoingMail

    return OutgoingMail.objects.filter(to__iexact=email)


def _mail_records(email):
    since = timezone.now() - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    return [
        {
            "onderwerp": mail.subject,
            "aangemaakt": mail.created_at.isoformat(),
            "verstuurd": mail.sent_at.isoformat() if mail.sent_at else None,
            "status": mail.get_status_display(),
            "tekst": mail.body,
        }
        for mail in _mails(email).filter(created_at__gte=since).order_by("created_at", "pk")
    ]


def _erase_mails(email):
    count, _detail = _mails(email).delete()
    return count


OUTBOX = Holder(
    key="mails",
    label=_("Verstuurde e-mails"),
    knows=lambda email: False,  # a mail alone is no reason to sign someone in
    records=_mail_records,
    erase=_erase_mails,
    move=lambda old, new: 0,  # what was sent to the old address stays a record of that
    order=90,
)
