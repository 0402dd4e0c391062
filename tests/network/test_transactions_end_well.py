"""Every transaction ends like a public service: the page and the mail repeat what, when and where, say
what happens next and how to change it; the waiting list, the promotion and a cancellation are told by mail
with date and place; a contributor knows how long review takes and whom to ask."""

import re
from datetime import UTC

from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import EventFactory, MasterclassFactory
from tests.helpers import contribution_form, soup
from tests.network.test_registration import cancel_link, register


def _date(event):
    with translation.override("nl"):
        return date_format(timezone.localtime(event.start), "l j F Y, H:i")


def _to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_confirmation_mail_carries_a_named_file_and_one_click_links(client, site, on_commit):
    event = EventFactory(
        agenda=site.agenda, confirm_email=False, capacity=3, title="Netwerkmiddag", slug="netwerkmiddag"
    )
    register(client, event, on_commit, email="anna@example.org")
    [message] = _to("anna@example.org")
    assert message.attachments[0][0] == "netwerkmiddag.ics"
    assert _date(event) in message.body and event.venue in message.body
    stamp = event.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert "Google Agenda: https://calendar.google.com/calendar/render?" in message.body and stamp in message.body
    assert "Outlook.com: https://outlook.live.com/calendar/0/deeplink/compose?" in message.body
    assert "herinnering" in message.body  # what happens next


def test_a_masterclass_gets_a_link_per_session(client, site, on_commit):
    course = MasterclassFactory(agenda=site.agenda, confirm_email=False, sessions=2)
    register(client, course, on_commit, email="bo@example.org")
    [message] = _to("bo@example.org")
    assert message.body.count("Google Agenda:") == 2 and "Sessie 1 – Google Agenda" in message.body


def test_the_waiting_list_and_the_promotion_name_date_and_place(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=1, venue="Utrecht, Jaarbeurs")
    register(client, event, on_commit, email="first@example.org")
    register(client, event, on_commit, email="second@example.org")
    [waiting] = _to("second@example.org")
    assert "plaats 1 van de wachtlijst" in waiting.body
    assert _date(event) in waiting.body and "Utrecht, Jaarbeurs" in waiting.body
    link = cancel_link(_to("first@example.org")[0])
    mail.outbox.clear()
    with on_commit():
        client.post(link)
    [promoted] = _to("second@example.org")
    assert _date(event) in promoted.body and "Utrecht, Jaarbeurs" in promoted.body
    assert "Google Agenda:" in promoted.body and promoted.attachments[0][0] == f"{event.slug}.ics"
    [cancelled] = _to("first@example.org")
    assert _date(event) in cancelled.body and "Utrecht, Jaarbeurs" in cancelled.body


def test_the_waiting_list_page_repeats_what_when_where_and_offers_no_calendar_yet(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=0)
    page = soup(register(client, event, on_commit, email="late@example.org"))
    text = page.get_text(" ", strip=True)
    assert "Je staat op de wachtlijst" in text and "Komt er een plek vrij" in text
    assert event.title in page.select_one(".event-facts").get_text()
    assert page.select_one(".add-to-calendar") is None  # no place yet: nothing to put in an agenda


def test_the_contribution_ends_with_a_timeline_and_a_contact(client, site, on_commit):
    with on_commit():
        done = client.post(f"{site.index.url}delen/", contribution_form(email="fatima@example.org"))
    page = soup(done)
    steps = [step.get_text(" ", strip=True) for step in page.select(".status-steps li")]
    assert len(steps) == 3 and "tien werkdagen" in steps[1]
    contact = page.select_one('a[href^="mailto:"]')
    assert contact is not None and contact.get_text() == "info@kennisbank-studentenwelzijn.nl"
    [receipt] = _to("fatima@example.org")
    status = client.get(re.search(r"https?://[^/\s]+(/\S*/status/\S+/)", receipt.body).group(1))
    status_text = soup(status).get_text(" ", strip=True)
    assert "tien werkdagen" in status_text and "info@kennisbank-studentenwelzijn.nl" in status_text
