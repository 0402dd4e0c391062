"""Limits that never lose a real person: only valid submissions count, colleagues behind one address all get
through (past the limit a registration waits for its e-mail and holds no place), the admin lock-out keys on
username and address with a far higher threshold for an address alone, IPv6 clients count per /64."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from network.models import Member, Registration
from tests.factories import EventFactory
from tests.helpers import JOIN, behind_proxy


def test_one_address_that_keeps_guessing_is_locked_out_but_not_its_colleagues(db, settings):
    """Regression: five failures with any usernames locked the whole address, so one person's typos (or a
    guesser behind the same NAT) locked a colleague with the right password out for an hour. Now only many
    failures lock an address alone; the same username from the same address is locked at the axes limit."""
    settings.PROXY_COUNT = 1
    settings.ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT * 3
    User.objects.create_user("redacteur", "r@example.org", "juist-wachtwoord")
    User.objects.create_user("collega", "c@example.org", "ook-juist")
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker forges a new left part each time; the address our proxy saw stays the same.
        behind_proxy("203.0.113.9", forged=f"1.2.3.{n}").post("/admin/login/", {"username": f"x{n}", "password": "y"})
    colleague = behind_proxy("203.0.113.9", forged="9.9.9.9")
    assert colleague.post("/admin/login/", {"username": "collega", "password": "ook-juist"}).status_code == 302
    for n in range(settings.ADDRESS_FAILURE_LIMIT):
        behind_proxy("203.0.113.9", forged=f"1.2.4.{n}").post("/admin/login/", {"username": f"y{n}", "password": "y"})
    attacker = behind_proxy("203.0.113.9", forged="9.9.9.9")
    response = attacker.post("/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"})
    assert response.status_code == 429 and "Tijdelijk geblokkeerd" in response.content.decode()
    elsewhere = behind_proxy("198.51.100.7")
    assert elsewhere.post("/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"}).status_code == 302


def test_the_same_username_from_one_address_is_locked_at_the_axes_limit(db, settings):
    User.objects.create_user("redacteur", "r@example.org", "juist-wachtwoord")
    client = Client(REMOTE_ADDR="2001:db8:1:2::5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "redacteur", "password": "fout"})
    assert client.post("/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"}).status_code == 429


def test_twelve_colleagues_behind_one_address_all_join(client, site, settings, on_commit):
    """Regression: past the limit joins from one address (an institution behind NAT) were silently dropped:
    the page said "Bevestig je e-mailadres" but there was no member and no mail."""
    settings.JOIN_RATE_LIMIT = 3
    with on_commit():
        pages = [client.post(f"{site.network.url}lid-worden/", {**JOIN, "email": f"a{n}@uni.nl"}) for n in range(12)]
    assert {page.status_code for page in pages} == {200}
    assert len({page.content for page in pages}) == 1
    assert Member.objects.count() == 12 and not Member.objects.confirmed().exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"a{n}@uni.nl" for n in range(12))


def test_past_the_limit_registrations_wait_for_their_address_and_hold_no_place(client, site, settings, on_commit):
    """Regression: past 20 an hour per address people got a 429 (colleagues behind one NAT), and before that
    forty made-up registrations filled an event. Now nobody is refused, and what is past the limit holds no
    place until its owner confirms."""
    settings.REGISTRATION_RATE_LIMIT = 2
    event = EventFactory(agenda=site.agenda, capacity=3, confirm_email=False)
    form = {"name": "Collega", "consent": "on"}
    with on_commit():
        pages = [client.post(f"{event.url}aanmelden/", {**form, "email": f"c{n}@uni.nl"}) for n in range(6)]
    assert [page.status_code for page in pages] == [200] * 6
    assert "Kijk in je mail" in pages[-1].content.decode() and "bewaard" in pages[-1].content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"c0@uni.nl": "confirmed", "c1@uni.nl": "confirmed"} | {
        f"c{n}@uni.nl": "pending" for n in range(2, 6)
    }
    assert "Nog 1 plek" in client.get(event.url).content.decode()  # the four pending ones hold nothing
    # A real colleague confirms: the free place is theirs; the next one goes to the waiting list.
    for n in (4, 2):
        registration = Registration.objects.get(email=f"c{n}@uni.nl")
        with on_commit():
            client.post(f"{event.url}bevestigen/{registration.token}/")
    assert dict(Registration.objects.values_list("email", "status"))["c4@uni.nl"] == "confirmed"
    assert dict(Registration.objects.values_list("email", "status"))["c2@uni.nl"] == "waitlisted"
    assert Registration.objects.filter(status="confirmed").count() == 3  # never past the capacity


def test_past_the_limit_with_unreadable_counters_nobody_is_refused(client, site, on_commit, monkeypatch):
    from home.models import UseCounter

    monkeypatch.setattr(UseCounter._meta, "db_table", "table_that_is_not_there")  # a real database error
    event = EventFactory(agenda=site.agenda, capacity=3, confirm_email=False)
    with on_commit():
        page = client.post(f"{event.url}aanmelden/", {"name": "Eva", "email": "eva@uni.nl", "consent": "on"})
    assert page.status_code == 200 and "Kijk in je mail" in page.content.decode()
    assert Registration.objects.get().status == "pending"


def test_ipv6_clients_are_counted_per_64(client, site, settings, on_commit):
    """Regression: limits keyed on the full address, so anyone with a /64 (2^64 addresses) had no limit."""
    from home.abuse.limits import client_group

    assert client_group("2001:db8:1:2::5") == client_group("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_group("2001:db8:1:3::5") != client_group("2001:db8:1:2::5")
    assert client_group("::ffff:192.0.2.7") == "192.0.2.7"
    settings.CONTRIBUTION_RATE_LIMIT = 1
    from entries.models import Soort
    from tests.entries.test_contribution import FORM

    data = {**FORM, "entry_type": Soort.objects.get(slug="initiatief").pk}
    with on_commit():
        first = Client(REMOTE_ADDR="2001:db8:1:2::5").post("/kennisbank/delen/", data)
        same_block = Client(REMOTE_ADDR="2001:db8:1:2:abcd::1").post("/kennisbank/delen/", {**data, "title": "Twee"})
        next_block = Client(REMOTE_ADDR="2001:db8:1:3::1").post("/kennisbank/delen/", {**data, "title": "Drie"})
    assert [first.status_code, same_block.status_code, next_block.status_code] == [200, 429, 200]


def test_invalid_attempts_do_not_count_toward_a_limit(client, site, settings, on_commit):
    """Regression: a few typos locked a person out of the contribution and alert forms."""
    settings.CONTRIBUTION_RATE_LIMIT = settings.ALERT_RATE_LIMIT = 1
    from entries.models import Soort
    from tests.entries.test_contribution import FORM

    data = {**FORM, "entry_type": Soort.objects.get(slug="initiatief").pk}
    with on_commit():
        typos = [client.post("/kennisbank/delen/", {**data, "email": "fout"}).status_code for _ in range(4)]
        right = client.post("/kennisbank/delen/", data)
        alert_typos = [client.post("/kennisbank/volgen/", {"email": "x"}).status_code for _ in range(4)]
        alert = client.post("/kennisbank/volgen/", {"email": "lezer@uni.nl"})
    assert typos == [400] * 4 and right.status_code == 200
    assert alert_typos == [400] * 4 and alert.status_code == 200
    # and the limit still holds for valid ones
    assert client.post("/kennisbank/delen/", {**data, "title": "Nog een"}).status_code == 429


def test_password_resets_are_limited_and_go_through_the_outbox(db, settings, on_commit):
    """Regression: the admin's password-reset form sent a mail per POST without limit, outside the outbox."""
    from home.models import OutgoingMail

    settings.PASSWORD_RESET_RATE_LIMIT = 4
    settings.PASSWORD_RESET_ACCOUNT_LIMIT = 2
    User.objects.create_user("redacteur", "r@uni.nl", "pw")
    client = Client(REMOTE_ADDR="198.51.100.4")
    with on_commit():
        answers = [client.post("/admin/password_reset/", {"email": "r@uni.nl"}) for _ in range(5)]
    assert {answer.status_code for answer in answers} == {302}
    assert len({answer["Location"] for answer in answers}) == 1  # the same answer whatever happened
    stored = OutgoingMail.objects.filter(purpose="password-reset")
    assert stored.count() == 2 and {mail.status for mail in stored} == {"sent"}
    assert [message.to for message in mail.outbox] == [["r@uni.nl"], ["r@uni.nl"]]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body
    # Another account from the same address: the address limit (4 valid requests) is reached.
    User.objects.create_user("collega", "c@uni.nl", "pw")
    with on_commit():
        client.post("/admin/password_reset/", {"email": "c@uni.nl"})
    assert OutgoingMail.objects.filter(purpose="password-reset", to="c@uni.nl").count() == 0


