"""What one registration costs the database, and the outbox worker per mail: pinned, so a change that adds a
round trip to the busiest moment of the network (a popular masterclass opening) is noticed."""

from datetime import timedelta

import pytest
from django.core import mail as outbox
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.mail import deliver
from home.models import OutgoingMail
from network.models import Registration
from tests.factories import EventFactory

# The event page read by its key (1: routing a path seen before, home/site/routing.py), the abuse limit (1), the
# event's lock (1), the event's state (1), the insert (1), the outbox (1; its task is queued after the commit),
# and for the waiting list its place (1). View restrictions cost none on a public event (home/site/access.py).
CONFIRMED_STATEMENTS = 6
WAITLISTED_STATEMENTS = 7


def _register(client, event, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
        response = client.post(f"{event.url}aanmelden/", {"name": "Bo", "email": email, "consent": "on"})
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_registration_costs_a_fixed_number_of_statements(client, site, django_capture_on_commit_callbacks):
    event = EventFactory(agenda=site.agenda, capacity=2, confirm_email=False, waiting_list=True)
    # The Site, the navigation and the route are kept, as on a running server after its first registration.
    _register(client, event, "eerste@example.org", django_capture_on_commit_callbacks)
    confirmed = _register(client, event, "a@example.org", django_capture_on_commit_callbacks)
    waitlisted = _register(client, event, "b@example.org", django_capture_on_commit_callbacks)
    assert Registration.objects.get(email="a@example.org").status == "confirmed"
    assert Registration.objects.get(email="b@example.org").status == "waitlisted"
    statements = [sql for sql in confirmed if not sql.startswith(("BEGIN", "COMMIT"))]
    assert len(statements) == CONFIRMED_STATEMENTS, "\n".join(statements)
    statements = [sql for sql in waitlisted if not sql.startswith(("BEGIN", "COMMIT"))]
    assert len(statements) == WAITLISTED_STATEMENTS, "\n".join(statements)
    # Regression: the place on the waiting list was counted twice (for the mail and for the page)
    assert sum("COUNT(*)" in sql for sql in waitlisted) == 1


def test_the_page_and_the_mail_name_the_same_place_on_the_waiting_list(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=1, confirm_email=False, waiting_list=True)
    for n in range(3):
        with on_commit():
            response = client.post(
                f"{event.url}aanmelden/", {"name": f"P{n}", "email": f"p{n}@example.org", "consent": "on"}
            )
    assert "plaats 2 van de wachtlijst" in response.content.decode()
    assert "plaats 2 van de wachtlijst" in outbox.outbox[-1].body


def test_an_address_registered_before_and_a_hold_that_ran_out_are_both_seen_in_one_look(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=1, confirm_email=False, waiting_list=True)
    held = Registration.objects.create(
        event=event, name="Nep", email="nep@example.org", status="pending", held_status="confirmed"
    )
    Registration.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Eva", "email": "eva@example.org", "consent": "on"})
    assert Registration.objects.get(email="eva@example.org").status == "confirmed"  # the expired hold let go
    assert Registration.objects.get(email="nep@example.org").status == "cancelled"
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Eva", "email": "EVA@example.org", "consent": "on"})
    assert Registration.objects.filter(email="eva@example.org").count() == 1  # the same person, not a second place


@pytest.mark.parametrize("status", ["confirmed", "waitlisted"])
def test_the_outbox_sends_a_mail_with_one_update(site, status, django_capture_on_commit_callbacks):
    event = EventFactory(agenda=site.agenda, capacity=10, confirm_email=False)
    from network.registrations import services
    from network.registrations.views import cancel_url_maker

    if status == "waitlisted":
        event.capacity = 0
        event.waiting_list = True
        event.save()
    with django_capture_on_commit_callbacks(execute=False):
        services.register(event, name="Bo", email="bo@example.org", cancel_url_for=cancel_url_maker(event))
    from home.site.navigation import current_navigation

    current_navigation()  # kept, as on a running worker
    queued = OutgoingMail.objects.get(to="bo@example.org")
    with CaptureQueriesContext(connection) as queries:
        assert deliver(queued)
    writes = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
    assert len(writes) == 1
    # Its registration and its event (with its sessions, for the calendar file of a place), and the one write; the
    # link to "Mijn netwerk" comes from the kept navigation
    assert len(queries.captured_queries) == (4 if status == "confirmed" else 3), "\n".join(
        query["sql"] for query in queries.captured_queries
    )
    sent = outbox.outbox[-1]
    assert "/netwerk/mijn/" in sent.body
    stored = OutgoingMail.objects.get(pk=queued.pk)
    assert stored.status == "sent" and stored.body == sent.body


def test_a_mail_whose_attachment_failed_is_made_whole_on_the_next_attempt(site, monkeypatch, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=10, confirm_email=False)
    from network.attendance import qr
    from network.registrations import services
    from network.registrations.views import cancel_url_maker

    def broken(registration, scale=8):
        raise OSError("disk full")

    monkeypatch.setattr(qr, "png", broken)
    with on_commit():
        services.register(event, name="Bo", email="bo@example.org", cancel_url_for=cancel_url_maker(event))
    queued = OutgoingMail.objects.get(to="bo@example.org")
    assert queued.status == "failed"
    assert queued.body == ""  # nothing half-made was kept
    monkeypatch.undo()
    assert deliver(queued)
    names = [name for name, _content, _mimetype in outbox.outbox[-1].attachments]
    assert names == [f"{event.slug}.ics", "inchecken.png"]


def test_the_link_home_in_a_mail_follows_a_renamed_network_page(site, on_commit):
    from home.site.navigation import section_url

    before = section_url("my_network")
    network = site.agenda.get_parent().specific
    network.slug = "netwerk-studentenwelzijn"
    network.save_revision().publish()
    after = section_url("my_network")
    assert before != after and after.startswith("/netwerk-studentenwelzijn/")


def test_the_worker_reads_an_event_once_per_generation_and_a_publish_reaches_the_next_mail(site):
    """The outbox worker keeps an event page (and its calendar file) for the page-cache generation a mail is sent
    under (home/cache/kept.py): a burst of confirmations reads its event once, and a change published between two
    mails is in the second."""
    from home.mail import send_outgoing_mail
    from network.registrations import services
    from network.registrations.views import cancel_url_maker

    event = EventFactory(agenda=site.agenda, capacity=10, confirm_email=False, venue="Utrecht")
    for n in range(3):  # queued: the test's transaction never commits, so the worker's turn is below
        services.register(event, name="Bo", email=f"bo{n}@example.org", cancel_url_for=cancel_url_maker(event))
    mails = list(OutgoingMail.objects.filter(to__startswith="bo").order_by("pk"))
    send_outgoing_mail.call(mails[0].pk)
    with CaptureQueriesContext(connection) as queries:
        send_outgoing_mail.call(mails[1].pk)
    assert not [query for query in queries.captured_queries if "network_eventpage" in query["sql"]]
    assert "Utrecht" in outbox.outbox[-1].body
    event.venue = "Groningen"
    event.save_revision().publish()
    send_outgoing_mail.call(mails[2].pk)
    assert "Groningen" in outbox.outbox[-1].body and "Utrecht" not in outbox.outbox[-1].body
    assert b"Groningen" in outbox.outbox[-1].attachments[0][1].encode()
