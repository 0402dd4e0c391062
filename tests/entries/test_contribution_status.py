"""Contributors hear back: a status page behind a token (ontvangen → in behandeling → gepubliceerd / niet
geplaatst) and an e-mail at every decision, with the moderator's comment; through the real admin views."""

import re

from django.contrib.auth.models import User
from django.core import mail
from wagtail.models import WorkflowState

from entries.models import Contribution, EntryPage
from tests.entries.test_contribution import form_data, post  # noqa: F401 - the fixture
from tests.helpers import soup

STATUS_LINK = re.compile(r"https://kennisbank\.example(/kennisbank/delen/status/[^/\s]+/)")


def status_of(client, url):
    page = soup(client.get(url))
    return page.select_one("[role=status]").get_text(" ", strip=True)


def moderator_client(client):
    client.force_login(User.objects.get(username="eindredacteur"))
    return client


def submitted(client, on_commit, data):
    post(client, on_commit, data)
    to_contributor = next(m for m in mail.outbox if m.to == ["fatima@example.org"])
    url = STATUS_LINK.search(to_contributor.body).group(1)
    mail.outbox.clear()
    client.logout()
    return EntryPage.objects.get(), url


def test_received_sent_back_with_a_comment_then_published(client, site, form_data, on_commit):  # noqa: F811
    entry, url = submitted(client, on_commit, form_data)
    assert status_of(client, url) == "Nu: ontvangen"
    response = client.get(url)
    assert "no-cache" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"

    state = WorkflowState.objects.get(object_id=str(entry.pk), status="in_progress")
    with on_commit():
        moderator_client(client).post(
            f"/admin/pages/workflow/action/{entry.pk}/reject/{state.current_task_state.pk}/",
            {"comment": "We voegen een bron toe."},
        )
    (message,) = mail.outbox
    assert message.to == ["fatima@example.org"] and "We voegen een bron toe." in message.body
    client.logout()
    assert status_of(client, url) == "Nu: in behandeling"
    assert "We voegen een bron toe." in client.get(url).content.decode()

    mail.outbox.clear()
    with on_commit():
        entry.refresh_from_db()
        entry.save_revision().publish()
    assert [m.to for m in mail.outbox] == [["fatima@example.org"]]
    assert status_of(client, url).startswith("Nu: gepubliceerd")
    steps = soup(client.get(url)).select(".status-steps__step--reached")
    assert [step.get_text(" ", strip=True).split(": ")[-1] for step in steps] == [
        "ontvangen",
        "in behandeling",
        "gepubliceerd",
    ]


def test_a_deleted_contribution_is_declined_and_said_so(client, site, form_data, on_commit):  # noqa: F811
    entry, url = submitted(client, on_commit, form_data)
    client.force_login(User.objects.create_superuser("beheer", "b@uni.nl", "pw"))
    with on_commit():
        assert client.post(f"/admin/pages/{entry.pk}/delete/").status_code == 302
    (message,) = mail.outbox
    assert message.to == ["fatima@example.org"] and "niet geplaatst" in message.subject
    client.logout()
    assert status_of(client, url).startswith("Niet geplaatst.")
    assert Contribution.objects.get().entry is None  # the record stays, without the page or personal data


def test_an_unknown_token_is_a_404(client, site):
    assert client.get("/kennisbank/delen/status/onzin/").status_code == 404


def test_a_scheduled_publication_mails_only_once_online(client, site, form_data, on_commit):  # noqa: F811
    """Regression: approving a publication with a future go-live date mailed "Je bijdrage staat online" with a
    link that was a 404 until then, said "gepubliceerd", and erased the contributor's address at once."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from entries.contributions import purge_contributors

    entry, url = submitted(client, on_commit, form_data)
    entry.refresh_from_db()
    entry.go_live_at = timezone.now() + timedelta(days=3)
    state = WorkflowState.objects.get(object_id=str(entry.pk), status="in_progress")
    with on_commit():
        entry.save_revision()
        moderator_client(client).post(
            f"/admin/pages/workflow/action/{entry.pk}/approve/{state.current_task_state.pk}/", {"comment": ""}
        )
    entry.refresh_from_db()
    assert not entry.live
    assert not [m for m in mail.outbox if m.to == ["fatima@example.org"] and "online" in m.subject]
    client.logout()
    assert status_of(client, url).startswith("Nu: ingepland voor")
    purge_contributors(timezone.now() + timedelta(days=400), 90)  # the retention job keeps the address meanwhile
    assert EntryPage.objects.get(pk=entry.pk).contributor_email == "fatima@example.org"
    # Three days pass: the go-live moment is now behind us.
    from wagtail.models import Revision

    past = timezone.now() - timedelta(minutes=1)
    EntryPage.objects.filter(pk=entry.pk).update(go_live_at=past)
    for revision in Revision.objects.filter(object_id=str(entry.pk)).exclude(approved_go_live_at=None):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    with on_commit():
        call_command("publish_scheduled")
    online = [m for m in mail.outbox if m.to == ["fatima@example.org"] and "online" in m.subject]
    assert len(online) == 1 and EntryPage.objects.get(pk=entry.pk).url in online[0].body
    assert status_of(client, url).startswith("Nu: gepubliceerd")
    assert EntryPage.objects.get(pk=entry.pk).contributor_email == ""
    assert Contribution.objects.get(entry=entry).status == "published"
