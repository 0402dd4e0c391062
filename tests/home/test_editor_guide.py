"""The editor guide names the buttons and tabs as the admin shows them: each name it quotes is looked up on
the real admin page where the guide says to press it."""

from wagtail.models import WorkflowState

from entries.models import EntryPage
from home.wagtail_hooks import guide_labels
from tests.entries.test_workflow import entry_form
from tests.helpers import soup


def _text(response):
    return soup(response).get_text(" ", strip=True)


def test_every_button_the_guide_names_is_on_the_page_where_it_is_pressed(client, site, staff):
    label = guide_labels()
    client.force_login(staff["editor"])
    guide = _text(client.get("/admin/handleiding/"))
    quoted = ("add_child", "save_draft", "preview", "submit", "approve", "request_changes", "add_attachment")
    for key in (*quoted, "choose_document", "set_schedule"):
        assert f"‘{label[key]}’" in guide, key
    assert label["submit"] == "Stuur door naar Redactionele toets"

    explorer = soup(client.get(f"/admin/pages/{site.index.pk}/"))
    assert explorer.select_one(f'a[href$="/add_subpage/"][aria-label="{label["add_child"]}"]') is not None
    opens = client.get(f"/admin/pages/{site.index.pk}/add_subpage/")  # one page type: the form opens at once
    assert opens["Location"] == f"/admin/pages/add/entries/entrypage/{site.index.pk}/"
    add = client.get(f"/admin/pages/add/entries/entrypage/{site.index.pk}/")
    form = _text(add)
    for key in ("save_draft", "preview", "submit"):
        assert label[key] in form, key
    for key in ("set_schedule", "save_schedule"):  # the status panel and its dialog (a <template> until opened)
        assert label[key] in add.content.decode(), key
    tabs = [tab.get_text(" ", strip=True).removesuffix(" ( )") for tab in soup(add).select('[role="tab"]')]
    assert tabs[:5] == ["Inhoud", "Classificatie", "Kwaliteitskader", "Bijlagen en relaties", "Publicatie"], tabs
    for tab in tabs[:5]:
        assert f"{tab}:" in guide, tab
    chooser = client.get("/admin/documents/chooser/").json()["html"]
    assert label["upload"] in chooser
    assert label["add_attachment"] == "Voeg bijlage toe" and label["add_attachment"] in form
    assert label["choose_document"] in add.content.decode()  # in the row the button adds

    client.post(f"/admin/pages/add/entries/entrypage/{site.index.pk}/", {**entry_form(), "action-submit": "1"})
    entry = EntryPage.objects.get(slug="nieuwe-aanpak-eenzaamheid")
    assert WorkflowState.objects.filter(object_id=str(entry.pk), status="in_progress").exists()
    client.force_login(staff["moderator"])
    review = _text(client.get(f"/admin/pages/{entry.pk}/edit/"))
    for key in ("approve", "approve_comment", "request_changes"):
        assert label[key] in review, key
    assert label["request_changes"] == "Wijzigingen vragen"


def test_the_guide_does_not_name_what_the_admin_no_longer_has(client, staff):
    client.force_login(staff["editor"])
    guide = _text(client.get("/admin/handleiding/"))
    for stale in ("Subpagina toevoegen", "Indienen voor", "‘Indeling’", "afgekeurd"):
        assert stale not in guide
