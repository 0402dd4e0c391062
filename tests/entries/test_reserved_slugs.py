"""An entry that holds a slug the knowledge bank now uses for a route gets a new slug, and stays reachable."""

from importlib import import_module

from django.apps import apps

from entries.models import EntryPage
from tests.factories import EntryFactory

rename = import_module("entries.migrations.0006_rename_reserved_slugs").rename


def test_entries_on_reserved_slugs_are_renamed_and_reachable(client, site):
    taken = EntryFactory(index=site.index, slug="overzicht-item", title="Bestond al")
    hidden = EntryFactory(index=site.index, slug="tijdelijk", title="Overzicht van de zorg")
    EntryPage.objects.filter(pk=hidden.pk).update(
        slug="overzicht", url_path=hidden.url_path.replace("tijdelijk", "overzicht")
    )
    rename(apps, None)
    hidden.refresh_from_db()
    assert hidden.slug == "overzicht-item-2" and taken.slug == "overzicht-item"
    assert "Overzicht van de zorg" in client.get(hidden.url).content.decode()
    hidden.save_revision().publish()  # the next publication keeps the new slug
    hidden.refresh_from_db()
    assert hidden.slug == "overzicht-item-2"
