"""A collection that stays fresh: entries not reviewed for two years are due; Eindredactie sees them on the
dashboard and in a list to filter, and gets the list by mail once a month; readers see the review date."""

from datetime import date, timedelta
from io import StringIO

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entries.models import EntryPage
from entries.upkeep.review import due_for_review, send_review_reminders
from home.permissions import EDITORS, MODERATORS
from tests.factories import EntryFactory, publish
from tests.helpers import assert_denied, soup


def people():
    moderator = User.objects.create_user("eva", "eva@uni.nl", "pw")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    editor = User.objects.create_user("rosa", "rosa@uni.nl", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return moderator, editor


def collection(site):
    today = timezone.localdate()
    fresh = EntryFactory(index=site.index, title="Vers", thema=["preventie"], last_reviewed=today - timedelta(days=30))
    stale = EntryFactory(index=site.index, title="Oud", thema=["preventie"], last_reviewed=today - timedelta(days=1000))
    never = EntryFactory(index=site.index, title="Nooit bekeken", thema=["transities"])
    EntryPage.objects.filter(pk=never.pk).update(first_published_at=timezone.now() - timedelta(days=900))
    draft = EntryFactory(index=site.index, title="Concept", live=False, last_reviewed=today - timedelta(days=2000))
    return fresh, stale, never, draft


def test_due_entries_on_the_dashboard_and_in_the_list(client, site):
    collection(site)
    assert [entry.title for entry in due_for_review()] == ["Oud", "Nooit bekeken"]  # oldest first, no drafts
    moderator, editor = people()
    client.force_login(moderator)
    panel = soup(client.get("/admin/")).select_one('[aria-labelledby="review-heading"]')
    assert "2 items zijn lang niet meer bekeken." in panel.get_text(" ", strip=True)
    rows = soup(client.get("/admin/kennisbank/te-beoordelen/?thema=transities")).select("tbody tr")
    assert [row.select_one("a").get_text() for row in rows] == ["Nooit bekeken"]
    client.force_login(editor)
    assert_denied(client.get("/admin/kennisbank/te-beoordelen/"))


def test_the_monthly_mail_goes_once_per_moderator_per_month(site, on_commit):
    collection(site)
    people()
    # The command runs on the real date, so the months are counted from it (a fixed date broke in December).
    today = timezone.localdate()
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    with on_commit():
        assert send_review_reminders(today) == 1
    assert send_review_reminders(today) == 0  # the same month: nothing twice
    call_command("send_review_reminders", stdout=StringIO())
    assert send_review_reminders(next_month) == 1
    bodies = [message for message in mail.outbox if message.to == ["eva@uni.nl"]]
    assert "Oud" in bodies[0].body and "Nooit bekeken" in bodies[0].body and "Vers" not in bodies[0].body


def test_readers_see_when_an_entry_was_last_reviewed(client, site):
    entry = EntryFactory(index=site.index)
    entry.last_reviewed = date(2026, 3, 2)
    publish(entry)
    facts = soup(client.get(entry.url)).select_one(".entry__facts").get_text(" ", strip=True)
    assert "Laatst beoordeeld 2 maart 2026" in facts
