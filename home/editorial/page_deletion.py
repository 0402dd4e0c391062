"""Who may delete which pages, for every door that deletes (the page's delete view and the bulk action).

Wagtail lets anyone with `change` delete pages that are not live; some of those must stay until the right
person decides: each app registers a guard, guard(user, pages) -> a Dutch reason to refuse, or None. `home`
guards pages in moderation: only Eindredactie (and superusers) may delete them, for a deletion is a decision
about the submission."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from home.permissions import MODERATORS

_guards = []


def register_delete_guard(guard):
    if guard not in _guards:
        _guards.append(guard)


def is_moderator(user):
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


def in_moderation(user, pages):
    if is_moderator(user):
        return None
    ids = [str(page.pk) for page in pages]
    states = WorkflowState.objects.filter(
        object_id__in=ids, status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    )
    if states.exists():
        return _("Deze pagina ligt ter beoordeling bij de eindredactie; alleen de eindredactie kan haar verwijderen.")
    return None


register_delete_guard(in_moderation)


def refusal(user, page_or_pages):
    """The first guard's reason to refuse deleting these pages and everything below them, or None."""
    roots = page_or_pages if isinstance(page_or_pages, list | tuple) else [page_or_pages]
    pages = []
    for root in roots:
        pages.extend(Page.objects.descendant_of(root, inclusive=True).specific())
    for guard in _guards:
        reason = guard(user, pages)
        if reason:
            return reason
    return None


def refuse(request, page, reason):
    messages.error(request, reason)
    return redirect("wagtailadmin_pages:edit", page.pk)
