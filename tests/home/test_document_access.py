"""Documents follow their page: a reader downloads an attachment of a live, public entry; the same file of a
draft, a password-protected entry (before the password) or no page at all is a 404; editors see all."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from entries.models import EntryAttachment
from home.permissions import EDITORS
from tests.factories import EntryFactory, publish


@pytest.fixture(autouse=True)
def _files_on_disk(settings, tmp_path):
    """Documents are streamed from disk, as in production (the tests' in-memory storage has no paths)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def pdf(title):
    document = Document(title=title)
    document.file.save(f"{title.lower()}.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 512), save=False)
    document.save()
    return document


def attached(site, title, live=True):
    """An entry with one attachment; Wagtail's reference index is updated by a task after commit, as in
    production (the `on_commit` fixture runs it)."""
    document = pdf(title)
    entry = EntryFactory(index=site.index, title=f"Item {title}", slug=title.lower(), live=live)
    entry.attachments = [EntryAttachment(document=document)]
    revision = entry.save_revision()
    if live:
        revision.publish()
    return entry, document


def download(client, document):
    return client.get(document.url)


def test_a_reader_downloads_the_attachment_of_a_public_entry(client, site, on_commit):
    with on_commit():
        _entry, document = attached(site, "Openbaar")
    response = download(client, document)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_drafts_unattached_and_protected_files_are_404_for_readers(client, site, on_commit):
    """Regression: attachments of a password-protected entry downloaded freely (and a proxy serving /media/
    would have served them without any check)."""
    with on_commit():
        _draft, of_draft = attached(site, "Concept", live=False)
        loose = pdf("Los")
        protected, of_protected = attached(site, "Beschermd")
    PageViewRestriction.objects.create(page=protected, restriction_type="password", password="geheim")
    for document in (of_draft, loose, of_protected):
        assert download(client, document).status_code == 404, document.title
    # The reader who knows the password sees the page and its attachment.
    form = client.get(protected.url)
    action = form.context["action_url"]
    client.post(action, {"password": "geheim", "return_url": protected.url})
    assert download(client, of_protected).status_code == 200
    editor = User.objects.create_user("red", "red@uni.nl", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    as_editor = Client()
    as_editor.force_login(editor)
    assert all(download(as_editor, document).status_code == 200 for document in (of_draft, loose, of_protected))


def test_unpublishing_the_page_takes_its_attachment_offline(client, site, on_commit):
    with on_commit():
        entry, document = attached(site, "Tijdelijk")
    assert download(client, document).status_code == 200
    entry.unpublish()
    assert download(client, document).status_code == 404
    publish(entry)
    assert download(client, document).status_code == 200


def test_a_restricted_entry_with_an_attachment_can_be_deleted(client, site, on_commit):
    """Regression: deleting it was a 500 (IntegrityError at commit): the restriction's delete signal indexed
    the page again while it was being deleted."""
    from entries.models import EntryPage
    from entries.models.search import EntrySearchRow
    from home.permissions import MODERATORS

    with on_commit():
        entry, document = attached(site, "Verwijderen")
    PageViewRestriction.objects.create(page=entry, restriction_type="password", password="geheim")
    PageViewRestriction.objects.filter(page=entry).delete()  # lifting a restriction still re-indexes
    assert EntrySearchRow.objects.filter(page_id=entry.pk).exists()
    PageViewRestriction.objects.create(page=entry, restriction_type="password", password="geheim")
    moderator = User.objects.create_user("eind", "eind@uni.nl", "pw")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    as_moderator = Client()
    as_moderator.force_login(moderator)
    with on_commit():
        response = as_moderator.post(f"/admin/pages/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not EntryPage.objects.filter(pk=entry.pk).exists()
    assert not EntrySearchRow.objects.filter(page_id=entry.pk).exists()
