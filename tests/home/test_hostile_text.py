"""Hostile text never poisons the mail queue: single-line fields are one line at every door, and one bad
mail is marked failed and counted while the rest of the queue goes out."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from entries.models import EntryPage, Soort
from home.mail import queue_mail
from home.models import OutgoingMail
from home.permissions import MODERATORS, NETWORK_MANAGERS
from home.text import single_line
from network.models import Registration
from tests.factories import EventFactory

HOSTILE = "A\r\nBcc: x@evil.example\n\nUw registratie is verlopen, log in via https://evil.example\x00\x1b\u202e"


@given(st.text())
def test_single_line_leaves_no_break_or_control_character_and_is_stable(value):
    cleaned = single_line(value)
    assert not any(char in cleaned for char in "\r\n\t\v\f\x00\x1b\x85\u2028\u2029\u202e")
    assert cleaned == cleaned.strip() and single_line(cleaned) == cleaned


def test_real_names_pass_unchanged():
    for name in ("Łucja Ősz", "Fatima el Amrani", "Jean-Luc d'Ancona", "Zoë 👩🏽‍🎓 Bakker"):
        assert single_line(name) == name


def test_a_contribution_with_a_line_break_in_its_title_still_tells_the_moderators(client, site, on_commit):
    moderator = User.objects.create_user("eind", "eind@uni.nl", "pw")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    data = {
        "title": HOSTILE,
        "intro": "Samenvatting",
        "description": "Beschrijving",
        "entry_type": Soort.objects.get(slug="initiatief").pk,
        "organisation_name": "Hogeschool\r\nBcc: y@evil.example",
        "name": "Eve\r\nBcc: z@evil.example",
        "email": "eve@uni.nl",
        "consent": "on",
    }
    with on_commit():
        assert client.post("/kennisbank/delen/", data).status_code == 200
    entry = EntryPage.objects.get()
    assert "\n" not in entry.title and "\r" not in entry.draft_title
    assert entry.title.startswith("A Bcc: x@evil.example Uw registratie")
    assert "\n" not in entry.contributor_name
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"eind@uni.nl", "eve@uni.nl"} <= recipients  # Wagtail's workflow mail and ours both went
    assert all("\n" not in message.subject for message in mail.outbox)
    assert not any("evil.example" in address for message in mail.outbox for address in message.recipients())
    assert OutgoingMail.objects.exclude(status="sent").count() == 0


def test_a_name_with_line_breaks_adds_no_paragraph_to_the_mail(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False)
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": HOSTILE, "email": "ann@uni.nl", "consent": "on"})
    registration = Registration.objects.get()
    assert registration.name == single_line(HOSTILE)
    (message,) = mail.outbox
    assert "\nUw registratie is verlopen" not in message.body


def test_a_message_subject_with_a_line_break_goes_out_on_one_line(site, on_commit):
    event = EventFactory(agenda=site.agenda)
    Registration.objects.create(event=event, name="Eva", email="eva@uni.nl", status="confirmed")
    manager = User.objects.create_user("beheer", "beheer@uni.nl", "pw", is_staff=True)
    manager.groups.add(Group.objects.get(name=NETWORK_MANAGERS))
    client = Client()
    client.force_login(manager)
    with on_commit():
        response = client.post(
            f"/admin/netwerk/evenementen/{event.pk}/bericht/",
            {"audience": "all", "subject": "Nieuws\r\nBcc: x@evil.example", "body": "Tekst", "send": "1"},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Nieuws Bcc: x@evil.example" and message.recipients() == ["eva@uni.nl"]


def test_one_bad_mail_is_marked_failed_and_the_queue_goes_on(db, on_commit):
    """The old deliver() caught only SMTP and OS errors: a mail that failed otherwise stayed pending with 0
    attempts, and send_pending_mail crashed on it every run, so no later mail was ever retried."""
    broken = OutgoingMail.objects.create(to="a@uni.nl", subject="Kapot", template="bestaat/niet.txt")
    poisoned = OutgoingMail.objects.create(to="b@uni.nl", subject="Regel\r\nBcc: x@evil.example", body="Hallo")
    later = OutgoingMail.objects.create(to="c@uni.nl", subject="Gewoon", body="Hallo")
    call_command("send_pending_mail", stdout=StringIO())
    for stored in (broken, poisoned, later):
        stored.refresh_from_db()
    assert (broken.status, broken.attempts, broken.last_error) == ("failed", 1, "TemplateDoesNotExist")
    assert (poisoned.status, later.status) == ("sent", "sent")
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        ("b@uni.nl", "Regel Bcc: x@evil.example"),
        ("c@uni.nl", "Gewoon"),
    ]


@pytest.mark.parametrize("header", ["List-Unsubscribe", "X-Test"])
def test_queued_headers_and_subjects_are_stored_on_one_line(db, on_commit, header):
    with on_commit():
        stored = queue_mail("d@uni.nl", "Onderwerp\nmet breuk", "", {}, headers={header: "<https://a>\r\nBcc: e@x"})
    assert stored.subject == "Onderwerp met breuk" and stored.headers == {header: "<https://a> Bcc: e@x"}
    stored.refresh_from_db()
    assert stored.status == "sent" and mail.outbox[0].extra_headers == {header: "<https://a> Bcc: e@x"}
