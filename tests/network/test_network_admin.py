import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from home.permissions import EDITORS, NETWORK_MANAGERS
from network.models import Registration
from tests.factories import EventFactory
from tests.helpers import assert_denied


@pytest.fixture
def manager(db):
    user = User.objects.create_user("netwerkbeheerder", "nb@example.org", "pw")
    user.groups.add(Group.objects.get(name=NETWORK_MANAGERS))
    return user


@pytest.fixture
def registrations(site):
    event = EventFactory(agenda=site.agenda, capacity=1)
    Registration.objects.create(
        event=event, name='=HYPERLINK("http://evil")', email="a@example.org", status="confirmed"
    )
    Registration.objects.create(
        event=event, name="Wachtende", email="b@example.org", status="waitlisted", remarks="+31 6 1234"
    )
    return event


def _csv(response):
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return text


def test_csv_export_neutralises_formulas(client, manager, registrations):
    client.force_login(manager)
    text = _csv(client.get("/admin/network/registration/?export=csv"))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    names = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert all(not cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)


def test_exports_people_can_read_in_a_dutch_spreadsheet(client, manager, registrations):
    """Regression: comma-separated and unquoted (a ';' in a name began a new, live cell in a Dutch spreadsheet),
    English status codes, UTC times, an 'E-Mail' header, "'-" in empty cells and no waiting-list place."""
    Registration.objects.filter(name="Wachtende").update(organisation="Org;=cmd|' /C calc'!A0")
    client.force_login(manager)
    response = client.get(f"/admin/network/registration/?export=csv&event__id__exact={registrations.pk}")
    assert response["Content-Disposition"].startswith(f'attachment; filename="aanmeldingen-{registrations.slug}-')
    text = _csv(response)
    assert text.startswith('\ufeff"Bijeenkomst";')  # BOM, ';' and every cell quoted
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, first, second = rows
    assert header[:4] == ["Bijeenkomst", "Begint op", "Naam", "E-mailadres"] and "Plaats op de wachtlijst" in header
    assert first[header.index("Status")] == "bevestigd" and second[header.index("Status")] == "wachtlijst"
    assert (
        second[header.index("Plaats op de wachtlijst")] == "1" and first[header.index("Plaats op de wachtlijst")] == ""
    )
    assert second[header.index("Organisatie")] == "Org;=cmd|' /C calc'!A0"  # one cell, not a formula: it starts with O
    assert first[header.index("Afgemeld op")] == ""  # empty stays empty
    from django.utils import timezone

    local = timezone.localtime(Registration.objects.get(name="Wachtende").created_at).strftime("%d-%m-%Y %H:%M")
    assert second[header.index("Aangemeld op")] == local  # Europe/Amsterdam, as people read it


def test_xlsx_export_has_no_formulas(client, manager, registrations):
    client.force_login(manager)
    response = client.get("/admin/network/registration/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert any(str(cell.value).startswith("'=HYPERLINK") for cell in cells)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.active.title != "Sheet"  # named after what it holds
    assert all(workbook.active.column_dimensions[column].width >= 8 for column in "ABC")


def test_editor_cannot_export(client, registrations):
    editor = User.objects.create_user("redacteur", "r@example.org", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get("/admin/network/registration/?export=csv")
    assert_denied(response)


def test_manager_moves_someone_from_the_waiting_list(client, manager, registrations, on_commit):
    client.force_login(manager)
    waiting = Registration.objects.get(status="waitlisted")
    listing = client.get(f"/admin/network/registration/?event__id__exact={registrations.pk}").content.decode()
    assert f"/admin/netwerk/aanmeldingen/{waiting.pk}/plaatsen/" in listing
    with on_commit():
        response = client.post(f"/admin/netwerk/aanmeldingen/{waiting.pk}/plaatsen/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert mail.outbox[-1].to == ["b@example.org"]


def test_promote_is_refused_to_editors(client, registrations):
    editor = User.objects.create_user("redacteur", "r@example.org", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    waiting = Registration.objects.get(status="waitlisted")
    response = client.post(f"/admin/netwerk/aanmeldingen/{waiting.pk}/plaatsen/")
    assert_denied(response)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
