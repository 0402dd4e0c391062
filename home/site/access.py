"""Which pages are private, known without asking the database on every request.

Wagtail checks a page's view restrictions before serving it (its `check_view_restrictions` hook): two queries, the
page's ancestors and their restrictions, on every uncached page and every form sent, although almost no page of
this site is private. `ViewRestrictionsMixin` answers from a small list kept in the shared cache instead: the
paths of the pages that carry a restriction, and of alias pages (whose restrictions are their source page's).
A page below none of them has no restriction, so it gets an empty queryset without a query; a page below one of
them gets Wagtail's own answer, unchanged.

The list goes stale exactly where the navigation does (home/signals.py): a restriction saved or deleted, a page
published, moved or deleted, now and again after the commit. A new alias needs no signal of its own: it answers
with Wagtail's own check (it has `alias_of`), and Wagtail gives an alias of a private page a copy of the
restriction, which is saved like any other.
"""

from django.core.cache import cache

from home.cache.kept import kept_per_generation

GUARDED_PATHS_CACHE_KEY = "site-guarded-paths"


def guarded_paths():
    """Tree paths of the pages with a view restriction and of alias pages; kept in the shared cache, and during a
    request in this process for the request's generation (home/cache/kept.py)."""
    return kept_per_generation(GUARDED_PATHS_CACHE_KEY, _shared_guarded_paths)


def _shared_guarded_paths():
    paths = cache.get(GUARDED_PATHS_CACHE_KEY)
    if paths is None:
        from wagtail.models import Page, PageViewRestriction

        restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
        aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        paths = tuple(sorted({*restricted, *aliases}))
        cache.set(GUARDED_PATHS_CACHE_KEY, paths, 3600)
    return paths


class ViewRestrictionsMixin:
    """For page types: `get_view_restrictions()` without queries for a page that no restriction can apply to."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not self.path.startswith(guarded_paths()):
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
