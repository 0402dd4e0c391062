"""Alerts on filtered views: follow any selection by e-mail (double opt-in), digests of what was first
published in the period and matches now, by the listing's own engine; unsubscribe in one click; limits;
personal data only for those allowed to see it."""

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from entries.models import Alert, EntryPage, Thema
from entries.search.index import sync_entries
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS
from tests.helpers import assert_denied, soup

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Wednesday; the weekly period before it ends on Monday 2026-11-23 00:00, the monthly on 2026-11-01 00:00.
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=AMSTERDAM)


def follow(client, email="lezer@example.org", frequency="wekelijks", **params):
    data = {"email": email, "frequentie": frequency, **params}
    return client.post("/kennisbank/volgen/", data)


def confirm_link(email):
    message = [m for m in mail.outbox if m.to == [email] and "Bevestig" in m.subject][-1]
    return re.search(r"https?://[^/\s]+(/kennisbank/volgen/[^/\s]+/)", message.body).group(1)


def published_at(entry, moment):
    EntryPage.objects.filter(pk=entry.pk).update(first_published_at=moment)
    sync_entries([entry.pk])


def confirmed_alert(email="lezer@example.org", query="", frequency="weekly", since=None):
    since = since or NOW - timedelta(days=30)
    return Alert.objects.create(
        email=email, query=query, frequency=frequency, confirmed_at=since, covered_until=since, created_at=since
    )


def digests(email="lezer@example.org"):
    return [m for m in mail.outbox if m.to == [email] and m.subject.startswith("Nieuw in de kennisbank")]


# -- following: double opt-in ------------------------------------------------------------


def test_a_reader_follows_a_selection_and_confirms_it(client, site, on_commit):
    page = client.get("/kennisbank/volgen/?thema=preventie&sector=hbo&q=eenzaamheid&sorteer=titel&pagina=2")
    assert page.status_code == 200
    assert soup(page).select_one("[data-alert-description]").get_text() == "Preventie · hbo · 'eenzaamheid'"
    assert 'href="/kennisbank/?thema=preventie&amp;sector=hbo&amp;q=eenzaamheid"' in page.content.decode()
    listing = soup(client.get("/kennisbank/?thema=preventie&q=eenzaamheid")).select_one("[data-follow-link]")
    assert listing["href"] == "/kennisbank/volgen/?thema=preventie&q=eenzaamheid"

    with on_commit():
        answer = follow(client, thema="preventie", sector="hbo", q="eenzaamheid")
    assert "Kijk in je mail" in answer.content.decode()
    alert = Alert.objects.get()
    assert (alert.query, alert.confirmed_at) == ("thema=preventie&sector=hbo&q=eenzaamheid", None)
    message = mail.outbox[-1]
    assert "Preventie · hbo · 'eenzaamheid'" in message.body and "7 dagen" in message.body

    link = confirm_link("lezer@example.org")
    shown = client.get(link)  # a mail scanner following the link confirms nothing
    assert shown["X-Robots-Tag"] == "noindex" and "no-store" in shown["Cache-Control"]
    assert "Bevestig je attendering" in shown.content.decode()
    assert Alert.objects.get().confirmed_at is None
    done = client.post(link)
    assert "Je attendering is bevestigd" in done.content.decode()
    assert "Preventie · hbo · 'eenzaamheid'" in soup(done).get_text()
    alert.refresh_from_db()
    assert alert.confirmed_at is not None and alert.covered_until == alert.confirmed_at


def test_the_answer_discloses_nothing_and_no_mail_is_sent_twice_within_the_hour(client, site, on_commit):
    confirmed_alert(query="thema=preventie")
    with on_commit():
        known = follow(client, thema="preventie")
        unknown = follow(client, email="nieuw@example.org", thema="preventie")
        again = follow(client, email="nieuw@example.org", thema="preventie")
    assert known.content == unknown.content == again.content
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]  # none for a confirmed one, one within the hour
    assert Alert.objects.filter(email="nieuw@example.org").count() == 1


def test_a_plain_post_to_the_address_of_a_selection_follows_it_weekly(client, site, on_commit):
    """DESIGN's door: POST /kennisbank/volgen/ with the current selection (here in the address) and an address."""
    with on_commit():
        response = client.post("/kennisbank/volgen/?thema=preventie&q=slaap&sorteer=titel", {"email": "a@example.org"})
    assert "Kijk in je mail" in response.content.decode()
    alert = Alert.objects.get()
    assert (alert.query, alert.frequency) == ("thema=preventie&q=slaap", "weekly")


