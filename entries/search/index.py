"""Keeps one EntrySearchRow per live, public entry, in the transaction that changes the entry.

Signals (entries/signals.py) call `sync_entries` on publish, unpublish, move, view restrictions,
vocabulary and document changes; a delete removes the row through its foreign key. Beside the rows, the same
call keeps the OAI-PMH records (entries/models/exchange.py): a new datestamp for every entry it syncs, a
tombstone for one that is no longer live and public. `rebuild` fills
the table from scratch (`manage.py rebuild_entry_index`, and after `migrate` when it is out of step).
"""

from django.db import connection, transaction
from django.utils import timezone

from entries.catalogue.vocabularies import VOCABULARIES
from entries.models.exchange import OaiRecord
from entries.models.pages import EVIDENCE_LEVELS, LICENCES, EntryPage
from entries.models.search import EntrySearchRow
from entries.search.text import fold, stems_of
from home.cache.pages import bump_generation

EVIDENCE_IDS = {slug: number for number, (slug, _label) in enumerate(EVIDENCE_LEVELS, start=1)}
LICENCE_IDS = {slug: number for number, (slug, _label) in enumerate(LICENCES, start=1)}
WEIGHTS = "ABCD"  # title, intro, classification and metadata, body
BATCH = 500
FACET_COLUMNS = [*EntrySearchRow.facet_columns(), "terms"]
COLUMNS = ["page_id", "title_key", "sort_date", "published_at", *FACET_COLUMNS, "document"]
RELATIONS = (*(v.field for v in VOCABULARIES if v.many), "organisations", "attachments__document")


def _term_text(terms):
    return " ".join(f"{term.name} {term.synonyms}" for term in terms)


def document_parts(entry):
    """The four weighted texts of an entry, folded to plain words."""
    classification = [
        *(_term_text(vocabulary.terms_of(entry)) for vocabulary in VOCABULARIES),
        " ".join(org.name for org in entry.organisations.all()),
        entry.country,
        " ".join(attachment.label for attachment in entry.attachments.all()),
    ]
    body = " ".join(str(text) for text in EntryPage._meta.get_field("body").get_searchable_content(entry.body))
    return [fold(entry.title), fold(entry.intro), fold(" ".join(classification)), fold(body)]


def _row(entry):
    published = entry.first_published_at or entry.last_published_at
    row = {
        "page_id": entry.pk,
        "title_key": fold(entry.title)[:255],
        "sort_date": entry.date or published.date(),
        "published_at": published,
        **{vocabulary.param: [term.pk for term in vocabulary.terms_of(entry)] for vocabulary in VOCABULARIES},
        "onderbouwing": [EVIDENCE_IDS[entry.evidence_level]] if entry.evidence_level in EVIDENCE_IDS else [],
        "licentie": [LICENCE_IDS[entry.licence]] if entry.licence in LICENCE_IDS else [],
        "document": document_parts(entry),
    }
    row["terms"] = EntrySearchRow.combined_terms(row)
    return row


def _write(rows):
    if not rows:
        return
    field = EntrySearchRow._meta.get_field("thema")
    if connection.vendor == "postgresql":
        arrays = ", ".join("%s::bigint[]" for _column in FACET_COLUMNS)
        document = " || ".join(f"setweight(to_tsvector('dutch', %s), '{weight}')" for weight in WEIGHTS)
        values = f"%s, %s, %s, %s, {arrays}, {document}"
    else:
        values = ", ".join(["%s"] * len(COLUMNS))
    updates = ", ".join(f"{column} = excluded.{column}" for column in COLUMNS[1:])
    sql = (
        f"INSERT INTO {EntrySearchRow._meta.db_table} ({', '.join(COLUMNS)}) VALUES ({values}) "
        f"ON CONFLICT (page_id) DO UPDATE SET {updates}"
    )
    params = []
    for row in rows:
        facets = [field.get_db_prep_value(row[column], connection) for column in FACET_COLUMNS]
        if connection.vendor == "postgresql":
            document = row["document"]
        else:
            document = [sqlite_document(row["document"])]
        params.append([row["page_id"], row["title_key"], row["sort_date"], row["published_at"], *facets, *document])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def sqlite_document(parts):
    """' a:stem b:stem … ': each stem tagged with its weight, so LIKE can match and rank it."""
    tokens = [
        f"{weight.lower()}:{token}" for weight, text in zip(WEIGHTS, parts, strict=True) for token in stems_of(text)
    ]
    return " " + " ".join(tokens) + " "


def _entries(queryset):
    return queryset.select_related("entry_type").prefetch_related(*RELATIONS)


def sync_entries(ids):
    """Make the rows of these entries match what is live and public now."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            live = list(_entries(EntryPage.objects.filter(pk__in=chunk).live().public()))
            _write([_row(entry) for entry in live])
            gone = set(chunk) - {entry.pk for entry in live}
            if gone:
                EntrySearchRow.objects.filter(page_id__in=gone).delete()
            _records(live, gone)
        # Whatever changed the rows (a publish, a restriction, a move, a synonym) changes listings: every cached
        # page, card and count goes stale now, and again once the rows are committed, so that no other process
        # stores the old answer under the new generation in between.
        bump_generation()
        transaction.on_commit(bump_generation)


def set_specs(entry):
    """The OAI-PMH sets of an entry: its soort and its themes, by slug."""
    by_param = {vocabulary.param: vocabulary for vocabulary in VOCABULARIES}
    return [
        *(f"soort:{term.slug}" for term in by_param["soort"].terms_of(entry)),
        *(f"thema:{term.slug}" for term in by_param["thema"].terms_of(entry)),
    ]


def _records(live, gone):
    now = timezone.now()
    OaiRecord.objects.bulk_create(
        [
            OaiRecord(entry_id=entry.pk, datestamp=now, deleted=False, set_specs=f" {' '.join(set_specs(entry))} ")
            for entry in live
        ],
        update_conflicts=True,
        unique_fields=["entry_id"],
        update_fields=["datestamp", "deleted", "set_specs"],
    )
    if gone:
        OaiRecord.objects.filter(entry_id__in=gone, deleted=False).update(deleted=True, datestamp=now)


def rebuild():
    """Fill the table from scratch; returns the number of rows."""
    with transaction.atomic():
        EntrySearchRow.objects.all().delete()
        ids = list(EntryPage.objects.live().public().order_by("pk").values_list("pk", flat=True))
        # Records of entries that are no longer live and public become tombstones.
        stale = set(OaiRecord.objects.filter(deleted=False).values_list("entry_id", flat=True)) - set(ids)
        sync_entries(ids + sorted(stale))
    return len(ids)


def is_current():
    """Cheap check used after `migrate`: as many rows as live, public entries."""
    live = EntryPage.objects.live().public().count()
    return EntrySearchRow.objects.count() == live == OaiRecord.objects.filter(deleted=False).count()
