from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from home.mail import queue_mail
from home.page_cache import bump_generation

from .filters import clear_vocabulary_cache
from .models import EntryPage, Onderwerp, Organisatie, Sector, Soort, Thema, Uitgangspunt

CONTRIBUTOR_FIELDS = ("contributor_name", "contributor_email", "contributor_consent")


def _vocabulary_changed(sender, **kwargs):
    clear_vocabulary_cache()
    bump_generation()


for _model in (Thema, Onderwerp, Soort, Sector, Uitgangspunt, Organisatie):
    post_save.connect(_vocabulary_changed, sender=_model, dispatch_uid=f"vocab-save-{_model.__name__}")
    post_delete.connect(_vocabulary_changed, sender=_model, dispatch_uid=f"vocab-delete-{_model.__name__}")


@receiver(page_published, sender=EntryPage, dispatch_uid="entries-contributor-published")
def tell_contributor_and_forget(sender, instance, revision=None, **kwargs):
    """The contributor hears their entry is online; then their name and e-mail are erased everywhere."""
    email = instance.contributor_email
    if not email and not instance.contributor_name:
        return
    if email:
        queue_mail(
            email,
            _("Uw bijdrage staat online: %(title)s") % {"title": instance.title},
            "entries/mail/contribution_published.txt",
            {"entry": instance, "name": instance.contributor_name, "url": instance.get_full_url()},
        )
    EntryPage.objects.filter(pk=instance.pk).update(
        contributor_name="", contributor_email="", contributor_consent=False
    )
    for rev in instance.revisions.all():
        if any(rev.content.get(field) for field in CONTRIBUTOR_FIELDS):
            for field in CONTRIBUTOR_FIELDS:
                rev.content[field] = False if field == "contributor_consent" else ""
            rev.save(update_fields=["content"])
    instance.contributor_name = instance.contributor_email = ""
    instance.contributor_consent = False
