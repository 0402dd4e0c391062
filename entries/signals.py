from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.documents.models import Document
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, task_rejected

from entries.contributions import forget_contributor, tell_contributor
from entries.listing.filters import clear_vocabulary_cache
from entries.models import (
    Contribution,
    EntryAttachment,
    EntryPage,
    Onderwerp,
    Organisatie,
    Sector,
    Soort,
    Thema,
    Uitgangspunt,
)
from entries.search.index import sync_entries
from home.cache.pages import bump_generation
from home.mail import queue_mail

SEARCHED_TERM_FIELDS = ("name", "synonyms")


def _entry_ids_of_term(term):
    return list(term.entries.values_list("pk", flat=True))


def _remember_searched_text(sender, instance, **kwargs):
    """Before a term is saved: did the words that search documents hold change?"""
    fields = [name for name in SEARCHED_TERM_FIELDS if hasattr(instance, name)]
    old = sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._search_text_changed = bool(old) and any(old[name] != getattr(instance, name) for name in fields)


def _vocabulary_saved(sender, instance, **kwargs):
    clear_vocabulary_cache()
    if getattr(instance, "_search_text_changed", False):
        sync_entries(_entry_ids_of_term(instance))
    bump_generation()


def _vocabulary_deleting(sender, instance, **kwargs):
    instance._entry_ids = _entry_ids_of_term(instance)


def _vocabulary_deleted(sender, instance, **kwargs):
    clear_vocabulary_cache()
    sync_entries(getattr(instance, "_entry_ids", []))
    bump_generation()


for _model in (Thema, Onderwerp, Soort, Sector, Uitgangspunt, Organisatie):
    _name = _model.__name__
    pre_save.connect(_remember_searched_text, sender=_model, dispatch_uid=f"vocab-presave-{_name}")
    post_save.connect(_vocabulary_saved, sender=_model, dispatch_uid=f"vocab-save-{_name}")
    pre_delete.connect(_vocabulary_deleting, sender=_model, dispatch_uid=f"vocab-predelete-{_name}")
    post_delete.connect(_vocabulary_deleted, sender=_model, dispatch_uid=f"vocab-delete-{_name}")


# -- the search rows follow every change of what is live and public -------------------
@receiver(page_published, sender=EntryPage, dispatch_uid="entries-index-published")
@receiver(page_unpublished, sender=EntryPage, dispatch_uid="entries-index-unpublished")
def _entry_changed(sender, instance, **kwargs):
    sync_entries([instance.pk])


@receiver(post_delete, sender=EntryPage, dispatch_uid="entries-oai-tombstone")
def _entry_deleted(sender, instance, **kwargs):
    """The search row goes with the page (its foreign key); the OAI-PMH record stays as a tombstone."""
    sync_entries([instance.pk])


def _entries_under(page):
    return list(EntryPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


@receiver(post_page_move, dispatch_uid="entries-index-moved")
def _page_moved(sender, instance, **kwargs):
    sync_entries(_entries_under(Page.objects.get(pk=instance.pk)))


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="entries-index-restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="entries-index-unrestricted")
def _restriction_changed(sender, instance, origin=None, **kwargs):
    started_by = getattr(origin, "model", type(origin))  # an instance or a queryset started the deletion
    if origin is not None and not issubclass(started_by, PageViewRestriction):
        # The restriction goes because its page is being deleted: indexing that page again would add a row
        # for it after its own cascade (a 500 at commit, found with an attachment on a restricted entry).
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        sync_entries(_entries_under(page))


@receiver(post_save, sender=Document, dispatch_uid="entries-index-document")
def _document_changed(sender, instance, created=False, **kwargs):
    if not created:
        sync_entries(EntryAttachment.objects.filter(document=instance).values_list("page_id", flat=True))


@receiver(page_published, sender=EntryPage, dispatch_uid="entries-contributor-published")
def tell_contributor_and_forget(sender, instance, revision=None, **kwargs):
    """The contributor hears their entry is online; then their name and e-mail are erased everywhere.

    Wagtail sends page_published also when a moderator approves a publication with a go-live date in the
    future: then the entry is not live yet, the status says "ingepland" and the contributor's details stay
    until `publish_scheduled` really publishes it and this runs again."""
    if not instance.live:
        Contribution.objects.filter(entry=instance).update(status=Contribution.Status.SCHEDULED)
        return
    Contribution.objects.filter(entry=instance).update(status=Contribution.Status.PUBLISHED)
    email = instance.contributor_email
    if not email and not instance.contributor_name:
        return
    if email:
        queue_mail(
            email,
            _("Je bijdrage staat online: %(title)s") % {"title": instance.title},
            "entries/mail/contribution_published.txt",
            {"entry": instance, "name": instance.contributor_name, "url": instance.get_full_url()},
        )
    forget_contributor(instance)


@receiver(task_rejected, dispatch_uid="entries-contribution-changes")
def tell_contributor_of_changes(sender, instance, user=None, **kwargs):
    """A moderator sent the contribution back for changes: the contributor hears it, with the comment."""
    page = instance.workflow_state.content_object
    if isinstance(page, Page) and isinstance(page.specific, EntryPage):
        tell_contributor(
            page.specific,
            Contribution.Status.IN_PROGRESS,
            _("Je bijdrage wordt bewerkt: %(title)s"),
            "entries/mail/contribution_changes.txt",
            comment=instance.get_comment(),
        )


@receiver(pre_delete, sender=EntryPage, dispatch_uid="entries-contribution-declined")
def tell_contributor_declined(sender, instance, **kwargs):
    """A draft contribution deleted by the editors is not placed: the contributor hears that too."""
    if not instance.live:
        tell_contributor(
            instance,
            Contribution.Status.DECLINED,
            _("Je bijdrage is niet geplaatst: %(title)s"),
            "entries/mail/contribution_declined.txt",
        )
