"""A contribution from the public becomes a draft entry in the editorial workflow."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from entries.models.contribution import Contribution
from entries.models.pages import RESERVED_SLUGS, EntryPage
from entries.models.snippets import Organisatie
from home.mail import queue_mail
from home.permissions import MODERATORS
from home.site.public_urls import public_url


def _paragraphs(text):
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def _unique_slug(index, title):
    base = (slugify(title) or "bijdrage")[:70]
    slug, n = base, 1
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


def submit_contribution(index, data, request):
    organisation = Organisatie.objects.filter(name__iexact=data["organisation_name"].strip()).first()
    contact = (
        ""
        if organisation
        else " – ".join(
            part for part in [data["organisation_name"].strip(), data.get("organisation_website", "")] if part
        )
    )
    entry = EntryPage(
        title=data["title"],
        slug=_unique_slug(index, data["title"]),
        intro=data["intro"],
        body=[("paragraph", _paragraphs(data["description"]))],
        entry_type=data["entry_type"],
        external_url=data.get("external_url", ""),
        licence=data.get("licence") or "onbekend",
        contact=contact,
        contributor_name=data["name"],
        contributor_email=data["email"],
        contributor_consent=data["consent"],
        live=False,
    )
    index.add_child(instance=entry)
    entry.themes.set(data["themes"])
    entry.topics.set(data["topics"])
    entry.sectors.set(data["sectors"])
    entry.principles.set(data.get("principles", []))
    if organisation:
        entry.organisations.set([organisation])
    entry.save()  # commits the many-to-many relations held by the cluster
    revision = entry.save_revision(log_action=True)
    workflow = entry.get_workflow()
    if workflow:
        workflow.start(entry, None)

    record = Contribution.objects.create(entry=entry, title=entry.title)
    review_url = public_url(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
    moderators = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    for moderator in moderators:
        queue_mail(
            moderator.email,
            _("Nieuwe bijdrage ter beoordeling: %(title)s") % {"title": entry.title},
            "entries/mail/contribution_moderator.txt",
            {"entry": entry, "review_url": review_url},
        )
    queue_mail(
        data["email"],
        _("Bedankt voor je bijdrage aan de kennisbank"),
        "entries/mail/contribution_received.txt",
        {"entry": entry, "name": data["name"], "status_url": status_url(index, record)},
        purpose="contribution",
        once_an_hour=True,
    )
    return entry, revision


def status_url(index, record):
    return index.get_full_url() + index.reverse_subpage("contribution_status", kwargs={"token": record.token}).lstrip(
        "/"
    )


def tell_contributor(entry, status, subject, template, comment=""):
    """Record the new state of a contribution and mail the contributor (while their address is known)."""
    record = Contribution.objects.filter(entry=entry).order_by("-pk").first()
    if record is None:
        return
    record.status, record.comment = status, comment or record.comment
    record.save(update_fields=["status", "comment", "updated_at"])
    email = EntryPage.objects.filter(pk=entry.pk).values_list("contributor_email", flat=True).first()
    if email:
        index = entry.get_parent().specific
        queue_mail(
            email,
            subject % {"title": entry.title},
            template,
            {"entry": entry, "comment": comment, "status_url": status_url(index, record)},
            purpose=f"contribution:{record.pk}",
        )


CONTRIBUTOR_FIELDS = ("contributor_name", "contributor_email", "contributor_consent")


def forget_contributor(entry):
    """Erase the contributor's name and e-mail from the entry and from every revision of it."""
    EntryPage.objects.filter(pk=entry.pk).update(contributor_name="", contributor_email="", contributor_consent=False)
    for revision in entry.revisions.all():
        if any(revision.content.get(field) for field in CONTRIBUTOR_FIELDS):
            for field in CONTRIBUTOR_FIELDS:
                revision.content[field] = False if field == "contributor_consent" else ""
            revision.save(update_fields=["content"])
    entry.contributor_name = entry.contributor_email = ""
    entry.contributor_consent = False


def _scheduled_ids():
    """Entries approved for a go-live date still to come."""
    from wagtail.models import Revision

    return [
        int(object_id)
        for object_id in Revision.objects.page_revisions()
        .filter(approved_go_live_at__isnull=False)
        .values_list("object_id", flat=True)
    ]


def purge_contributors(now, days):
    """Contributions never published keep their contributor's details CONTRIBUTOR_RETENTION_DAYS after their
    last revision (the retention command's --days is for registrations and mail)."""
    cutoff = now - timedelta(days=settings.CONTRIBUTOR_RETENTION_DAYS)
    stale = (
        EntryPage.objects.filter(first_published_at__isnull=True, latest_revision_created_at__lt=cutoff)
        .exclude(contributor_name="", contributor_email="")
        .exclude(pk__in=_scheduled_ids())  # kept until the "online" mail has gone
    )
    count = 0
    for entry in stale:
        forget_contributor(entry)
        count += 1
    comments = _forget_review_comments(cutoff)
    return [
        (count, "inzendingen zonder publicatie ontdaan van naam en e-mail van de inzender"),
        (comments, "opmerkingen van de redactie bij niet-geplaatste inzendingen gewist"),
    ]


def _forget_review_comments(cutoff):
    """Moderators' comments on contributions that never went online are about a person's work and often
    address them: they go with the contributor's details."""
    ids = list(
        EntryPage.objects.filter(
            first_published_at__isnull=True, latest_revision_created_at__lt=cutoff, contribution_records__isnull=False
        ).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    tasks = TaskState.objects.filter(workflow_state__object_id__in=[str(pk) for pk in ids]).exclude(comment="")
    records = Contribution.objects.filter(entry_id__in=ids).exclude(comment="")
    return tasks.update(comment="") + records.update(comment="")


def contribution_delete_guard(user, pages):
    """A public contribution that was never published is deleted only by Eindredactie: for the contributor a
    deletion is a decision ("niet geplaatst"), which an editor does not take."""
    from home.editorial.page_deletion import is_moderator

    if is_moderator(user):
        return None
    ids = [page.pk for page in pages if not page.live]
    if Contribution.objects.filter(entry_id__in=ids).exists():
        return _("Dit is een inzending van buiten; alleen de eindredactie kan haar verwijderen of afwijzen.")
    return None
