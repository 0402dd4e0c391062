"""The "Mijn netwerk" pages: sign in by an e-mail link, one page with a person's records, their data in their hands."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entries.models.alerts import Alert
from network.members import signin
from network.models import Member, PersonalSession, RegisterNumber, Registration, SignInLink
from tests.factories import EventFactory
from tests.helpers import contribution_form, soup

MINE = "/netwerk/mijn/"


def sign_in_link(message):
    [link] = re.findall(r"https://kennisbank\.example(/netwerk/mijn/(?:inloggen|nieuw-adres)/[^/\s]+/)", message.body)
    return link


def ask_link(client, email, on_commit):
    mail.outbox.clear()
    with on_commit():
        return client.post(MINE, {"email": email})


def signed_in(email, on_commit, client=None):
    """A browser signed in through the doors a person uses: the form, the mail, the button."""
    client = client or Client()
    ask_link(client, email, on_commit)
    [message] = [m for m in mail.outbox if m.to == [email.lower()]]
    response = client.post(sign_in_link(message))
    assert response.status_code == 303 and response["Location"] == MINE
    mail.outbox.clear()
    return client


def session_for(email, network):
    """A browser with a session for `email`, made by the function the sign-in link calls."""
    response = HttpResponse()
    signin.start_session(response, network, email)
    client = Client()
    client.cookies[signin.COOKIE] = response.cookies[signin.COOKIE].value
    return client


def registration(event, email, name="Sanne de Vries", status="confirmed", **extra):
    return Registration.objects.create(event=event, name=name, email=email, status=status, **extra)


def page_text(response):
    return soup(response).get_text(" ", strip=True)


# -- signing in ----------------------------------------------------------------------------------------------


def test_a_link_signs_in_only_by_its_button_once_and_within_a_quarter(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, title="Netwerkdag Welzijn")
    registration(event, "Sanne@Example.org")  # typed with capitals at registration
    response = ask_link(client, "sanne@example.org", on_commit)
    assert "Kijk in je mailbox" in page_text(response)
    [message] = mail.outbox
    assert message.to == ["sanne@example.org"] and "15 minuten" in message.body
    link = sign_in_link(message)

    # A mail scanner's GET shows a button and signs nobody in.
    shown = client.get(link)
    assert shown.status_code == 200 and "Inloggen" in page_text(shown)
    assert signin.COOKIE not in client.cookies
    assert "Stuur mij een inloglink" in page_text(client.get(MINE))

    response = client.post(link)
    assert response.status_code == 303
    cookie = client.cookies[signin.COOKIE]
    assert cookie["path"] == MINE and cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(MINE)
    assert "Netwerkdag Welzijn" in page_text(page) and "sanne@example.org" in page_text(page)

    # Once: the second use says so, in another browser too; nobody gets a second session.
    other = Client()
    again = other.post(link)
    assert again.status_code == 410 and "al gebruikt" in page_text(again)
    assert signin.COOKIE not in other.cookies
    assert PersonalSession.objects.count() == 1


def test_an_expired_link_fails_clearly_and_a_new_one_can_be_asked(client, site, on_commit):
    registration(EventFactory(agenda=site.agenda), "sanne@example.org")
    ask_link(client, "sanne@example.org", on_commit)
    link = sign_in_link(mail.outbox[0])
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 410 and "verlopen" in page_text(response)
    assert signin.COOKIE not in client.cookies
    ask_link(client, "sanne@example.org", on_commit)
    assert client.post(sign_in_link(mail.outbox[0])).status_code == 303


def test_unknown_addresses_get_the_same_page_and_no_mail(client, site, on_commit):
    registration(EventFactory(agenda=site.agenda), "bekend@example.org")
    known = ask_link(client, "bekend@example.org", on_commit)
    assert len(mail.outbox) == 1
    unknown = ask_link(client, "onbekend@example.org", on_commit)
    assert mail.outbox == []
    assert known.status_code == unknown.status_code == 200

    def main(response):
        return str(soup(response).find("main") or soup(response).body).replace("csrfmiddlewaretoken", "")

    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", main(known)) == strip.sub("", main(unknown))
    assert SignInLink.objects.filter(email="onbekend@example.org").count() == 0


def test_every_kind_of_record_makes_an_address_known(client, site, on_commit):
    Member.objects.create(name="Lid", email="lid@example.org", organisation="UU")
    Alert.objects.create(email="volger@example.org", query="thema=preventie", confirmed_at=timezone.now())
    client.post("/kennisbank/delen/", contribution_form(email="inzender@example.org"))
    for email in ("lid@example.org", "volger@example.org", "inzender@example.org"):
        ask_link(client, email, on_commit)
        assert [m.to for m in mail.outbox] == [[email]], email


def test_sign_in_mails_have_their_own_limit_per_address(client, site, on_commit, settings):
    settings.SIGN_IN_MAILS_PER_QUARTER = 3
    registration(EventFactory(agenda=site.agenda), "sanne@example.org")
    sent = 0
    for n in range(5):
        response = ask_link(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "sanne@example.org", on_commit)
        assert "Kijk in je mailbox" in page_text(response)
        sent += len(mail.outbox)
    assert sent == 3
    # Another address is not held back by this one's limit.
    registration(EventFactory(agenda=site.agenda), "ali@example.org")
    ask_link(client, "ali@example.org", on_commit)
    assert len(mail.outbox) == 1


def test_bad_input_at_the_door_gets_a_form_error_or_a_404_never_a_500(client, site):
    assert client.post(MINE, {"email": "geen-adres"}).status_code == 400
    assert client.post(MINE, {"email": "a@b.example"}).status_code == 400
    for token in ("x" * 300, "a\x00b", "%00", "..", "ÄÖÜ"):
        assert client.get(f"{MINE}inloggen/{token}/").status_code == 404
    assert client.put(MINE).status_code == 405
    # A forged or tampered cookie is no session.
    client.cookies[signin.COOKIE] = "forged:value"
    assert "Stuur mij een inloglink" in page_text(client.get(MINE))


def test_signing_out_ends_the_session_even_for_a_copied_cookie(site, on_commit):
    registration(EventFactory(agenda=site.agenda), "sanne@example.org")
    browser = signed_in("sanne@example.org", on_commit)
    copied = Client()
    copied.cookies[signin.COOKIE] = browser.cookies[signin.COOKIE].value
    assert "sanne@example.org" in page_text(copied.get(MINE))
    response = browser.post(f"{MINE}afmelden/")
    assert "afgemeld van Mijn netwerk" in page_text(response)
    assert browser.cookies[signin.COOKIE].value == ""
    assert "Stuur mij een inloglink" in page_text(copied.get(MINE))
    assert PersonalSession.objects.count() == 0


def test_personal_pages_are_never_cached_or_indexed(site, on_commit):
    registration(EventFactory(agenda=site.agenda), "sanne@example.org")
    browser = signed_in("sanne@example.org", on_commit)
    for url in (MINE, f"{MINE}gegevens/", f"{MINE}gegevens/?formaat=json", f"{MINE}wissen/"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
        assert "noindex" in response["X-Robots-Tag"], url
    assert "noindex" in Client().get(MINE).content.decode()
    # Behind the sign-in, a stranger sees the sign-in form, never someone's data.
    stranger = Client()
    for url in (f"{MINE}gegevens/", f"{MINE}gegevens/?formaat=json", f"{MINE}wissen/"):
        response = stranger.get(url)
        assert response.status_code == 403 and "sanne@example.org" not in response.content.decode()


# -- the page and its actions --------------------------------------------------------------------------------


def test_the_page_shows_upcoming_and_past_registrations_with_place_and_waiting_position(site, on_commit):
    full = EventFactory(agenda=site.agenda, title="Volle middag", capacity=1, venue="Zwolle")
    registration(full, "ander@example.org", name="Ander")
    registration(full, "sanne@example.org", status="waitlisted")
    past = EventFactory(agenda=site.agenda, title="Vorig jaar", start=timezone.now() - timedelta(days=30))
    registration(past, "sanne@example.org")
    cancelled = EventFactory(agenda=site.agenda, title="Afgezegd")
    registration(cancelled, "sanne@example.org", status="cancelled")
    text = page_text(signed_in("sanne@example.org", on_commit).get(MINE))
    assert "Volle middag" in text and "Zwolle" in text and "Op de wachtlijst, plaats 1" in text
    assert "Eerder bijgewoond" in text and "Vorig jaar" in text
    assert "Afgezegd" not in text and "Ander" not in text


def test_cancelling_here_goes_through_the_service_and_promotes_the_waiting_list(site, on_commit):
    event = EventFactory(agenda=site.agenda, title="Masterclass Veerkracht", capacity=1)
    mine = registration(event, "sanne@example.org")
    waiting = registration(event, "ali@example.org", name="Ali", status="waitlisted")
    browser = signed_in("sanne@example.org", on_commit)
    with on_commit():
        response = browser.post(MINE, {"action": "registrations.cancel", "id": mine.pk})
    assert "Je bent afgemeld voor ‘Masterclass Veerkracht’" in page_text(response)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == "cancelled" and waiting.status == "confirmed"
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["ali@example.org"].startswith("Er is een plek vrijgekomen")
    assert subjects["sanne@example.org"].startswith("Je bent afgemeld")
    # Again (a second tab, a refresh): a clear answer, nothing changes.
    again = browser.post(MINE, {"action": "registrations.cancel", "id": mine.pk})
    assert again.status_code == 404
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_one_person_never_touches_another_persons_records_by_crossed_ids(site, on_commit):
    event = EventFactory(agenda=site.agenda)
    theirs = registration(event, "ali@example.org", name="Ali")
    their_alert = Alert.objects.create(email="ali@example.org", query="thema=preventie", confirmed_at=timezone.now())
    their_number = RegisterNumber.objects.create(email="ali@example.org", register="nip", number="NIP-00123456")
    Member.objects.create(name="Ali", email="ali@example.org", organisation="HvA", confirmed_at=timezone.now())
    registration(event, "sanne@example.org")
    browser = signed_in("sanne@example.org", on_commit)
    crossed = [
        {"action": "registrations.cancel", "id": theirs.pk},
        {"action": "alerts.remove", "id": their_alert.pk},
        {"action": "alerts.frequency", "id": their_alert.pk, "frequentie": "maandelijks"},
        {"action": "register_numbers.remove", "id": their_number.pk},
        {"action": "membership.leave"},  # Sanne is no member: there is nothing of hers to leave
    ]
    for data in crossed:
        response = browser.post(MINE, data)
        assert response.status_code == 404, data
        assert "Ali" not in page_text(response) and "ali@example.org" not in response.content.decode()
    assert Registration.objects.get(pk=theirs.pk).status == "confirmed"
    assert Alert.objects.get(pk=their_alert.pk).frequency == "weekly"
    assert RegisterNumber.objects.filter(pk=their_number.pk).exists()
    assert Member.objects.filter(email="ali@example.org").exists()
    # And Ali's page shows none of Sanne's.
    text = page_text(signed_in("ali@example.org", on_commit).get(MINE))
    assert "sanne@example.org" not in text and "ingelogd als ali@example.org" in text


def test_alerts_change_frequency_and_go_through_the_alert_module(site, on_commit):
    alert = Alert.objects.create(email="sanne@example.org", query="thema=preventie", confirmed_at=timezone.now())
    other = Alert.objects.create(email="sanne@example.org", query="onderwerp=slaap", confirmed_at=timezone.now())
    browser = signed_in("sanne@example.org", on_commit)
    text = page_text(browser.get(MINE))
    assert "Preventie" in text and "Slaap" in text
    response = browser.post(MINE, {"action": "alerts.frequency", "id": alert.pk, "frequentie": "maandelijks"})
    assert "De frequentie is aangepast." in page_text(response)
    assert Alert.objects.get(pk=alert.pk).frequency == "monthly"
    assert (
        browser.post(MINE, {"action": "alerts.frequency", "id": alert.pk, "frequentie": "dagelijks"}).status_code == 404
    )
    browser.post(MINE, {"action": "alerts.remove", "id": alert.pk})
    assert list(Alert.objects.values_list("pk", flat=True)) == [other.pk]


def test_joining_changing_and_leaving_the_network_from_the_page(site, on_commit):
    registration(EventFactory(agenda=site.agenda), "sanne@example.org")
    browser = signed_in("sanne@example.org", on_commit)
    assert "Word lid" in page_text(browser.get(MINE))
    refused = browser.post(MINE, {"action": "membership.save", "name": "Sanne", "organisation": "UU"})
    assert refused.status_code == 400 and "Geef toestemming" in page_text(refused)
    assert not Member.objects.exists()
    joined = browser.post(
        MINE, {"action": "membership.save", "name": "Sanne", "organisation": "UU", "role": "decaan", "consent": "on"}
    )
    assert "je bent nu lid" in page_text(joined)
    member = Member.objects.get()
    assert member.email == "sanne@example.org" and member.is_confirmed  # the address proved itself
    browser.post(MINE, {"action": "membership.save", "name": "Sanne\nde Vries", "organisation": "Hogeschool Utrecht"})
    member.refresh_from_db()
    assert (member.name, member.organisation, member.role) == ("Sanne de Vries", "Hogeschool Utrecht", "")
    browser.post(MINE, {"action": "membership.leave"})
    assert not Member.objects.exists()
    assert Registration.objects.filter(email="sanne@example.org").exists()  # leaving keeps registrations


def test_register_numbers_are_kept_one_per_register_and_checked(site, on_commit):
    registration(EventFactory(agenda=site.agenda), "sanne@example.org")
    browser = signed_in("sanne@example.org", on_commit)
    browser.post(MINE, {"action": "register_numbers.add", "register": "nip", "number": "nip-00123456"})
    browser.post(MINE, {"action": "register_numbers.add", "register": "nip", "number": "NIP-00999999"})
    browser.post(MINE, {"action": "register_numbers.add", "register": "lvsc", "number": "12345"})
    assert sorted(RegisterNumber.objects.values_list("register", "number")) == [
        ("lvsc", "12345"),
        ("nip", "NIP-00999999"),
    ]
    for number in ("=HYPERLINK(1)", "a" * 41, "", "\x00\n"):
        response = browser.post(MINE, {"action": "register_numbers.add", "register": "nip", "number": number})
        assert response.status_code == 400, number
    assert browser.post(MINE, {"action": "register_numbers.add", "register": "xyz", "number": "1"}).status_code == 400
    assert RegisterNumber.objects.get(register="nip").number == "NIP-00999999"
    browser.post(MINE, {"action": "register_numbers.add", "register": "big", "number": "1234\x00 5678\n"})
    assert RegisterNumber.objects.get(register="big").number == "1234 5678"  # control characters dropped
    assert "NIP-00999999" in page_text(browser.get(MINE))


def test_every_participant_mail_points_home(client, site, on_commit):
    event = EventFactory(agenda=site.agenda, confirm_email=False, capacity=1)
    with on_commit():
        client.post(f"{event.url}aanmelden/", {"name": "Sanne", "email": "sanne@example.org", "consent": "on"})
        Client().post(f"{event.url}aanmelden/", {"name": "Ali", "email": "ali@example.org", "consent": "on"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Al je aanmeldingen" in message.body and "https://kennisbank.example/netwerk/mijn/" in message.body


# -- every combination of actions and targets ----------------------------------------------------------------

ACTIONS = [
    "registrations.cancel",
    "alerts.remove",
    "alerts.frequency",
    "register_numbers.remove",
    "register_numbers.add",
    "membership.save",
    "membership.leave",
    "address.change",
    "nothing.here",
    "",
]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=st.sampled_from(ACTIONS),
    target=st.one_of(st.sampled_from(["mine", "theirs"]), st.text(max_size=25)),
    value=st.text(max_size=60),
)
def test_no_action_with_any_target_or_value_errs_or_reaches_another_person(site, action, target, value):
    if not Registration.objects.filter(email="ali@example.org").exists():
        event = EventFactory(agenda=site.agenda)
        registration(event, "ali@example.org", name="Ali")
        registration(event, "sanne@example.org")
        Alert.objects.create(email="ali@example.org", query="thema=preventie", confirmed_at=timezone.now())
        RegisterNumber.objects.create(email="ali@example.org", register="nip", number="NIP-1")
    theirs = {
        "registrations": Registration.objects.get(email="ali@example.org").pk,
        "alerts": Alert.objects.get(email="ali@example.org").pk,
        "register_numbers": RegisterNumber.objects.get(email="ali@example.org").pk,
    }
    browser = session_for("sanne@example.org", site.network)  # the doors to a session are tested above
    holder = action.split(".")[0]
    ident = {"mine": "0", "theirs": str(theirs.get(holder, 0))}.get(target, target)
    data = {
        "action": action,
        "id": ident,
        "frequentie": value,
        "number": value,
        "register": "nip",
        "name": value,
        "organisation": value,
        "new_email": value,
    }
    answer = browser.post(MINE, data)
    assert answer.status_code in (200, 400, 404), answer.status_code
    assert "ali@example.org" not in answer.content.decode()
    assert Registration.objects.get(email="ali@example.org").status == "confirmed"
    assert Alert.objects.get(email="ali@example.org").frequency == "weekly"
    assert RegisterNumber.objects.get(email="ali@example.org").number == "NIP-1"
