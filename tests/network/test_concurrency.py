"""Capacity under simultaneous registrations, on PostgreSQL (CI runs these; they never skip there)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from network.models import Registration
from network.registrations import services
from tests.factories import EventFactory

THREADS = 50
CAPACITY = 10

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _register_all(event):
    start = threading.Barrier(THREADS)

    def one(n):
        try:
            start.wait(timeout=10)
            return services.register(
                event, name=f"Deelnemer {n}", email=f"d{n}@example.org", cancel_url_for=lambda r: "http://x/"
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def test_fifty_simultaneous_registrations_never_overbook(site):
    event = EventFactory(agenda=site.agenda, capacity=CAPACITY, waiting_list=True)
    outcomes = _register_all(event)
    assert all(outcome.created for outcome in outcomes)
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY
    assert Registration.objects.filter(event=event, status="waitlisted").count() == THREADS - CAPACITY

    waiting = list(Registration.objects.filter(event=event, status="waitlisted").order_by("created_at", "pk"))
    for registration in Registration.objects.filter(event=event, status="confirmed")[:3]:
        services.cancel(registration, cancel_url_for=lambda r: "http://x/")
    promoted = set(Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True))
    assert {r.pk for r in waiting[:3]} <= promoted
    assert not {r.pk for r in waiting[3:]} & promoted
    assert len(promoted) == CAPACITY


def test_without_the_lock_the_same_burst_overbooks(site, monkeypatch):
    """Proves the test above can fail: with the lock taken out (through the service's own seam, not a setting),
    every request passes the check at once."""
    monkeypatch.setattr(services, "_lock", lambda event: event)
    all_checked = threading.Barrier(THREADS)

    def wait_for_everyone(event):
        try:
            all_checked.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(services, "capacity_checked", wait_for_everyone)
    event = EventFactory(agenda=site.agenda, capacity=CAPACITY, waiting_list=True)
    _register_all(event)
    assert Registration.objects.filter(event=event, status="confirmed").count() > CAPACITY


def test_alert_digests_run_at_once_on_two_machines_go_out_once(site):
    """send_alerts started by two schedulers at the same moment (separate connections, as separate machines):
    each alert is locked while its digest is recorded, so every due digest is queued exactly once."""
    from datetime import timedelta

    from django.utils import timezone

    from entries.alerts import send_alerts
    from entries.models import Alert
    from home.models import OutgoingMail
    from tests.factories import EntryFactory

    since = timezone.now() - timedelta(days=20)
    EntryFactory(index=site.index, thema=["preventie"])
    for n in range(12):
        Alert.objects.create(email=f"lezer{n}@example.org", query="", confirmed_at=since, covered_until=since)
    later = timezone.now() + timedelta(days=8)  # this week's entry lies in the last whole week by then
    start = threading.Barrier(4)

    def run(_n):
        try:
            start.wait(timeout=10)
            return send_alerts(site.index, later)["sent"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        sent = sum(pool.map(run, range(4)))
    assert sent == 12
    assert OutgoingMail.objects.filter(purpose__startswith="alert:").count() == 12
    assert OutgoingMail.objects.filter(purpose__startswith="alert:").values("to").distinct().count() == 12
