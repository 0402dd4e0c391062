"""Bulk synthetic entries for load and scale tests: inserted in batches, not through the page tree API."""

import random
import sys
import time
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import sql
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from entries.management.corpus import Corpus
from entries.models import EVIDENCE_LEVELS, EntryIndexPage, EntryPage, Onderwerp, Sector, Soort, Thema, Uitgangspunt
from entries.search.index import sync_entries

BATCH = 500


class Command(BaseCommand):
    help = "Creates N synthetic, published entries under the knowledge bank."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        rng = random.Random(seed)
        index = EntryIndexPage.objects.first()
        if index is None:
            self.stderr.write("Geen kennisbank gevonden: draai eerst load_demo.")
            sys.exit(1)
        vocab = {
            "types": list(Soort.objects.all()),
            "themes": list(Thema.objects.values_list("pk", flat=True)),
            "topics": list(Onderwerp.objects.values_list("pk", flat=True)),
            "sectors": list(Sector.objects.values_list("pk", flat=True)),
            "principles": list(Uitgangspunt.objects.values_list("pk", flat=True)),
        }
        corpus = Corpus(Onderwerp.objects.values_list("pk", "name"))
        started = time.monotonic()
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            with transaction.atomic():
                self._batch(index, rng, corpus, vocab, size)
            done += size
            self.stdout.write(f"\r{done}/{count} items ({time.monotonic() - started:.1f} s)", ending="")
            self.stdout.flush()
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather them later, so the planner sees the new size.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"\n{count} items aangemaakt in {time.monotonic() - started:.1f} s.")

    def _batch(self, index, rng, corpus, vocab, size):
        index.refresh_from_db()
        now = timezone.now()
        last = index.get_last_child()
        next_number = int(last.path[-Page.steplen :], 36) + 1 if last else 1
        stamp = int(time.time() * 1000) % 10_000_000
        content_type_id = ContentType.objects.get_for_model(EntryPage).pk
        entries, topics_of = [], []
        for n in range(size):
            topics = rng.sample(vocab["topics"], rng.randint(1, 3))
            topics_of.append(topics)
            text = corpus.entry_text(rng, topics)
            title = text.title
            number = next_number + n
            slug = f"{slugify(title)[:40]}-{stamp}-{number}"
            entries.append(
                EntryPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(index.path, index.depth + 1, number),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now - timedelta(minutes=rng.randint(0, 500_000)),
                    last_published_at=now,
                    intro=text.intro,
                    body=[("paragraph", f"<p>{paragraph}</p>") for paragraph in text.paragraphs],
                    entry_type=rng.choice(vocab["types"]),
                    date=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3900)),
                    evidence_level=rng.choice(EVIDENCE_LEVELS)[0],
                    content_type_id=content_type_id,
                    locale_id=index.locale_id,
                )
            )
        # Multi-table inheritance: bulk-insert the Page rows, then the EntryPage rows that point to them.
        pages = Page.objects.bulk_create(
            [
                Page(**{f.attname: getattr(e, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"})
                for e in entries
            ]
        )
        for entry, page in zip(entries, pages, strict=True):
            entry.page_ptr_id = entry.pk = entry.id = page.pk
        query = sql.InsertQuery(EntryPage)
        query.insert_values(EntryPage._meta.local_concrete_fields, entries)
        query.get_compiler(using="default").execute_sql(returning_fields=None)
        Page.objects.filter(pk=index.pk).update(numchild=index.numchild + size)
        for field, key, k in (
            ("themes", "themes", 2),
            ("topics", "topics", 3),
            ("sectors", "sectors", 2),
            ("principles", "principles", 1),
        ):
            model_field = EntryPage._meta.get_field(field)
            through = model_field.remote_field.through
            target = f"{model_field.remote_field.model._meta.model_name}_id"
            rows = [
                through(entrypage_id=entry.pk, **{target: pk})
                for entry, topics in zip(entries, topics_of, strict=True)
                for pk in (topics if field == "topics" else rng.sample(vocab[key], rng.randint(1, k)))
            ]
            through.objects.bulk_create(rows)
        indexed = EntryPage.objects.filter(pk__in=[e.pk for e in entries]).select_related("entry_type")
        get_search_backend().add_bulk(EntryPage, list(indexed.prefetch_related("topics", "themes", "organisations")))
        sync_entries([entry.pk for entry in entries])
