"""`manage.py generate_events --count N`: synthetic upcoming events under the agenda, for load tests."""

import random
import sys
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from network.models import EventIndexPage, EventPage


class Command(BaseCommand):
    help = "Creates N synthetic, published upcoming events under the agenda."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        rng = random.Random(seed)
        agenda = EventIndexPage.objects.first()
        if agenda is None:
            self.stderr.write("Geen agenda gevonden: draai eerst load_demo.")
            sys.exit(1)
        stamp = int(time.time() * 1000) % 10_000_000
        for n in range(count):
            start = timezone.now() + timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
            event = EventPage(
                title=f"Netwerkbijeenkomst {n + 1}",
                slug=f"bijeenkomst-{stamp}-{n}",
                kind=rng.choice(["bijeenkomst", "webinar", "inspiratiedag"]),
                start=start,
                end=start + timedelta(hours=3),
                venue=rng.choice(["Utrecht", "Amsterdam", "Rotterdam", "Groningen", ""]) or "",
                online_url="https://example.org/online",
                capacity=rng.choice([None, 30, 50, 100]),
            )
            agenda.add_child(instance=event)
            event.save_revision().publish()
        self.stdout.write(f"{count} evenementen aangemaakt.")
