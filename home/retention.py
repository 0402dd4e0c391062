"""Retention of personal data: each app registers what it removes; `manage.py purge_personal_data` runs all.

`home` owns the outbox (every e-mail keeps a recipient, often a name and a personal link); the knowledge
bank and the network register their own purgers, so this module imports neither.
"""

from datetime import timedelta

from django.utils import timezone

from .models import OutgoingMail

_purgers = []


def register_purger(purger):
    """purger(now, days) -> [(count, Dutch description)]; `days` is the retention period in days."""
    if purger not in _purgers:
        _purgers.append(purger)


def purge_outgoing_mail(now, days):
    """Sent, failed and pending mails older than the retention period (a failing mail is retried long before)."""
    count, _detail = OutgoingMail.objects.filter(created_at__lt=now - timedelta(days=days)).delete()
    return [(count, "e-mails uit de verzendlijst gewist")]


def purge_all(days, now=None):
    now = now or timezone.now()
    report = purge_outgoing_mail(now, days)
    for purger in _purgers:
        report += purger(now, days)
    return report
