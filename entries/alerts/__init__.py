"""Alerts on filtered views: a reader follows any selection of the listing by e-mail.

Double opt-in: following creates an unconfirmed alert and mails a confirmation link; only a confirmed alert
gets digests. `send_alerts` (cron or the task worker) sends each confirmed alert a digest of the entries
first published since its last digest that match its selection now, through the listing's own engine, once
per period (weekly: up to Monday 00:00; monthly: up to the 1st, 00:00, Dutch time). The period is recorded
in the same transaction as the stored mail, so a second run sends nothing twice and a failing SMTP server
only delays the digest (the outbox retries it, `send_pending_mail`). Unconfirmed alerts go after
ALERT_CONFIRM_DAYS days (`purge_personal_data`).
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.listing.filters import Listing
from entries.models.alerts import Alert
from home.mail import queue_mail
from home.models import OutgoingMail
from home.site.public_urls import public_url

logger = logging.getLogger("portal.security")
DIGEST_SIZE = 25


def listing_of(alert):
    return Listing(QueryDict(alert.query))


def describe(alert):
    return listing_of(alert).describe()


# -- links --------------------------------------------------------------------------


def alert_url(alert, index, route="alert_manage"):
    """The full address of one of the alert's pages (manage, unsubscribe) behind its token, under `index`."""
    return index.get_full_url() + index.reverse_subpage(route, kwargs={"token": alert.token}).lstrip("/")


def one_click_url(alert):
    """RFC 8058: the address a mail program POSTs to for one-click unsubscribe (no page, no CSRF token)."""
    return public_url(reverse("alert_one_click", kwargs={"token": alert.token}))


# -- following ----------------------------------------------------------------------


def follow(index, email, listing, frequency):
    """Record an unconfirmed alert and mail its confirmation link; None when the address has reached its limits.

    The caller answers the same whatever happens here: whether an address follows anything is not disclosed."""
    email = email.strip()
    query = listing.selection_query()
    alerts = Alert.objects.filter(email__iexact=email)
    existing = alerts.filter(query=query).first()
    if existing is not None and existing.is_confirmed:
        return existing  # followed already (its frequency changes on the manage page, not from a public form)
    if existing is None:
        pending = alerts.filter(confirmed_at__isnull=True).count()
        if alerts.count() >= settings.ALERTS_PER_ADDRESS or pending >= settings.ALERTS_PENDING_PER_ADDRESS:
            logger.warning("alert refused: limit per address")
            return None
        try:
            with transaction.atomic():
                existing = Alert.objects.create(email=email, query=query, frequency=frequency)
        except IntegrityError:  # the same address and selection, followed at the same moment elsewhere
            return alerts.filter(query=query).first()
    else:  # asked again before confirming: the new choice and a fresh week to confirm
        existing.frequency, existing.created_at = frequency, timezone.now()
        existing.save(update_fields=["frequency", "created_at"])
    queue_mail(
        email,
        _("Bevestig je attendering van de kennisbank"),
        "entries/mail/alert_confirm.txt",
        {
            "description": listing.describe(),
            "frequency": existing.get_frequency_display(),
            "confirm_url": alert_url(existing, index),
            "days": settings.ALERT_CONFIRM_DAYS,
        },
        purpose=f"alert-confirm:{existing.pk}",
        once_an_hour=True,
    )
    return existing


def confirm(alert, now=None):
    now = now or timezone.now()
    if alert.confirmed_at is None:
        Alert.objects.filter(pk=alert.pk, confirmed_at__isnull=True).update(confirmed_at=now, covered_until=now)
        alert.refresh_from_db()
    return alert


def set_frequency(alert, frequency):
    """`frequency` as stored (Alert.Frequency); the next digest follows the new rhythm."""
    alert.frequency = frequency
    alert.save(update_fields=["frequency"])


def unfollow(alert):
    alert.delete()


def unfollow_all(email):
    count, _detail = Alert.objects.filter(email__iexact=email).delete()
    return count


