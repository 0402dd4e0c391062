"""The admin says what happened, in one vocabulary: "wijzigingen gevraagd" in Wagtail's own strings and mails,
outcome messages after every workflow action (at both doors), times in Dutch, each waiting page once."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import WorkflowState

from entries.models import EntryPage
from tests.entries.test_workflow import entry_form
from tests.helpers import soup

OVERRIDES = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries(po_text):
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po_text, flags=re.M)
    return [(msgid.replace('\\"', '"'), msgstr.replace('\\"', '"')) for msgid, msgstr in pairs]


def test_every_override_is_compiled_and_wins_over_wagtails_own():
    entries = _entries(OVERRIDES.read_text())
    assert len(entries) >= 10
    with translation.override("nl"):
        for msgid, msgstr in entries:
            assert translation.gettext(msgid) == msgstr, f"{msgid!r}: run msgfmt (see the .po header)"


def _submitted(client, site, staff, **extra):
    client.force_login(staff["editor"])
    client.post(f"/admin/pages/add/entries/entrypage/{site.index.pk}/", {**entry_form(**extra), "action-submit": "1"})
    entry = EntryPage.objects.get(slug="nieuwe-aanpak-eenzaamheid")
    return entry, WorkflowState.objects.get(object_id=str(entry.pk), status="in_progress")


def _messages(response):
    return [str(message.message) for message in response.context["messages"]]


def test_sending_back_from_the_editor_says_to_whom_and_mails_in_the_same_words(client, site, staff):
    entry, _state = _submitted(client, site, staff)
    mail.outbox.clear()
    client.force_login(staff["moderator"])
    response = client.post(
        f"/admin/pages/{entry.pk}/edit/",
        {
            **entry_form(),
            "action-workflow-action": "true",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": "Graag een bron toevoegen"}),
        },
        follow=True,
    )
    said = _messages(response)
    assert "Teruggestuurd naar Redacteur met je opmerking: ‘Nieuwe aanpak eenzaamheid’." in said
    assert not any("gewijzigd" in text for text in said), said
    [to_editor] = [message for message in mail.outbox if message.to == ["redacteur@example.org"]]
    assert "wijzigingen gevraagd" in to_editor.subject.lower()
    assert "afgekeurd" not in (to_editor.subject + to_editor.body).lower()
    assert "Eindredacteur heeft wijzigingen gevraagd" in to_editor.body

    # The editor's status panel says it in Dutch, with a Dutch time.
    client.force_login(staff["editor"])
    response = client.get(f"/admin/pages/{entry.pk}/edit/")
    headings = re.findall(r'w-dialog__message-heading">([^<]*)<', response.content.decode())
    # Wagtail says "nu" within the first second and "een seconde geleden" after it: both are Dutch.
    dutch_moment = re.compile(r"^Wijzigingen gevraagd (nu|een seconde geleden|\d+ seconden geleden)\b")
    assert any(dutch_moment.match(heading) for heading in headings), headings
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "Wijzigingsverzoek" not in text
    assert not re.search(r"\b(now|ago|seconds?|minutes?)\b", text), re.findall(r".{30}\b(?:now|ago)\b.{10}", text)


def test_sending_back_without_a_comment_from_the_action_view(client, site, staff):
    entry, state = _submitted(client, site, staff)
    client.force_login(staff["moderator"])
    response = client.post(
        f"/admin/pages/workflow/action/{entry.pk}/reject/{state.current_task_state.pk}/", {"comment": ""}, follow=True
    )
    assert "Teruggestuurd naar Redacteur: ‘Nieuwe aanpak eenzaamheid’." in _messages(response)


def test_approving_says_published_or_scheduled_with_the_date(client, site, staff):
    entry, state = _submitted(client, site, staff)
    client.force_login(staff["moderator"])
    response = client.post(
        f"/admin/pages/workflow/action/{entry.pk}/approve/{state.current_task_state.pk}/", {"comment": ""}, follow=True
    )
    assert "Gepubliceerd: ‘Nieuwe aanpak eenzaamheid’ staat online." in _messages(response)

    entry.delete()
    go_live = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    entry, _state = _submitted(client, site, staff, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    client.force_login(staff["moderator"])
    response = client.post(
        f"/admin/pages/{entry.pk}/edit/",
        {
            **entry_form(go_live_at=go_live.strftime("%Y-%m-%d %H:%M")),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        },
        follow=True,
    )
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    when = f"{go_live.day} {months[go_live.month - 1]} {go_live.year} 10:00"
    assert f"Ingepland voor {when}: ‘Nieuwe aanpak eenzaamheid’ gaat dan online." in _messages(response)
    entry.refresh_from_db()
    assert not entry.live


def test_a_stranger_cannot_reach_the_action_view(client, site, staff):
    entry, state = _submitted(client, site, staff)
    client.logout()
    url = f"/admin/pages/workflow/action/{entry.pk}/approve/{state.current_task_state.pk}/"
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(staff["editor"])  # an editor may not approve, not even by a hand-made POST
    assert client.post(url, {"comment": ""}).status_code in (302, 403)
    entry.refresh_from_db()
    assert not entry.live


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_the_dashboard_lists_each_waiting_page_once(client, site, staff, who):
    entry, _state = _submitted(client, site, staff)
    client.force_login(staff[who])
    page = soup(client.get("/admin/"))
    links = [
        a
        for a in page.select("main a")
        if not a.find_parent(class_="messages") and a.get("href") == f"/admin/pages/{entry.pk}/edit/"
    ]
    assert len(links) == 1, [a.find_parent("section") for a in links]
