"""Alert digests: what was first published in the last whole week or month and matches the selection now, by
the listing's own engine; sent once (idempotent), retried by the outbox, never widened by a retired term."""

import re
from datetime import datetime, timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from entries.alerts import period_end, send_alerts
from entries.models import Alert, EntryPage, Thema
from home.models import OutgoingMail
from tests.entries.test_alerts import AMSTERDAM, NOW, confirmed_alert, digests, published_at
from tests.factories import EntryFactory, publish

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
        assert send_alerts(site.index, NOW) == {"sent": 1, "empty": 0}
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
        assert send_alerts(site.index, NOW) == {"sent": 0, "empty": 0}
        assert send_alerts(site.index, NOW + timedelta(days=3)) == {"sent": 0, "empty": 0}
    assert len(digests()) == 1
    with on_commit():  # next week: only this week's entry
        send_alerts(site.index, NOW + timedelta(days=7))
    assert re.findall(r"^- (.+?) \(", digests()[-1].body, re.M) == ["Deze week"]


def test_retagging_an_old_entry_does_not_bring_it_back_and_nothing_new_sends_nothing(site, news, on_commit):
    confirmed_alert(query="thema=transities&sector=wo")
    old = EntryPage.objects.get(pk=news["Oud, opnieuw gepubliceerd"].pk)
    old.themes.set(Thema.objects.filter(slug="transities"))
    publish(old)
    with on_commit():
        assert send_alerts(site.index, NOW) == {"sent": 0, "empty": 1}
    assert digests() == []
    assert Alert.objects.get().covered_until == period_end("weekly", NOW)


def test_monthly_alerts_cover_whole_months_and_start_at_confirmation(site, news, on_commit):
    confirmed_alert(email="maand@example.org", frequency="monthly", since=NOW - timedelta(days=60))
    confirmed_alert(email="net@example.org", frequency="monthly", since=NOW - timedelta(days=10))
    with on_commit():
        assert send_alerts(site.index, NOW) == {"sent": 1, "empty": 0}  # confirmed this month: nothing yet
    assert [re.findall(r"^- (.+?) \(", m.body, re.M) for m in digests("maand@example.org")] == [
        ["Oud, opnieuw gepubliceerd"]
    ]
    with on_commit():
        send_alerts(site.index, datetime(2026, 12, 2, 7, 0, tzinfo=AMSTERDAM))
    assert len(re.findall(r"^- ", digests("net@example.org")[-1].body, re.M)) == 4


def test_a_failing_mail_server_delays_a_digest_without_losing_or_repeating_it(site, news, on_commit, monkeypatch):
    confirmed_alert(query="thema=preventie")

    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with on_commit():
        assert send_alerts(site.index, NOW)["sent"] == 1
    stored = OutgoingMail.objects.get(purpose__startswith="alert:")
    assert stored.status == "failed"
    with on_commit():
        assert send_alerts(site.index, NOW)["sent"] == 0  # not queued again
    monkeypatch.undo()
    call_command("send_pending_mail", stdout=StringIO())
    call_command("send_pending_mail", stdout=StringIO())
    assert len(digests()) == 1 and OutgoingMail.objects.get(pk=stored.pk).status == "sent"


def test_a_retired_term_never_widens_an_alert(site, news, on_commit):
    confirmed_alert(query="thema=transities")
    Thema.objects.filter(slug="transities").update(is_active=False)
    from entries.listing.filters import clear_vocabulary_cache

    clear_vocabulary_cache()
    with on_commit():
        assert send_alerts(site.index, NOW) == {"sent": 0, "empty": 1}
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


# -- the digest is the listing, restricted to a period: every facet and the text together ------------------

CHOICES = {
    "thema": ["preventie", "transities", "vroegsignalering"],
    "onderwerp": ["slaap", "eenzaamheid"],
    "soort": ["onderzoek", "tool"],
    "sector": ["hbo", "wo"],
    "uitgangspunt": ["inclusief-studieklimaat"],
    "onderbouwing": ["erkend", "niet-geevalueerd"],
    "q": ["slaap", "student", "tool"],
}


@pytest.fixture
def corpus(site):
    """Sixteen entries with mixed tags, titles and first publications over ten weeks."""
    entries = []
    for n in range(16):
        entry = EntryFactory(
            index=site.index,
            title=["Slaap bij studenten", "Een tool tegen eenzaamheid", "Studentenwelzijn", "Monitor"][n % 4] + f" {n}",
            soort=CHOICES["soort"][n % 2],
            thema=CHOICES["thema"][: 1 + n % 3],
            onderwerp=CHOICES["onderwerp"][n % 2 : 1 + n % 3],
            sector=CHOICES["sector"][n % 2 :],
            uitgangspunt=CHOICES["uitgangspunt"] if n % 5 == 0 else [],
            evidence_level=CHOICES["onderbouwing"][n % 2],
        )
        published_at(entry, NOW - timedelta(days=4 * n + 1, hours=n))
        entries.append(entry)
    return entries


@settings_(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    choice=st.fixed_dictionaries(
        {facet: st.lists(st.sampled_from(values), unique=True) for facet, values in CHOICES.items()}
    ),
    weeks=st.tuples(st.integers(0, 10), st.integers(0, 10)),
)
def test_a_digest_holds_exactly_the_listings_entries_first_published_in_its_period(site, corpus, choice, weeks):
    from django.utils.datastructures import MultiValueDict

    from entries.listing.filters import Listing

    data = MultiValueDict({facet: values for facet, values in choice.items() if facet != "q"})
    data["q"] = " ".join(choice["q"][:1])
    start, end = (NOW - timedelta(weeks=max(weeks)), NOW - timedelta(weeks=min(weeks)))
    listing = Listing(data)
    published = dict(EntryPage.objects.values_list("pk", "first_published_at"))
    expected = sorted(
        (pk for pk in listing.all_ids() if start <= published[pk] < end), key=lambda pk: published[pk], reverse=True
    )
    count, entries = listing.published_between(start, end, limit=50)
    assert count == len(expected)
    assert [entry.pk for entry in entries] == expected
