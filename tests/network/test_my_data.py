"""A person's data in their own hands on "Mijn netwerk": the download, erasure and a change of address."""

import json
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from entries.models import EntryPage
from entries.models.alerts import Alert
from entries.models.contribution import Contribution
from network.models import Member, RegisterNumber, Registration
from tests.factories import EntryFactory, EventFactory
from tests.helpers import contribution_form
from tests.network.test_my_network import MINE, page_text, registration, sign_in_link, signed_in

# -- the person's data: download, erase, change of address ---------------------------------------------------


def _everything(site, email):
    """One of every kind of record for `email`, and a neighbour's records beside them."""
    future = EventFactory(agenda=site.agenda, title="Komende bijeenkomst", capacity=1)
    past = EventFactory(agenda=site.agenda, title="Oude bijeenkomst", start=timezone.now() - timedelta(days=20))
    registration(future, email, diet="vegetarisch")
    waiting = registration(future, "buur@example.org", name="Buur", status="waitlisted")
    registration(past, email, remarks="Graag een ringleiding")
    registration(past, "buur@example.org", name="Buur")
    Member.objects.create(name="Sanne", email=email, organisation="UU", confirmed_at=timezone.now())
    Member.objects.create(name="Buur", email="buur@example.org", organisation="HU", confirmed_at=timezone.now())
    Alert.objects.create(email=email, query="thema=preventie", confirmed_at=timezone.now())
    Alert.objects.create(email="buur@example.org", query="thema=preventie", confirmed_at=timezone.now())
    RegisterNumber.objects.create(email=email, register="nip", number="NIP-00123456")
    Client().post("/kennisbank/delen/", contribution_form(email=email, title="Mijn buddyproject"))
    published = EntryFactory(index=site.index, title="Gepubliceerd item")
    return {"waiting": waiting, "published": published}


def test_the_download_holds_every_kind_of_record_and_the_summary_reads_the_same(site, on_commit):
    _everything(site, "sanne@example.org")
    browser = signed_in("sanne@example.org", on_commit)
    response = browser.get(f"{MINE}gegevens/?formaat=json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    parts = data["gegevens"]
    assert data["e-mailadres"] == "sanne@example.org"
    for key in ("registrations", "membership", "register_numbers", "alerts", "contributions", "mails", "sign_in"):
        assert parts[key]["records"], key
    assert {r["evenement"] for r in parts["registrations"]["records"]} == {"Komende bijeenkomst", "Oude bijeenkomst"}
    assert parts["register_numbers"]["records"][0]["nummer"] == "NIP-00123456"
    assert parts["contributions"]["records"][0]["titel"] == "Mijn buddyproject"
    assert "Buur" not in response.content.decode() and "buur@example.org" not in response.content.decode()
    summary = page_text(browser.get(f"{MINE}gegevens/"))
    for text in ("Komende bijeenkomst", "vegetarisch", "NIP-00123456", "Mijn buddyproject", "Bedankt voor je bijdrage"):
        assert text in summary, text


def test_erasing_cancels_anonymises_and_removes_and_leaves_others_untouched(site, on_commit, caplog):
    others = _everything(site, "sanne@example.org")
    published = others["published"]
    before = (published.title, published.live, published.latest_revision_id)
    browser = signed_in("sanne@example.org", on_commit)
    assert "Dit kan niet ongedaan worden gemaakt" in page_text(browser.get(f"{MINE}wissen/"))
    refused = browser.post(f"{MINE}wissen/")
    assert refused.status_code == 400 and Member.objects.filter(email="sanne@example.org").exists()
    caplog.set_level("INFO", logger="portal.personal")
    with on_commit():
        response = browser.post(f"{MINE}wissen/", {"bevestig": "ja"})
    assert "Je gegevens zijn gewist" in page_text(response)

    assert not Registration.objects.filter(email__iexact="sanne@example.org").exists()
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 2
    assert not Registration.objects.filter(remarks="Graag een ringleiding").exists()
    assert not Member.objects.filter(email="sanne@example.org").exists()
    assert not Alert.objects.filter(email="sanne@example.org").exists()
    assert not RegisterNumber.objects.exists()
    draft = EntryPage.objects.get(title="Mijn buddyproject")
    assert draft.contributor_email == "" and Contribution.objects.filter(entry=draft).exists()
    # The neighbour moved up and kept everything; the published entry is as it was.
    others["waiting"].refresh_from_db()
    assert others["waiting"].status == "confirmed"
    assert Registration.objects.filter(email="buur@example.org").count() == 2
    assert Member.objects.filter(email="buur@example.org").exists()
    assert Alert.objects.filter(email="buur@example.org").exists()
    published.refresh_from_db()
    assert (published.title, published.live, published.latest_revision_id) == before
    # One final mail to the person (no cancellation mail per event), the neighbour's promotion mail.
    to_sanne = [m.subject for m in mail.outbox if m.to == ["sanne@example.org"]]
    assert to_sanne == ["Je gegevens bij het netwerk zijn gewist"]
    assert any(m.to == ["buur@example.org"] for m in mail.outbox)
    # The session ended; the log says what was erased, never whose.
    assert "Stuur mij een inloglink" in page_text(browser.get(MINE))
    logged = " ".join(record.getMessage() for record in caplog.records if record.name == "portal.personal")
    assert "registrations=" in logged and "sanne" not in logged.lower()


def test_a_new_address_is_confirmed_there_and_then_every_record_moves(site, on_commit):
    event = EventFactory(agenda=site.agenda, title="Netwerkdag")
    both = EventFactory(agenda=site.agenda, title="Dubbel aangemeld")
    registration(event, "sanne@oud.nl")
    registration(both, "sanne@oud.nl")
    registration(both, "sanne@nieuw.nl")
    Member.objects.create(name="Sanne", email="sanne@oud.nl", organisation="UU", confirmed_at=timezone.now())
    Alert.objects.create(email="sanne@oud.nl", query="thema=preventie", confirmed_at=timezone.now())
    browser = signed_in("sanne@oud.nl", on_commit)
    same = browser.post(MINE, {"action": "address.change", "new_email": "SANNE@oud.nl"})
    assert same.status_code == 400 and "al je e-mailadres" in page_text(same)
    with on_commit():
        asked = browser.post(MINE, {"action": "address.change", "new_email": "Sanne@Nieuw.nl"})
    assert "We hebben een link gestuurd naar sanne@nieuw.nl" in page_text(asked)
    assert Registration.objects.filter(email="sanne@oud.nl").count() == 2  # nothing moves before confirmation
    [message] = mail.outbox
    assert message.to == ["sanne@nieuw.nl"]
    link = sign_in_link(message)
    assert "sanne@nieuw.nl" in page_text(browser.get(link))
    assert Member.objects.get().email == "sanne@oud.nl"  # a GET moves nothing
    mail.outbox.clear()
    with on_commit():
        response = browser.post(link)
    assert response.status_code == 303
    assert not Registration.objects.filter(email="sanne@oud.nl").exclude(status="cancelled").exists()
    active = Registration.objects.filter(email="sanne@nieuw.nl").exclude(status="cancelled")
    assert sorted(active.values_list("event__title", flat=True)) == ["Dubbel aangemeld", "Netwerkdag"]
    assert Member.objects.get().email == "sanne@nieuw.nl"
    assert Alert.objects.get().email == "sanne@nieuw.nl"
    assert [m.to for m in mail.outbox] == [["sanne@oud.nl"]]  # the old address hears of it
    assert "sanne@nieuw.nl" in page_text(browser.get(MINE))
    assert browser.post(link).status_code == 410
