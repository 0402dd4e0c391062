"""A contributor's submissions on "Mijn netwerk" (registered with home.personal): their state, and the contributor's
name and address erased or moved through the same function as on publication."""

from django.utils.translation import gettext_lazy

from entries.contributions import forget_contributor, status_url
from entries.models import EntryPage
from entries.models.contribution import Contribution
from home.personal import Holder


def _entries(email):
    return EntryPage.objects.filter(contributor_email__iexact=email).order_by("pk")


def _with_records(email):
    entries = list(_entries(email))
    records = {}
    for record in Contribution.objects.filter(entry__in=entries).order_by("pk"):
        records[record.entry_id] = record  # the latest for each entry
    return [(entry, records.get(entry.pk)) for entry in entries]


def _records(email):
    return [
        {
            "titel": record.title if record else entry.title,
            "status": record.get_status_display() if record else "",
            "ontvangen_op": record.created_at.isoformat() if record else None,
            "naam_inzender": entry.contributor_name,
            "e-mailadres_inzender": entry.contributor_email,
            "mag_benaderd_worden": entry.contributor_consent,
        }
        for entry, record in _with_records(email)
    ]


def _context(email, request):
    items = []
    for entry, record in _with_records(email):
        index = entry.get_parent().specific
        items.append(
            {
                "title": record.title if record else entry.title,
                "record": record,
                "status_url": status_url(index, record) if record else "",
            }
        )
    return {"contributions": items}


def _erase(email):
    entries = list(_entries(email))
    for entry in entries:
        forget_contributor(entry)
    return len(entries)


def _move(old, new):
    entries = list(_entries(old))
    for entry in entries:
        EntryPage.objects.filter(pk=entry.pk).update(contributor_email=new)
        for revision in entry.revisions.all():
            if (revision.content.get("contributor_email") or "").lower() == old.lower():
                revision.content["contributor_email"] = new
                revision.save(update_fields=["content"])
    return len(entries)


CONTRIBUTIONS = Holder(
    key="contributions",
    label=gettext_lazy("Inzendingen voor de kennisbank"),
    knows=lambda email: _entries(email).exists(),
    records=_records,
    erase=_erase,
    move=_move,
    order=50,
    section="entries/mine/contributions.html",
    context=_context,
)
