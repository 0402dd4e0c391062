"""The knowledge bank's demo content: the index and the entries of entries.json (prose as data, not code)."""

import json
from datetime import date
from pathlib import Path

from entries.catalogue.vocabularies import VOCABULARIES
from entries.models import EntryAttachment, EntryIndexPage, EntryPage, Organisatie
from home.demo import add_once, paragraphs, publish

DATA = Path(__file__).with_name("entries.json")


def load(home):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    index = add_once(home, EntryIndexPage, **data["index"])
    for organisation in data["organisations"]:
        slug = organisation.pop("slug")
        Organisatie.objects.get_or_create(slug=slug, defaults=organisation)
    for item in data["entries"]:
        if not EntryPage.objects.filter(slug=item["slug"]).exists():
            _add_entry(index, item)
    return index


def _add_entry(index, item):
    evidence = item["onderbouwing"]
    entry = EntryPage(
        title=item["title"],
        slug=item["slug"],
        intro=item["intro"],
        body=paragraphs(item["body"]),
        date=date.fromisoformat(item["date"]),
        country=item["country"],
        language="nl" if item["country"] == "Nederland" else "en",
        evidence_level=evidence,
        evidence_body="113 Zelfmoordpreventie" if evidence == "erkend" else "",
        evaluated={"effectevaluatie": "ja", "erkend": "ja", "procesevaluatie": "loopt"}.get(evidence, "nee"),
        accessibility="volledig",
        external_url=item.get("external_url", ""),
    )
    for vocabulary in VOCABULARIES:
        if not vocabulary.many:
            setattr(entry, vocabulary.field, vocabulary.model.objects.get(slug=item[vocabulary.param]))
    index.add_child(instance=entry)
    for vocabulary in VOCABULARIES:
        if vocabulary.many:
            getattr(entry, vocabulary.field).set(vocabulary.model.objects.filter(slug__in=item[vocabulary.param]))
    entry.organisations.set(Organisatie.objects.filter(slug__in=item["organisatie"]))
    if "attachment" in item:
        entry.attachments = [EntryAttachment(document=_pdf_document(item["slug"], **item["attachment"]))]
    publish(entry)


def _pdf_document(slug, title, paragraphs):
    """A PDF written for the demo (entries/demo/pdf.py), stored as a Wagtail document."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from entries.demo.pdf import text_pdf

    document = get_document_model()(title=title)
    document.file.save(f"{slug}.pdf", ContentFile(text_pdf(title, paragraphs)), save=False)
    document.save()
    return document
