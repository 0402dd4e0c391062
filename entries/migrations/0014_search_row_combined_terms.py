from django.db import migrations

import entries.models.search

# The facet columns in the order of EntrySearchRow.facet_columns() when this migration was written.
COLUMNS = ["thema", "onderwerp", "soort", "sector", "uitgangspunt", "onderbouwing", "licentie"]
SLOTS = 8


def fill_terms(apps, schema_editor):
    """Every existing row gets its `terms` from its facet columns (new rows get them from the index)."""
    EntrySearchRow = apps.get_model("entries", "EntrySearchRow")
    rows = []
    for row in EntrySearchRow.objects.only("page_id", *COLUMNS).iterator(chunk_size=2000):
        row.terms = [
            int(pk) * SLOTS + position for position, column in enumerate(COLUMNS) for pk in getattr(row, column)
        ]
        rows.append(row)
        if len(rows) == 2000:
            EntrySearchRow.objects.bulk_update(rows, ["terms"])
            rows = []
    EntrySearchRow.objects.bulk_update(rows, ["terms"])


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0013_licence_and_oai_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="entrysearchrow",
            name="terms",
            field=entries.models.search.TermIdsField(default=list),
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
    ]
