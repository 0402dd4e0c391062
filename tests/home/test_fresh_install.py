"""A site that starts from `migrate` alone, without the demo: the schema is the models', and when a
superuser builds the tree in the admin, the groups can work in it at once."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from entries.models import EntryIndexPage, EntryPage
from home.models import HomePage
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS
from network.models import EventIndexPage, NetworkPage
from tests.entries.test_workflow import entry_form
from tests.helpers import soup

OWN_APPS = ("home", "entries", "network")


def test_migrations_give_the_tables_and_columns_of_the_models(db):
    """`makemigrations --check` compares models with migrations; this compares them with the database that
    `migrate` built (PostgreSQL in CI, SQLite here)."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label not in OWN_APPS or not model._meta.managed or model._meta.proxy:
                continue
            assert model._meta.db_table in tables, model
            columns = {
                column.name for column in connection.introspection.get_table_description(cursor, model._meta.db_table)
            }
            assert columns == {field.column for field in model._meta.local_concrete_fields}, model


def add_page(client, model, parent, **fields):
    url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
    body = {"body": streamfield([])} if model in (HomePage, NetworkPage) else {}
    # As a browser posts the form: a checkbox that the form shows ticked is sent ticked.
    menu = soup(client.get(url)).select_one("input[name=show_in_menus]")
    ticked = {"show_in_menus": "on"} if menu is not None and menu.has_attr("checked") else {}
    data = nested_form_data({**body, **ticked, **fields, "action-publish": "action-publish"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return model.objects.get(slug=fields["slug"])


@pytest.mark.django_db
def test_a_tree_built_in_the_admin_gives_every_group_its_work(client):
    # As after `migrate` alone: no pages but the root (the tests' shared tree goes, in this test's transaction).
    for page in Page.objects.filter(depth=2):
        page.delete()
    assert not EntryIndexPage.objects.exists() and not GroupPagePermission.objects.exclude(page__depth=1).exists()
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "pw")
    client.force_login(admin)
    root = Page.get_first_root_node()
    home = add_page(client, HomePage, root, title="Kennisbank Studentenwelzijn", slug="start", intro="")
    index = add_page(client, EntryIndexPage, home, title="Kennisbank", slug="kennisbank", intro="")
    network = add_page(client, NetworkPage, home, title="Netwerk", slug="netwerk", intro="", member_count_text="")
    agenda = add_page(client, EventIndexPage, network, title="Agenda", slug="agenda", intro="")

    def grants(group, page):
        return set(
            GroupPagePermission.objects.filter(group__name=group, page=page).values_list(
                "permission__codename", flat=True
            )
        )

    assert grants(EDITORS, index) == {"add_page", "change_page"}
    assert grants(EDITORS, agenda) == {"add_page", "change_page"}
    assert grants(NETWORK_MANAGERS, agenda) == {"add_page", "change_page", "publish_page"}
    assert grants(NETWORK_MANAGERS, network) == {"add_page", "change_page", "publish_page"}
    assert index.show_in_menus and network.show_in_menus and agenda.show_in_menus

    editor = User.objects.create_user("rosa", "rosa@example.org", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    moderator = User.objects.create_user("eva", "eva@example.org", "pw")
    moderator.groups.add(Group.objects.get(name=MODERATORS))

    client.force_login(editor)
    add_url = f"/admin/pages/add/entries/entrypage/{index.pk}/"
    assert client.get(add_url).status_code == 200
    assert client.post(add_url, {**entry_form(), "action-submit": "1"}).status_code == 302
    entry = EntryPage.objects.get(slug="nieuwe-aanpak-eenzaamheid")
    assert not entry.live
    state = WorkflowState.objects.get(object_id=str(entry.pk), status="in_progress")

    client.force_login(moderator)
    response = client.post(f"/admin/pages/workflow/action/{entry.pk}/approve/{state.current_task_state.pk}/", {})
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.live
