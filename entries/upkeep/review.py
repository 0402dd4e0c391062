"""A collection that stays fresh: live entries not reviewed for REVIEW_AFTER_DAYS (or, never reviewed, first
published that long ago) are due; Eindredactie sees them on the dashboard and in a list, and once a month by
e-mail (`manage.py send_review_reminders`)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import DateField, Q
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entries.models.pages import EntryPage
from home.mail import queue_mail
from home.models import OutgoingMail
from home.permissions import MODERATORS
from home.site.public_urls import public_url


def due_for_review(today=None):
    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.REVIEW_AFTER_DAYS)
    return (
        EntryPage.objects.live()
        .annotate(reviewed=Coalesce("last_reviewed", Cast("first_published_at", DateField())))
        .filter(Q(reviewed__lt=limit) | Q(reviewed__isnull=True))
        .order_by("reviewed", "pk")
    )


def send_review_reminders(today=None):
    """One mail per member of Eindredactie per month, with the due entries; running it twice sends nothing twice.
    Returns the number of mails queued."""
    today = today or timezone.localdate()
    due = list(due_for_review(today).values_list("pk", "title", "reviewed")[:200])
    if not due:
        return 0
    purpose = f"review:{today:%Y-%m}"
    items = "\n".join(
        f"- {title} ({reviewed:%d-%m-%Y}): {public_url(reverse('wagtailadmin_pages:edit', args=[pk]))}"
        if reviewed
        else f"- {title}: {public_url(reverse('wagtailadmin_pages:edit', args=[pk]))}"
        for pk, title, reviewed in due
    )
    queued = 0
    moderators = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True).exclude(email="")
    for moderator in moderators:
        if OutgoingMail.objects.filter(to__iexact=moderator.email, purpose=purpose).exists():
            continue
        queue_mail(
            moderator.email,
            _("%(n)s items in de kennisbank zijn toe aan een nieuwe beoordeling") % {"n": len(due)},
            "entries/mail/review_reminder.txt",
            {"items": items, "count": len(due), "list_url": public_url(reverse("entries_review_list"))},
            purpose=purpose,
        )
        queued += 1
    return queued
