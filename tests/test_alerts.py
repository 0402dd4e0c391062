"""Alerts on filtered views: follow any selection by e-mail (double opt-in), digests of what was first
published in the period and matches now, by the listing's own engine; unsubscribe in one click; limits;
personal data only for those allowed to see it."""

import re
from datetime import datetime, timedelta
from io import StringIO
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from entries.alerts import period_end, send_alerts
from entries.models import Alert, EntryPage, Thema
from entries.search.index import sync_entries
from home.models import OutgoingMail
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS
from tests.factories import EntryFactory, publish
from tests.helpers import assert_denied, soup

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Wednesday; the weekly period before it ends on Monday 2026-11-23 00:00, the monthly on 2026-11-01 00:00.
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=AMSTERDAM)


def follow(client, email="lezer@example.org", frequency="weekly", **params):
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


# -- digests -------------------------------------------------------------------------------


@pytest.fixture
def news(site):
    """Entries first published at known moments: before, within and after the last whole week."""
    moments = {
        "Oud, opnieuw gepubliceerd": NOW - timedelta(days=40),
        "Nieuw preventie hbo": NOW - timedelta(days=5),
        "Nieuw preventie wo": NOW - timedelta(days=4),
        "Nieuw transities": NOW - timedelta(days=3),
        "Deze week": NOW - timedelta(hours=20),
    }
    tags = {
        "Nieuw preventie hbo": {"thema": ["preventie"], "sector": ["hbo"]},
        "Nieuw preventie wo": {"thema": ["preventie"], "sector": ["wo"]},
        "Nieuw transities": {"thema": ["transities"]},
    }
    entries = {}
    for title, moment in moments.items():
        entries[title] = EntryFactory(index=site.index, title=title, **tags.get(title, {"thema": ["preventie"]}))
        published_at(entries[title], moment)
    return entries


def test_a_digest_lists_what_was_first_published_in_the_week_and_matches_now(site, news, on_commit):
    alert = confirmed_alert(query="thema=preventie")
    old = EntryPage.objects.get(pk=news["Oud, opnieuw gepubliceerd"].pk)  # as an editor opens it
    old.intro = "Bijgewerkt."
    publish(old)  # re-publication keeps its first publication: it does not come back
    with on_commit():
        assert send_alerts(NOW) == {"sent": 1, "empty": 0}
    message = digests()[-1]
    assert message.subject == "Nieuw in de kennisbank: Preventie"
    items = re.findall(r"^- (.+?) \(", message.body, re.M)
    assert items == ["Nieuw preventie wo", "Nieuw preventie hbo"]  # newest first; not this week's, not the old one
    assert "Van 26-10-2026 tot en met 22-11-2026 verschenen 2 nieuwe items" in message.body
    token = alert.token
    assert message.extra_headers["List-Unsubscribe"] == f"<{settings.PUBLIC_BASE_URL}/attendering/{token}/afmelden/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/kennisbank/volgen/{token}/afmelden/" in message.body and f"/kennisbank/volgen/{token}/\n" in message.body
    assert f"{settings.PUBLIC_BASE_URL}/kennisbank/?thema=preventie\n" in message.body
    alert.refresh_from_db()
    assert alert.covered_until == period_end("weekly", NOW)

    with on_commit():  # running it again (or later the same week) sends nothing twice
        assert send_alerts(NOW) == {"sent": 0, "empty": 0}
        assert send_alerts(NOW + timedelta(days=3)) == {"sent": 0, "empty": 0}
    assert len(digests()) == 1
    with on_commit():  # next week: only this week's entry
        send_alerts(NOW + timedelta(days=7))
    assert re.findall(r"^- (.+?) \(", digests()[-1].body, re.M) == ["Deze week"]


def test_retagging_an_old_entry_does_not_bring_it_back_and_nothing_new_sends_nothing(site, news, on_commit):
    confirmed_alert(query="thema=transities&sector=wo")
    old = EntryPage.objects.get(pk=news["Oud, opnieuw gepubliceerd"].pk)
    old.themes.set(Thema.objects.filter(slug="transities"))
    publish(old)
    with on_commit():
        assert send_alerts(NOW) == {"sent": 0, "empty": 1}
    assert digests() == []
    assert Alert.objects.get().covered_until == period_end("weekly", NOW)


