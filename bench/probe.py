"""Helpers for bench/run.py that need the ORM; run as `python bench/probe.py ACTION [VALUES...]` with the
benchmark's environment. Prints one line: JSON followed by the result. Lives with the benchmark, not in an app.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from entries.models import EntryPage  # noqa: E402
from network.models import EventIndexPage, EventPage, Registration  # noqa: E402


def urls():
    entry = EntryPage.objects.live().order_by("pk").first()
    event = EventPage.objects.live().filter(slug="netwerkbijeenkomst-voorjaar").first()
    return {"entry": entry.url, "event": event.url}


def words():
    from entries.management.corpus import query_mix

    return query_mix()


def queries(*urls):
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for url in urls:
        client.get(url)  # warm the vocabulary and navigation caches
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts[url] = len(captured)
    return counts


def burst_event(capacity):
    agenda = EventIndexPage.objects.first()
    start = timezone.now() + timedelta(days=5)
    event = EventPage(
        title="Drukke bijeenkomst",
        slug=f"burst-{int(timezone.now().timestamp())}",
        start=start,
        end=start + timedelta(hours=2),
        venue="Utrecht",
        capacity=int(capacity),
        waiting_list=True,
        # The burst measures the whole immediate path (place, confirmation mail, calendar file): this event does
        # not ask for e-mail confirmation, unlike new events by default (README, performance section).
        confirm_email=False,
    )
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return {"url": event.url, "slug": event.slug}


def registrations(slug):
    registrations = Registration.objects.filter(event__slug=slug)
    counts = {status: registrations.filter(status=status).count() for status in ("confirmed", "waitlisted")}
    # Arrival order kept: in order of arrival, the places went first, then the waiting list, and the
    # waiting list's positions follow the order in which the rows were written.
    arrivals = list(registrations.order_by("created_at", "pk").values_list("pk", "status"))
    statuses = [status for _pk, status in arrivals]
    counts["arrival_order_kept"] = statuses == sorted(statuses) and [pk for pk, _s in arrivals] == sorted(
        pk for pk, _s in arrivals
    )
    return counts


def alerts(count):
    """`count` confirmed weekly alerts over 100 selections (facets and words), their digests for the week ahead
    sent by send_alerts, then rolled back: seconds, statements, digests."""
    import time

    from django.db import transaction

    from entries.alerts import send_alerts
    from entries.models import Alert, EntryIndexPage, Sector, Thema

    themes = list(Thema.objects.values_list("slug", flat=True))
    sectors = list(Sector.objects.values_list("slug", flat=True))
    words = ["", "studenten", "slaap", "eenzaamheid"]
    selections = [
        "&".join(
            part
            for part in (f"thema={theme}", f"sector={sector}" if n % 2 else "", f"q={word}" if word else "")
            if part
        )
        for n, (theme, sector, word) in enumerate(
            (themes[n % len(themes)], sectors[n % len(sectors)], words[n % len(words)]) for n in range(100)
        )
    ]
    since = timezone.now() - timedelta(days=1)

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            Alert.objects.bulk_create(
                Alert(email=f"lezer{n}@example.org", query=selections[n % 100], confirmed_at=since, covered_until=since)
                for n in range(int(count))
            )
            began = time.monotonic()
            with CaptureQueriesContext(connection) as captured:
                report = send_alerts(EntryIndexPage.objects.live().first(), timezone.now() + timedelta(days=8))
            result = {"seconds": round(time.monotonic() - began, 2), "statements": len(captured), **report}
            raise Rollback
    except Rollback:
        pass
    return result


ACTIONS = {
    "alerts": alerts,
    "urls": urls,
    "words": words,
    "queries": queries,
    "burst-event": burst_event,
    "registrations": registrations,
}

if __name__ == "__main__":
    action, values = sys.argv[1], sys.argv[2:]
    print("JSON " + json.dumps(ACTIONS[action](*values)))