def test_an_expired_hold_then_a_managers_action_then_a_late_confirmation(client, site, on_commit):
    """Three actors on one last place: Eva's hold runs out, a manager frees a place for the waiting list, and
    Eva confirms late. The person waiting gets the freed place first; Eva gets what is left (the waiting list),
    never a place past the capacity."""
    from datetime import timedelta

    from django.utils import timezone

    from network.registrations import admin_doors
    from network.registrations.views import cancel_url_maker

    event = EventFactory(agenda=site.agenda, capacity=1, confirm_email=True)
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Eva", "email": "eva@uni.nl", "consent": "on"})
    eva = Registration.objects.get(email="eva@uni.nl")
    assert (eva.status, eva.held_status) == ("pending", "confirmed")
    Registration.objects.filter(pk=eva.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    first = Registration.objects.create(event=event, name="Bo", email="bo@uni.nl", status="confirmed")
    waiting = Registration.objects.create(event=event, name="Cas", email="cas@uni.nl", status="waitlisted")
    with on_commit():
        admin_doors.set_status(first, "cancelled", cancel_url_for=cancel_url_maker(event))
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"  # the waiting list first
    with on_commit():
        client.post(f"{event.url}bevestigen/{eva.token}/")
    assert Registration.objects.get(pk=eva.pk).status == "waitlisted"
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_uses_are_each_counted_once():
    """Regression: the cache's add-then-incr read and wrote the number in two steps, so two requests at once
    could both count 5 and store 6; one upsert statement counts every use."""
    import threading

    from django.db import connection

    from home.abuse.limits import count_use

    seen = []

    def use(times):
        try:
            seen.extend(count_use("limit:test:same-client") for _ in range(times))
        finally:
            connection.close()

    threads = [threading.Thread(target=use, args=(25,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 101))  # every number once: no use lost, none counted twice
    assert count_use("limit:test:other-client") == 1


@pytest.mark.django_db
def test_a_window_that_ran_out_starts_again_and_is_purged():
    from datetime import timedelta

    from django.utils import timezone

    from home.abuse.limits import count_use
    from home.models import UseCounter
    from home.retention import purge_all

    assert [count_use("limit:test:k") for _ in range(3)] == [1, 2, 3]
    UseCounter.objects.filter(key="limit:test:k").update(expires=timezone.now() - timedelta(seconds=1))
    assert count_use("limit:test:k") == 1  # a new hour, a new count
    UseCounter.objects.create(key="limit:test:old", uses=9, expires=timezone.now() - timedelta(minutes=5))
    purge_all(days=30)
    assert set(UseCounter.objects.values_list("key", flat=True)) == {"limit:test:k"}
