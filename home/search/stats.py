"""Which searches readers make and which find nothing, per day, so editors can add synonyms or promotions.

With Redis (the shared cache), a search is counted in a Redis hash per day (one round trip, no row write,
so popular searches do not contend on one row); `flush_search_statistics` (cron, every few minutes, and the
admin report before it reads) adds the counters to the table. Without Redis each search updates its row.
"""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from redis.exceptions import RedisError

from home.models import SearchStatistic

REPORT_DAYS = 30
COUNTER_PREFIX = "search-stats:"
COUNTER_TTL = 8 * 24 * 3600  # counters the job has not flushed within a week are given up
SEARCHES, EMPTY = "s:", "e:"


def _redis():
    """The Redis client of the shared cache, or None without Redis."""
    if settings.CACHE_BACKEND != "redis":
        return None
    return cache._cache.get_client(write=True)


def _counter_key(day):
    return cache.make_key(f"{COUNTER_PREFIX}{day.isoformat()}")


def _normalise(query):
    return (query or "").strip().lower()[:200]


def record_search(query, found):
    """Count one search of the first results page."""
    query = _normalise(query)
    if not query:
        return
    today = timezone.localdate()
    client = _redis()
    if client is not None:
        key = _counter_key(today)
        try:
            with client.pipeline(transaction=False) as pipe:
                pipe.hincrby(key, SEARCHES + query, 1)
                if not found:
                    pipe.hincrby(key, EMPTY + query, 1)
                pipe.expire(key, COUNTER_TTL)
                pipe.execute()
            return
        except RedisError:
            pass  # Redis gone: count in the table, as without Redis
    _add(query, today, 1, 0 if found else 1)


def _add(query, day, searches, empty):
    """Adds to the row of (query, day); a lost race on the first of the day retries once."""
    changes = {"searches": F("searches") + searches, "empty": F("empty") + empty}
    if SearchStatistic.objects.filter(query=query, day=day).update(**changes):
        return
    try:
        with transaction.atomic():
            SearchStatistic.objects.create(query=query, day=day, searches=searches, empty=empty)
    except IntegrityError:
        SearchStatistic.objects.filter(query=query, day=day).update(**changes)


def flush_search_statistics():
    """Moves the counters from Redis to the table; the number of searches moved. Safe to run on several
    machines at once: each day's hash is renamed away atomically before it is read, so no count is added
    twice, and a search counted meanwhile lands in a fresh hash."""
    client = _redis()
    if client is None:
        return 0
    moved = 0
    try:
        for key in client.scan_iter(match=cache.make_key(f"{COUNTER_PREFIX}*"), count=100):
            name = key.decode()
            if ":flushing:" in name:
                continue
            taken = f"{name}:flushing:{timezone.now().timestamp()}"
            try:
                client.rename(name, taken)
            except RedisError:
                continue  # another flush took it first
            counters = {field.decode(): int(value) for field, value in client.hgetall(taken).items()}
            day = date.fromisoformat(name.rsplit(COUNTER_PREFIX, 1)[1])
            with transaction.atomic():
                for field, searches in counters.items():
                    if field.startswith(SEARCHES):
                        query = field[len(SEARCHES) :]
                        _add(query, day, searches, counters.get(EMPTY + query, 0))
                        moved += searches
            client.delete(taken)
    except RedisError:
        pass  # the next run moves what is left
    return moved


def report(days=REPORT_DAYS, limit=50):
    """(popular, unanswered): [{'query', 'searches', 'empty'}] over the last `days` days."""
    flush_search_statistics()
    since = timezone.localdate() - timezone.timedelta(days=days)
    totals = (
        SearchStatistic.objects.filter(day__gte=since)
        .values("query")
        .annotate(searches=Sum("searches"), empty=Sum("empty"))
    )
    popular = list(totals.order_by("-searches", "query")[:limit])
    unanswered = list(totals.filter(empty__gt=0).order_by("-empty", "query")[:limit])
    return popular, unanswered