def test_monthly_alerts_cover_whole_months_and_start_at_confirmation(site, news, on_commit):
    confirmed_alert(email="maand@example.org", frequency="monthly", since=NOW - timedelta(days=60))
    confirmed_alert(email="net@example.org", frequency="monthly", since=NOW - timedelta(days=10))
    with on_commit():
        assert send_alerts(NOW) == {"sent": 1, "empty": 0}  # confirmed this month: nothing yet
    assert [re.findall(r"^- (.+?) \(", m.body, re.M) for m in digests("maand@example.org")] == [
        ["Oud, opnieuw gepubliceerd"]
    ]
    with on_commit():
        send_alerts(datetime(2026, 12, 2, 7, 0, tzinfo=AMSTERDAM))
    assert len(re.findall(r"^- ", digests("net@example.org")[-1].body, re.M)) == 4


def test_a_failing_mail_server_delays_a_digest_without_losing_or_repeating_it(site, news, on_commit, monkeypatch):
    confirmed_alert(query="thema=preventie")

    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with on_commit():
        assert send_alerts(NOW)["sent"] == 1
    stored = OutgoingMail.objects.get(purpose__startswith="alert:")
    assert stored.status == "failed"
    with on_commit():
        assert send_alerts(NOW)["sent"] == 0  # not queued again
    monkeypatch.undo()
    call_command("send_pending_mail", stdout=StringIO())
    call_command("send_pending_mail", stdout=StringIO())
    assert len(digests()) == 1 and OutgoingMail.objects.get(pk=stored.pk).status == "sent"


def test_a_retired_term_never_widens_an_alert(site, news, on_commit):
    confirmed_alert(query="thema=transities")
    Thema.objects.filter(slug="transities").update(is_active=False)
    from entries.filters import clear_vocabulary_cache

    clear_vocabulary_cache()
    with on_commit():
        assert send_alerts(NOW) == {"sent": 0, "empty": 1}
    assert digests() == []


def test_the_command_reports_what_it_did(site, on_commit):
    """On the real clock: an entry from the last whole week reaches a weekly alert confirmed before it."""
    last_week = period_end("weekly", timezone.now()) - timedelta(days=2)
    published_at(EntryFactory(index=site.index, thema=["preventie"]), last_week)
    confirmed_alert(query="thema=preventie", since=last_week - timedelta(days=3))
    out = StringIO()
    with on_commit():
        call_command("send_alerts", stdout=out)
    assert "1 attenderingen verstuurd, 0 zonder nieuws." in out.getvalue()


def test_period_ends_follow_dutch_time():
    assert period_end("weekly", NOW) == datetime(2026, 11, 23, tzinfo=AMSTERDAM)
    assert period_end("monthly", NOW) == datetime(2026, 11, 1, tzinfo=AMSTERDAM)
    # Sunday 23:30 in Amsterdam (22:30 UTC): the week has not ended yet.
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=AMSTERDAM)
    assert period_end("weekly", sunday_night) == datetime(2026, 11, 23, tzinfo=AMSTERDAM)


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
    changed = client.post(url, {"action": "frequency", "alert": other.pk, "frequentie": "monthly"})
    assert "De frequentie is aangepast" in changed.content.decode()
    assert Alert.objects.get(pk=other.pk).frequency == "monthly"
    assert client.post(url, {"action": "remove", "alert": stranger.pk}).status_code == 400
    assert client.post(url, {"action": "remove", "alert": "1e9\x00"}).status_code == 400
    assert Alert.objects.filter(pk=stranger.pk).exists()
    client.post(url, {"action": "remove", "alert": other.pk})
    assert not Alert.objects.filter(pk=other.pk).exists()
    assert "Al je attenderingen zijn opgezegd" in client.post(url, {"action": "remove_all"}).content.decode()
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
