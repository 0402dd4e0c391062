"""Cached navigation and pages go stale whenever the page tree, the Site, a site setting, a redirect or a page's view
restriction changes."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import permissions  # noqa: F401 - connect the page-grant receivers
from home.abuse import security  # noqa: F401 - connect the security-event receivers
from home.cache.pages import bump_generation
from home.models import SiteSettings
from home.site.access import GUARDED_PATHS_CACHE_KEY
from home.site.navigation import NAVIGATION_CACHE_KEY
from home.text import single_line


@receiver(page_published, dispatch_uid="home-nav-published")
@receiver(page_unpublished, dispatch_uid="home-nav-unpublished")
@receiver(post_page_move, dispatch_uid="home-nav-moved")
def clear_navigation(**kwargs):
    _stale_now_and_after_commit()


def _stale_now_and_after_commit():
    """Stale now, and again once the change is committed: a process that read the old rows in between (and kept
    a page, the navigation, a card or the Site under the new generation) is made stale too."""
    _stale()
    transaction.on_commit(_stale)


def _stale():
    cache.delete_many([NAVIGATION_CACHE_KEY, GUARDED_PATHS_CACHE_KEY])
    bump_generation()


@receiver(post_delete, dispatch_uid="home-nav-deleted")
def clear_navigation_on_delete(sender, **kwargs):
    from wagtail.models import Page

    if issubclass(sender, Page):
        _stale_now_and_after_commit()


def _site_wide_change(sender, **kwargs):
    _stale_now_and_after_commit()


# A view restriction hides a page (and what lists it) from anonymous readers at once: cached copies go stale.
for _model in (Site, SiteSettings, Redirect, PageViewRestriction):
    post_save.connect(_site_wide_change, sender=_model, dispatch_uid=f"home-stale-save-{_model.__name__}")
    post_delete.connect(_site_wide_change, sender=_model, dispatch_uid=f"home-stale-delete-{_model.__name__}")


@receiver(pre_save, dispatch_uid="home-page-titles-single-line")
def titles_on_one_line(sender, instance, **kwargs):
    """A page's titles are one line whichever door saved it (admin, contribution, command, revision): Wagtail
    puts them in mail subjects, where a line break would stop every workflow notification."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        for field in ("title", "draft_title", "seo_title"):
            value = getattr(instance, field, None)
            if value:
                setattr(instance, field, single_line(value))
