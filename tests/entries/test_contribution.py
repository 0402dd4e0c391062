import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from wagtail.models import WorkflowState

from entries.models import EntryPage, Onderwerp, Soort, Thema
from home.permissions import MODERATORS

FORM = {
    "title": "Buddyproject voor internationale studenten",
    "intro": "Nederlandse en internationale studenten vormen duo's.",
    "description": "Duo's spreken elke maand af.\n\nHet project loopt sinds 2022.",
    "organisation_name": "Hogeschool Zuyd",
    "organisation_website": "https://www.zuyd.nl",
    "external_url": "https://www.zuyd.nl/buddy",
    "name": "Fatima el Amrani",
    "email": "fatima@example.org",
    "consent": "on",
}


@pytest.fixture
def form_data(site):
    moderator = User.objects.create_user("eindredacteur", "eind@example.org", "pw")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    return {
        **FORM,
        "entry_type": Soort.objects.get(slug="initiatief").pk,
        "themes": [Thema.objects.get(slug="transities").pk],
        "topics": [Onderwerp.objects.get(slug="sociale-binding").pk],
    }


def post(client, on_commit, data, **extra):
    with on_commit():
        return client.post("/kennisbank/delen/", data, **extra)


def test_valid_contribution_becomes_one_draft_in_moderation(client, site, form_data, on_commit):
    response = post(client, on_commit, form_data)
    assert response.status_code == 200
    assert "Bedankt voor je bijdrage" in response.content.decode()
    entry = EntryPage.objects.get()
    assert not entry.live
    assert entry.contributor_email == "fatima@example.org"
    assert list(entry.topics.values_list("slug", flat=True)) == ["sociale-binding"]
    assert WorkflowState.objects.filter(object_id=str(entry.pk), status="in_progress").count() == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "eind@example.org" in recipients and "fatima@example.org" in recipients
    to_moderator = next(m for m in mail.outbox if "eind@example.org" in m.to)
    assert f"/admin/pages/{entry.pk}/edit/" in to_moderator.body
    assert "Buddyproject" not in client.get("/kennisbank/").content.decode()


def test_invalid_contribution_shows_errors_keeps_input_and_creates_nothing(client, site, form_data, on_commit):
    response = post(client, on_commit, {**form_data, "email": "fout", "title": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Voer een geldig e-mailadres in" in html
    assert "Dit is een verplicht veld." in html
    assert 'value="Fatima el Amrani"' in html
    assert not EntryPage.objects.exists()
    assert mail.outbox == []


def test_too_long_fields_are_refused(client, site, form_data, on_commit):
    response = post(client, on_commit, {**form_data, "title": "x" * 201})
    assert response.status_code == 400
    assert not EntryPage.objects.exists()


def test_honeypot_refuses_silently(client, site, form_data, on_commit):
    response = post(client, on_commit, {**form_data, "website_confirm": "http://spam.example"})
    assert response.status_code == 200
    assert not EntryPage.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_address(client, site, form_data, on_commit, settings):
    settings.CONTRIBUTION_RATE_LIMIT = 2
    for n in range(2):
        post(client, on_commit, {**form_data, "title": f"Bijdrage {n}"})
    response = post(client, on_commit, {**form_data, "title": "Bijdrage 3"})
    assert response.status_code == 429
    assert EntryPage.objects.count() == 2
    other = post(client, on_commit, {**form_data, "title": "Van elders"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
    assert EntryPage.objects.count() == 3


def test_csrf_is_required(site, form_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/kennisbank/delen/", form_data).status_code == 403
    assert not EntryPage.objects.exists()


def test_script_is_escaped_in_admin_and_on_the_published_page(client, site, form_data, on_commit):
    evil = '<script>alert("x")</script><b>vet</b>'
    post(client, on_commit, {**form_data, "title": f"Titel {evil}", "intro": evil, "description": evil})
    entry = EntryPage.objects.get()
    admin = User.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    listing = client.get(f"/admin/pages/{site.index.pk}/").content.decode()
    assert '<script>alert("x")</script>' not in listing
    entry.save_revision().publish()
    client.logout()
    page = client.get(entry.url).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_personal_data_is_gone_after_publication(client, site, form_data, on_commit):
    post(client, on_commit, form_data)
    entry = EntryPage.objects.get()
    mail.outbox.clear()
    with on_commit():
        entry.get_latest_revision().publish()
    entry.refresh_from_db()
    assert (entry.contributor_name, entry.contributor_email) == ("", "")
    for revision in entry.revisions.all():
        assert "fatima@example.org" not in str(revision.content)
    assert [m.to for m in mail.outbox] == [["fatima@example.org"]]
    assert entry.url.rstrip("/").split("/")[-1] in mail.outbox[0].body
