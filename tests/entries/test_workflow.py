"""The editorial path through Wagtail's own admin views, and who may do what."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from entries.models import EntryPage, Soort, Thema
from tests.helpers import assert_denied, soup


def entry_form(**extra):
    return nested_form_data(
        {
            "title": "Nieuwe aanpak eenzaamheid",
            "slug": "nieuwe-aanpak-eenzaamheid",
            "intro": "Een korte samenvatting.",
            "body": streamfield([]),
            "entry_type": Soort.objects.get(slug="praktijkvoorbeeld").pk,
            "themes": [Thema.objects.get(slug="preventie").pk],
            "evidence_level": "niet-geevalueerd",
            "licence": "onbekend",
            "language": "nl",
            "country": "Nederland",
            "attachments": inline_formset([]),
            "related_entry_links": inline_formset([]),
            **extra,
        }
    )


def test_editor_cannot_publish_submits_and_moderator_approves(client, site, staff):
    client.force_login(staff["editor"])
    add_url = f"/admin/pages/add/entries/entrypage/{site.index.pk}/"
    form_page = client.get(add_url)
    assert form_page.status_code == 200
    assert 'name="action-publish"' not in form_page.content.decode()

    # A forged publish POST leaves the page a draft.
    client.post(add_url, {**entry_form(), "action-publish": "action-publish"})
    entry = EntryPage.objects.get(slug="nieuwe-aanpak-eenzaamheid")
    assert not entry.live

    response = client.post(f"/admin/pages/{entry.pk}/edit/", {**entry_form(), "action-submit": "1"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(entry.pk), status="in_progress")
    assert state.workflow.name == "Redactionele toets"
    assert client.get("/kennisbank/nieuwe-aanpak-eenzaamheid/").status_code == 404

    client.force_login(staff["moderator"])
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{entry.pk}/approve/{task_state.pk}/", {"comment": "Mooi stuk"}
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.live
    assert "Nieuwe aanpak eenzaamheid" in client.get("/kennisbank/").content.decode()


def test_rejection_with_a_comment_reaches_the_editor(client, site, staff):
    client.force_login(staff["editor"])
    client.post(f"/admin/pages/add/entries/entrypage/{site.index.pk}/", {**entry_form(), "action-submit": "1"})
    entry = EntryPage.objects.get(slug="nieuwe-aanpak-eenzaamheid")
    state = WorkflowState.objects.get(object_id=str(entry.pk), status="in_progress")
    mail.outbox.clear()
    client.force_login(staff["moderator"])
    client.post(
        f"/admin/pages/workflow/action/{entry.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Graag een bron toevoegen"},
    )
    entry.refresh_from_db()
    assert not entry.live
    to_editor = [message for message in mail.outbox if "redacteur@example.org" in message.to]
    assert to_editor, [message.to for message in mail.outbox]
    assert "Graag een bron toevoegen" in to_editor[0].body
    # The editor sees the comment at the top of the edit view, until the page is submitted again.
    client.force_login(staff["editor"])
    notice = soup(client.get(f"/admin/pages/{entry.pk}/edit/")).select_one(".messages")
    assert "Wijzigingen gevraagd door Eindredacteur" in notice.get_text(" ", strip=True)
    assert "Graag een bron toevoegen" in notice.get_text(" ", strip=True)
    WorkflowState.objects.get(object_id=str(entry.pk), status="needs_changes").resume(user=staff["editor"])
    again = soup(client.get(f"/admin/pages/{entry.pk}/edit/")).select_one(".messages")
    assert again is None or "Graag een bron toevoegen" not in again.get_text()


@pytest.mark.parametrize(
    ("who", "url", "allowed"),
    [
        ("editor", "/admin/network/registration/", False),
        ("editor", "/admin/network/member/", False),
        ("moderator", "/admin/network/registration/", False),
        ("manager", "/admin/network/registration/", True),
        ("manager", "/admin/network/member/", True),
        ("admin", "/admin/network/member/", True),
        ("moderator", "/admin/snippets/entries/thema/", True),
        ("editor", "/admin/snippets/entries/thema/add/", False),
    ],
)
def test_who_sees_personal_data_and_vocabularies(client, staff, who, url, allowed):
    client.force_login(staff[who])
    response = client.get(url)
    if allowed:
        assert response.status_code == 200
    else:
        assert_denied(response)


def test_moderator_dashboard_shows_coverage_and_queue(client, site, staff):
    client.force_login(staff["moderator"])
    html = client.get("/admin/").content.decode()
    assert "Dekking van de kennisbank" in html
    assert "Wacht op beoordeling" in html
    client.force_login(staff["editor"])
    assert "Dekking van de kennisbank" not in client.get("/admin/").content.decode()
