"""Which searches readers make and which find nothing, per day, so editors can add synonyms or promotions."""

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from home.models import SearchStatistic

REPORT_DAYS = 30


def record_search(query, found):
    """Count one search of the first results page; a lost race on the first of the day retries once."""
    query = (query or "").strip().lower()[:200]
    if not query:
        return
    today = timezone.localdate()
    changes = {"searches": F("searches") + 1, "empty": F("empty") + (0 if found else 1)}
    if SearchStatistic.objects.filter(query=query, day=today).update(**changes):
        return
    try:
        with transaction.atomic():
            SearchStatistic.objects.create(query=query, day=today, searches=1, empty=0 if found else 1)
    except IntegrityError:
        SearchStatistic.objects.filter(query=query, day=today).update(**changes)


def report(days=REPORT_DAYS, limit=50):
    """(popular, unanswered): [{'query', 'searches', 'empty'}] over the last `days` days."""
    since = timezone.localdate() - timezone.timedelta(days=days)
    totals = (
        SearchStatistic.objects.filter(day__gte=since)
        .values("query")
        .annotate(searches=Sum("searches"), empty=Sum("empty"))
    )
    popular = list(totals.order_by("-searches", "query")[:limit])
    unanswered = list(totals.filter(empty__gt=0).order_by("-empty", "query")[:limit])
    return popular, unanswered
