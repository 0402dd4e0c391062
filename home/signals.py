"""Cached navigation is cleared whenever the page tree changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import security  # noqa: F401 - connects the security-event receivers
from .context_processors import NAVIGATION_CACHE_KEY
from .page_cache import bump_generation


@receiver(page_published, dispatch_uid="home-nav-published")
@receiver(page_unpublished, dispatch_uid="home-nav-unpublished")
@receiver(post_page_move, dispatch_uid="home-nav-moved")
def clear_navigation(**kwargs):
    cache.delete(NAVIGATION_CACHE_KEY)
    bump_generation()


@receiver(post_delete, dispatch_uid="home-nav-deleted")
def clear_navigation_on_delete(sender, **kwargs):
    from wagtail.models import Page

    if issubclass(sender, Page):
        cache.delete(NAVIGATION_CACHE_KEY)
        bump_generation()
