"""The OAI-PMH record table (entries/exchange/): one row per entry that was ever live and public, kept beside the
search rows and changed where they change. Its datestamp is when the record last changed (a publish, an unpublish,
a restriction, a vocabulary rename); an entry that is no longer live and public stays as a tombstone
(`deleted`), so harvesters learn it is gone (deletedRecord: persistent)."""

from django.db import models
from django.utils import timezone


class OaiRecord(models.Model):
    # Not a foreign key: the tombstone outlives the page.
    entry_id = models.BigIntegerField(unique=True)
    datestamp = models.DateTimeField(default=timezone.now, db_index=True)
    deleted = models.BooleanField(default=False)
    # setSpecs of the record between spaces (" soort:onderzoek thema:preventie "), so that one LIKE finds a set and
    # its parent on every database; kept for tombstones too.
    set_specs = models.TextField(default=" ", blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "OAI-PMH-record"
        verbose_name_plural = "OAI-PMH-records"

    def __str__(self):
        return f"entry:{self.entry_id}{' (verwijderd)' if self.deleted else ''}"
