"""The entry form in the admin: tabs that follow how an editor thinks, the evidence levels explained where
they are chosen, and cross-field rules with the reason next to the field."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from entries.models import EntryPage
from home.permissions import EDITORS
from tests.factories import EntryFactory
from tests.helpers import login_as, soup


@pytest.fixture
def editor(site):
    return login_as(EDITORS)


def test_the_entry_form_has_tabs_in_the_order_an_editor_works(editor, site):
    entry = EntryFactory(index=site.index, title="Met tabs")
    page = soup(editor.get(f"/admin/pages/{entry.pk}/edit/"))
    tabs = [tab.get_text(" ", strip=True).replace(" ( )", "") for tab in page.select('[role="tab"]')]
    assert tabs[:5] == ["Inhoud", "Classificatie", "Kwaliteitskader", "Bijlagen en relaties", "Publicatie"]
    assert page.select_one('select[name="organisations"]') is None  # no Ctrl-click list
    assert page.select('input[type="checkbox"][name="themes"]')
    assert "effectevaluatie: Onderzocht is of de aanpak het beoogde effect heeft." in page.get_text()


def edit_data(entry, **changes):
    return nested_form_data(
        {
            "title": entry.title,
            "slug": entry.slug,
            "intro": entry.intro,
            "body": streamfield([]),
            "entry_type": entry.entry_type_id,
            "language": "nl",
            "country": "Nederland",
            "attachments": inline_formset([]),
            "related_entry_links": inline_formset([]),
            "evidence_level": "niet-geevalueerd",
            "licence": "onbekend",
            **changes,
        }
    )


@pytest.mark.parametrize(
    ("evaluated", "level", "body", "error_field"),
    [
        ("nee", "effectevaluatie", "", "evaluated"),
        ("", "procesevaluatie", "", "evaluated"),
        ("ja", "erkend", "", "evidence_body"),
        ("loopt", "procesevaluatie", "", None),
        ("ja", "erkend", "Erkenningscommissie Interventies", None),
        ("nee", "niet-geevalueerd", "", None),
    ],
)
def test_evidence_needs_an_evaluation_and_recognition_a_body(editor, site, evaluated, level, body, error_field):
    """Regression: "Geëvalueerd: nee" with "Onderbouwing: effectevaluatie" was accepted."""
    entry = EntryFactory(index=site.index, title="Regels", slug="regels")
    data = edit_data(entry, evaluated=evaluated, evidence_level=level, evidence_body=body)
    response = editor.post(f"/admin/pages/{entry.pk}/edit/", data)
    if error_field is None:
        assert response.status_code == 302, soup(response).select(".error-message")
        assert EntryPage.objects.get(pk=entry.pk).get_latest_revision_as_object().evidence_level == level
    else:
        assert response.status_code == 200
        message = soup(response).select_one(f"[data-contentpath={error_field}] .error-message")
        assert message is not None and message.get_text(strip=True)