def test_one_alert_per_address_and_selection_and_asking_again_gives_a_fresh_week(client, site, on_commit):
    from django.db import IntegrityError, transaction

    stale = Alert.objects.create(
        email="Lezer@Example.org", query="thema=preventie", created_at=timezone.now() - timedelta(days=6)
    )
    with on_commit():
        follow(client, email="lezer@example.org", frequency="maandelijks", thema="preventie")
    stale.refresh_from_db()
    assert Alert.objects.count() == 1 and stale.frequency == "monthly"
    assert stale.created_at > timezone.now() - timedelta(minutes=1)  # the new link works for another week
    with pytest.raises(IntegrityError), transaction.atomic():  # two requests at once cannot make a second one
        Alert.objects.create(email="LEZER@example.org", query="thema=preventie")


def test_bad_input_gets_form_errors_and_hostile_values_are_dropped(client, site):
    response = follow(client, email="geen-adres", frequency="dagelijks", thema="preventie")
    assert response.status_code == 400
    text = soup(response).select_one("[data-error-summary]").get_text(" ", strip=True)
    assert "Je e-mailadres" in text and "Hoe vaak?" in text
    assert 'value="preventie"' in response.content.decode()  # the selection is kept
    odd = follow(client, thema=["preventie\x00", "bestaat-niet"], q="slaap\x00<script>")
    assert odd.status_code == 200
    assert Alert.objects.get().query == "q=slaap+script"
    assert client.put("/kennisbank/volgen/").status_code == 405


def test_abuse_limits_rate_honeypot_and_addresses(client, site, settings):
    settings.ALERT_RATE_LIMIT = 3
    assert follow(client, website_confirm="http://spam.example").status_code == 200
    assert not Alert.objects.exists()  # the honeypot: the same answer, nothing stored
    follow(client, thema="preventie")
    follow(client, thema="transities")
    refused = follow(client, thema="slaap")
    assert refused.status_code == 429 and "later" in refused.content.decode()
    assert Alert.objects.count() == 2

    settings.ALERT_RATE_LIMIT = 100
    settings.ALERTS_PENDING_PER_ADDRESS = 3
    for slug in ["slaap", "eenzaamheid", "stress-prestatiedruk"]:
        follow(Client(REMOTE_ADDR="10.0.0.9"), onderwerp=slug)
    assert Alert.objects.filter(email="lezer@example.org").count() == 3  # no more unconfirmed than that


# -- unsubscribing and managing ---------------------------------------------------------------


