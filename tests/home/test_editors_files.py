"""Every group can do its work with files: collection permissions on the root collection (a migration, so a
fresh install has them). A Redacteur uploads a PDF in the document chooser and attaches it to an entry; the
Eindredacteur publishes; a reader downloads it. Permissions exactly as DESIGN.md says."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from entries.models import EntryAttachment
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS
from tests.factories import EntryFactory
from tests.helpers import login_as


@pytest.fixture(autouse=True)
def _files_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def upload(client, title):
    return client.post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": title,
            "document-chooser-upload-file": SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4\n" + b"x" * 300),
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.parametrize("group", [EDITORS, MODERATORS, NETWORK_MANAGERS])
def test_every_group_uploads_and_chooses_documents_and_images(site, group):
    """Regression: only superusers could upload or choose a file; the chooser had no upload button."""
    client = login_as(group)
    for url in ("/admin/documents/", "/admin/images/", "/admin/documents/chooser/", "/admin/images/chooser/"):
        assert client.get(url).status_code == 200, url
    chooser = client.get("/admin/documents/chooser/")
    assert "document-chooser-upload-file" in json.loads(chooser.content)["html"]
    response = upload(client, f"handreiking-{group.lower()}")
    assert response.status_code == 200 and json.loads(response.content)["step"] == "chosen"
    assert Document.objects.filter(title=f"handreiking-{group.lower()}").exists()


def test_only_eindredactie_changes_or_deletes_someone_elses_file(site):
    editor, moderator = login_as(EDITORS), login_as(MODERATORS)
    upload(login_as(NETWORK_MANAGERS), "van-beheer")
    document = Document.objects.get(title="van-beheer")
    assert editor.get(f"/admin/documents/edit/{document.pk}/").status_code == 302  # denied: to the dashboard
    assert moderator.get(f"/admin/documents/edit/{document.pk}/").status_code == 200
    assert moderator.post(f"/admin/documents/delete/{document.pk}/").status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_a_redacteur_uploads_an_attachment_the_eindredacteur_publishes_a_reader_downloads(client, site, on_commit):
    editor = login_as(EDITORS)
    upload(editor, "leidraad")
    document = Document.objects.get(title="leidraad")
    with on_commit():
        entry = EntryFactory(index=site.index, title="Met bijlage", slug="met-bijlage", live=False)
        entry.attachments = [EntryAttachment(document=document)]
        entry.save_revision(user=User.objects.get(username=EDITORS.lower()))
    assert client.get(document.url).status_code == 404  # a draft's file is not public
    moderator = login_as(MODERATORS)
    assert moderator.get(f"/admin/pages/{entry.pk}/edit/").status_code == 200
    with on_commit():
        entry.get_latest_revision().publish(user=User.objects.get(username=MODERATORS.lower()))
    response = client.get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
