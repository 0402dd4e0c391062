"""Helpers for bench/run.py that need the ORM: print one JSON line."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entries.models import EntryPage
from network.models import EventIndexPage, EventPage, Registration


class Command(BaseCommand):
    help = "Benchmark helpers: urls | words | queries URL... | burst-event CAPACITY | registrations SLUG"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["urls", "words", "queries", "burst-event", "registrations"])
        parser.add_argument("values", nargs="*")

    def handle(self, *args, action, values, **options):
        result = getattr(self, action.replace("-", "_"))(*values)
        self.stdout.write("JSON " + json.dumps(result))

    def urls(self):
        entry = EntryPage.objects.live().order_by("pk").first()
        event = EventPage.objects.live().filter(slug="netwerkbijeenkomst-voorjaar").first()
        return {"entry": entry.url, "event": event.url}

    def words(self):
        from entries.corpus import query_mix

        return query_mix()

    def queries(self, *urls):
        client = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        for url in urls:
            client.get(url)  # warm the vocabulary and navigation caches
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            counts[url] = len(captured)
        return counts

    def burst_event(self, capacity):
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
        )
        agenda.add_child(instance=event)
        event.save_revision().publish()
        return {"url": event.url, "slug": event.slug}

    def registrations(self, slug):
        registrations = Registration.objects.filter(event__slug=slug)
        return {status: registrations.filter(status=status).count() for status in ("confirmed", "waitlisted")}