def test_unsubscribe_from_the_mail_and_one_click_from_a_mail_program(site):
    first = confirmed_alert(query="thema=preventie")
    second = confirmed_alert(query="thema=transities")
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/kennisbank/volgen/{first.token}/afmelden/")
    assert "Preventie" in page.content.decode() and Alert.objects.count() == 2  # a GET removes nothing
    csrf = soup(page).select_one("[name=csrfmiddlewaretoken]")["value"]
    gone = client.post(f"/kennisbank/volgen/{first.token}/afmelden/", {"csrfmiddlewaretoken": csrf})
    assert "Je bent afgemeld" in gone.content.decode()
    assert f"/kennisbank/volgen/{second.token}/" in gone.content.decode()  # the other alerts: still manageable
    assert list(Alert.objects.all()) == [second]

    one_click = client.post(f"/attendering/{second.token}/afmelden/", {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and not Alert.objects.exists()  # no CSRF token needed, RFC 8058
    assert client.get(f"/attendering/{second.token}/afmelden/")["Location"].endswith(
        f"/kennisbank/volgen/{second.token}/afmelden/"
    )
    assert client.get(f"/kennisbank/volgen/{second.token}/").status_code == 404


def test_the_manage_page_changes_frequency_removes_one_or_all_and_only_the_own(client, site):
    mine = confirmed_alert(query="thema=preventie")
    other = confirmed_alert(query="onderwerp=slaap")
    stranger = confirmed_alert(email="ander@example.org", query="thema=preventie")
    url = f"/kennisbank/volgen/{mine.token}/"
    page = soup(client.get(url))
    assert "lezer@example.org" in page.get_text() and "ander@example.org" not in page.get_text()
    assert [h.get_text() for h in page.select(".alert-list__title")] == ["Preventie", "Slaap"]
    # The page's actions in their roles: remove all is the one destructive, secondary button.
    assert [b.get_text(strip=True) for b in page.select("button.button-danger-secondary")] == [
        "Zeg al mijn attenderingen op en wis mijn adres"
    ]
    assert not page.select("button.button-danger")
    changed = client.post(url, {"action": "frequency", "alert": other.pk, "frequentie": "maandelijks"})
    assert "De frequentie is aangepast" in changed.content.decode()
    assert soup(changed).select_one(".notice.notice--success[role=status]") is not None
    assert Alert.objects.get(pk=other.pk).frequency == "monthly"
    assert client.post(url, {"action": "remove", "alert": stranger.pk}).status_code == 400
    assert client.post(url, {"action": "remove", "alert": "1e9\x00"}).status_code == 400
    assert Alert.objects.filter(pk=stranger.pk).exists()
    client.post(url, {"action": "remove", "alert": other.pk})
    assert not Alert.objects.filter(pk=other.pk).exists()
    # Removing everything asks first (the address is erased); only the confirmation removes.
    question = soup(client.post(url, {"action": "remove_all"}))
    assert "Al je attenderingen opzeggen?" in question.get_text()
    assert question.select_one("button.button-danger").get_text(strip=True) == "Ja, zeg alles op en wis mijn adres"
    assert Alert.objects.filter(pk=mine.pk).exists()
    done = client.post(url, {"action": "remove_all", "confirmed": "ja"})
    assert "Al je attenderingen zijn opgezegd" in done.content.decode()
    assert list(Alert.objects.all()) == [stranger]


def test_unconfirmed_alerts_expire_and_are_purged_after_seven_days(client, site):
    old = Alert.objects.create(email="a@example.org", created_at=timezone.now() - timedelta(days=8))
    fresh = Alert.objects.create(email="b@example.org", created_at=timezone.now() - timedelta(days=6))
    confirmed = confirmed_alert(since=timezone.now() - timedelta(days=100))
    assert client.post(f"/kennisbank/volgen/{old.token}/").status_code == 404
    call_command("purge_personal_data", stdout=StringIO())
    assert set(Alert.objects.all()) == {fresh, confirmed}


# -- who sees what ---------------------------------------------------------------------------


def person(name, group):
    user = User.objects.create_user(name, f"{name}@uni.nl", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_only_network_managers_see_subscriber_addresses(client, site):
    confirmed_alert(query="thema=preventie")
    confirmed_alert(email="ander@example.org", query="thema=preventie", frequency="monthly")
    Alert.objects.create(email="wacht@example.org")
    client.force_login(person("noor", NETWORK_MANAGERS))
    page = client.get("/admin/kennisbank/attenderingen/")
    text = soup(page).get_text(" ", strip=True)
    assert "lezer@example.org" in text and "wacht@example.org" in text
    assert soup(page).select_one('[data-count="confirmed"]').get_text() == "2"
    for odd in ("x\x00", "9" * 30, ""):  # nothing of ours: nothing removed, no error
        assert client.post("/admin/kennisbank/attenderingen/", {"remove": odd}).status_code == 302
    assert Alert.objects.count() == 3
    export = client.get("/admin/kennisbank/attenderingen/?export=csv").content.decode("utf-8-sig")
    assert "ander@example.org" in export and "Preventie" in export

    for user in (person("eva", MODERATORS), person("rosa", EDITORS)):
        client.force_login(user)
        page = client.get("/admin/kennisbank/attenderingen/")
        text = soup(page).get_text(" ", strip=True)
        assert "@example.org" not in text
        assert soup(page).select_one('[data-count="unconfirmed"]').get_text() == "1"
        assert "Preventie 2" in text  # the most followed selection, counted
        assert "@example.org" not in client.get("/admin/kennisbank/attenderingen/?export=csv").content.decode()
        assert_denied(client.post("/admin/kennisbank/attenderingen/", {"remove": Alert.objects.first().pk}))
    assert Alert.objects.count() == 3


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 65, "..%2F..", "%C3%A9"])
def test_odd_tokens_are_a_404_on_every_alert_address(client, site, token):
    """Regression (found by the hostile-input test on PostgreSQL): a NUL byte in the one-click address reached
    the database and answered 500."""
    for path in (
        f"/attendering/{token}/afmelden/",
        f"/kennisbank/volgen/{token}/",
        f"/kennisbank/volgen/{token}/afmelden/",
    ):
        for method in (client.get, client.post):
            assert method(path).status_code == 404, path


def test_a_selection_too_large_to_store_is_a_form_error(client, site):
    """Every term of every facet and a long search: more than the stored selection holds (2,000 characters)."""
    from entries.listing.filters import clear_vocabulary_cache, vocabulary_terms

    everything = {facet: [slug for slug, _name, _pk in terms] for facet, terms in vocabulary_terms().items()}
    for n in range(40):
        Thema.objects.create(name=f"Een thema met een lange naam {n}", slug=f"een-thema-met-een-lange-naam-{n}")
        everything["thema"].append(f"een-thema-met-een-lange-naam-{n}")
    clear_vocabulary_cache()
    response = follow(client, q="studenten " * 20, **everything)
    assert response.status_code == 400 and "te uitgebreid" in response.content.decode()
    assert not Alert.objects.exists()