def is_expired(alert, now=None):
    """An unconfirmed alert older than ALERT_CONFIRM_DAYS: its link no longer works (the purger removes it)."""
    now = now or timezone.now()
    return not alert.is_confirmed and alert.created_at < now - timedelta(days=settings.ALERT_CONFIRM_DAYS)


def purge_unconfirmed(now, days):
    """Unconfirmed alerts after ALERT_CONFIRM_DAYS (the retention command's --days is for other data)."""
    cutoff = now - timedelta(days=settings.ALERT_CONFIRM_DAYS)
    count, _detail = Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return [(count, "onbevestigde attenderingen gewist")]


# -- digests ------------------------------------------------------------------------


def period_end(frequency, now):
    """The end of the last whole period before `now`: the latest Monday 00:00 (weekly) or 1st 00:00 (monthly)."""
    today = timezone.localtime(now).date()
    day = today - timedelta(days=today.weekday()) if frequency == Alert.Frequency.WEEKLY else today.replace(day=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def _digest_items(entries):
    lines = []
    for entry in entries:
        kind = f" ({entry.entry_type.name})" if entry.entry_type else ""
        lines.append(f"- {entry.title}{kind}\n  {entry.full_url}")
    return "\n".join(lines)


def send_digest(alert_id, now, index, answers=None):
    """Queue this alert's digest for its last whole period, if it has one due and something new; in its own
    transaction with the alert locked, so two runs at once cannot both send it. Returns 'sent', 'empty' or ''.
    `answers` keeps the engine's answer per (selection, period) within one run: alerts that follow the same
    selection over the same period (most of them, after their first digest) share one."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update(skip_locked=True).filter(pk=alert_id).first()
        if alert is None or not alert.is_confirmed:
            return ""
        end = period_end(alert.frequency, now)
        start = alert.covered_until or alert.confirmed_at
        if start >= end:
            return ""
        purpose = f"alert:{alert.pk}:{timezone.localtime(end):%Y%m%d}"
        listing = listing_of(alert)
        lost = listing.lost_facets(QueryDict(alert.query))
        key = (alert.query, start, end)
        answers = {} if answers is None else answers
        if key not in answers:
            answers[key] = (0, []) if lost else listing.published_between(start, end, DIGEST_SIZE)
        count, entries = answers[key]
        outcome = "empty"
        if count and not OutgoingMail.objects.filter(to__iexact=alert.email, purpose=purpose).exists():
            selection = listing.selection_query()
            queue_mail(
                alert.email,
                _("Nieuw in de kennisbank: %(selection)s") % {"selection": listing.describe()},
                "entries/mail/alert_digest.txt",
                {
                    "description": listing.describe(),
                    "count": count,
                    "more": max(0, count - len(entries)),
                    "items": _digest_items(entries),
                    "start": timezone.localtime(start).strftime("%d-%m-%Y"),
                    "end": timezone.localtime(end - timedelta(seconds=1)).strftime("%d-%m-%Y"),
                    "listing_url": index.get_full_url() + (f"?{selection}" if selection else ""),
                    "manage_url": alert_url(alert, index),
                    "unsubscribe_url": alert_url(alert, index, "alert_unsubscribe"),
                },
                purpose=purpose,
                headers={
                    "List-Unsubscribe": f"<{one_click_url(alert)}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            outcome = "sent"
        alert.covered_until = end
        alert.save(update_fields=["covered_until"])
    return outcome


def send_alerts(index, now=None):
    """Every confirmed alert's digest that is due, with links under the knowledge bank `index`.
    Returns {'sent': n, 'empty': n}."""
    now = now or timezone.now()
    report = {"sent": 0, "empty": 0}
    due = Q()
    for frequency in Alert.Frequency.values:  # only alerts with a whole period not yet covered
        due |= Q(frequency=frequency, covered_until__lt=period_end(frequency, now))
    ids = Alert.objects.filter(due, confirmed_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    answers = {}
    for alert_id in list(ids):
        outcome = send_digest(alert_id, now, index, answers)
        if outcome:
            report[outcome] += 1
    return report
