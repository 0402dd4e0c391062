"""One row per live, public entry: what the search-and-facet engine reads (see entries/search)."""

import json

from django.db import models


class TermIdsField(models.Field):
    """A list of vocabulary ids: `bigint[]` (GIN-indexed) on PostgreSQL, JSON text on SQLite."""

    description = "list of term ids"

    def db_type(self, connection):
        return "bigint[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        return json.loads(value) if isinstance(value, str) else list(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return list(value or [])

    def get_db_prep_value(self, value, connection, prepared=False):
        ids = [int(pk) for pk in (value or [])]
        return ids if connection.vendor == "postgresql" else json.dumps(ids)


class SearchDocumentField(models.TextField):
    """The weighted search document: `tsvector` on PostgreSQL, weight-tagged stems on SQLite."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


# `terms` holds every facet's ids in one array, each as id * TERM_SLOTS + the position of its facet among
# facet_columns(): the engine counts every facet nobody filters on in one pass over one array per row.
TERM_SLOTS = 8


class EntrySearchRow(models.Model):
    page = models.OneToOneField(
        "entries.EntryPage", primary_key=True, on_delete=models.CASCADE, related_name="search_row"
    )
    title_key = models.CharField(max_length=255)
    sort_date = models.DateField()
    published_at = models.DateTimeField()
    thema = TermIdsField(default=list)
    onderwerp = TermIdsField(default=list)
    soort = TermIdsField(default=list)
    sector = TermIdsField(default=list)
    uitgangspunt = TermIdsField(default=list)
    onderbouwing = TermIdsField(default=list)
    licentie = TermIdsField(default=list)
    terms = TermIdsField(default=list)
    document = SearchDocumentField(default="")

    wagtail_reference_index_ignore = True  # derived rows, not content

    class Meta:
        indexes = [
            models.Index(fields=["sort_date", "published_at", "page"], name="entries_row_date"),
            models.Index(fields=["published_at"], name="entries_row_published"),
            models.Index(fields=["title_key"], name="entries_row_title"),
        ]

    def __str__(self):
        return self.title_key

    @staticmethod
    def facet_columns():
        """One column per facet parameter of the listing, named after it."""
        from entries.catalogue.vocabularies import VOCABULARIES

        return [*(vocabulary.param for vocabulary in VOCABULARIES), "onderbouwing", "licentie"]

    @classmethod
    def combined_terms(cls, facets):
        """The `terms` of a row from its facet columns ({column: ids})."""
        columns = cls.facet_columns()
        assert len(columns) <= TERM_SLOTS
        return [int(pk) * TERM_SLOTS + position for position, column in enumerate(columns) for pk in facets[column]]

    @classmethod
    def split_term(cls, value):
        """(facet column, term id) of one value of `terms`."""
        return cls.facet_columns()[value % TERM_SLOTS], value // TERM_SLOTS
