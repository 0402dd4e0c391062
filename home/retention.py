"""Retention of personal data: each app registers what it removes; `manage.py purge_personal_data` runs all.

`home` owns the outbox (every e-mail keeps a recipient, often a name and a personal link); the knowledge
bank and the network register their own purgers, so this module imports neither.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.models import OutgoingMail, SearchStatistic, UseCounter

_purgers = []


def register_purger(purger):
    """purger(now, days) -> [(count, Dutch description)]; `days` is the retention period in days."""
    if purger not in _purgers:
        _purgers.append(purger)


def purge_outgoing_mail(now, days):
    """Sent, failed and pending mails older than the retention period (a failing mail is retried long before)."""
    count, _detail = OutgoingMail.objects.filter(created_at__lt=now - timedelta(days=days)).delete()
    return [(count, "e-mails uit de verzendlijst gewist")]


def pseudonymise_log_labels(model, ids, label):
    """Wagtail's audit log keeps each object's name as it was ("Sanne de Vries – Netwerkmiddag"): for objects
    whose personal data is gone, the label becomes `label` with the object's number."""
    content_type = ContentType.objects.get_for_model(model)
    entries = ModelLogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    return entries.exclude(label__startswith=label).update(label=Concat(Value(f"{label} "), "object_id"))


def purge_traces(now, days):
    """What the site keeps beside the personal records: login attempts (django-axes stores addresses, typed
    usernames and browsers), search texts, expired use counters, finished task results."""
    report = []
    login_days = settings.LOGIN_LOG_DAYS
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - timedelta(days=login_days)
    logins = sum(
        model.objects.filter(**{field: cutoff}).delete()[0]
        for model, field in (
            (AccessAttempt, "attempt_time__lt"),
            (AccessFailureLog, "attempt_time__lt"),
            (AccessLog, "attempt_time__lt"),
        )
    )
    report.append((logins, f"inlogpogingen ouder dan {login_days} dagen gewist"))
    searches, _detail = SearchStatistic.objects.filter(day__lt=(now - timedelta(days=365)).date()).delete()
    report.append((searches, "zoekstatistieken ouder dan een jaar gewist"))
    counters, _detail = UseCounter.objects.filter(expires__lte=now).delete()
    report.append((counters, "verlopen gebruikstellers gewist"))
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        finished = DBTaskResult.objects.filter(finished_at__lt=now - timedelta(days=settings.TASK_RESULT_DAYS))
        tasks, _detail = finished.delete()
        report.append((tasks, "afgeronde taken gewist"))
    return report


def purge_all(days, now=None):
    now = now or timezone.now()
    report = purge_outgoing_mail(now, days) + purge_traces(now, days)
    for purger in _purgers:
        report += purger(now, days)
    return report
