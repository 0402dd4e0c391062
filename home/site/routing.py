"""Page routing in one query instead of two per level of the tree.

Wagtail's `Page.route` walks the URL one slug at a time: the child by slug, then its specific object, so a
registration at /netwerk/agenda/<event>/aanmelden/ spent six queries (and a quarter of its time) on finding
the page. `OneQueryRouteMixin` on the site's root page reads every page on the path in one query, walks the
same steps as Wagtail by their classes, and fetches the specific object only of the page that answers.

The steps stay Wagtail's: a page class with a `route` of its own (a routable page whose sub-URL matches, or
any other override) is handed the rest of the path exactly as Wagtail would hand it.

Each process keeps, per path, a pickled copy of the specific page that answered and the rest of the path it was
handed, made under the request's page-cache generation, as it keeps the Site (home/site/lookup.py): every
publish, unpublish, move or deletion moves that generation on, in every process, so a path seen before under
the current generation is routed without the database, and every request unpickles its own page object. Only
for reading (GET and HEAD): a form sent (a contribution adds a page below the index, changing its tree fields
without a publish) gets the page read anew by its key, one query instead of two.
"""

import pickle
import threading
from collections import OrderedDict

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _own_route(page_class, live, remaining):
    """Whether Wagtail would let this page answer (part of) the path itself rather than look for a child."""
    if issubclass(page_class, RoutablePageMixin):
        if not live:
            return False
        try:
            page_class.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
        except Http404:
            return False
        return True
    return page_class.route not in (Page.route, OneQueryRouteMixin.route)


class KeptRoutes:
    """The answering page and the rest of the path, per (root page, path), for one generation at a time."""

    def __init__(self, size):
        self.size = size
        self._items = OrderedDict()  # (root pk, path) -> (generation, pickled specific page, remaining)
        self._lock = threading.Lock()  # gunicorn's threads share a process

    def get(self, key, generation):
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] != generation:
                return None
            self._items.move_to_end(key)
        return pickle.loads(found[1]), found[2]  # noqa: S301 - our own bytes, in memory

    def put(self, key, generation, page, remaining):
        try:
            pickled = pickle.dumps(page)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        with self._lock:
            self._items[key] = (generation, pickled, remaining)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


# Paths with a token (cancel and confirm links, or made up) come once each: the oldest paths make way, and a
# page of some kilobytes per path bounds the memory to a few megabytes per process.
kept_routes = KeptRoutes(size=256)


class OneQueryRouteMixin:
    def route(self, request, path_components):
        if not path_components or _own_route(type(self), self.live, path_components):
            return super().route(request, path_components)
        generation = getattr(request, "page_cache_generation", None)  # set for every request (lookup.py)
        key = (self.pk, tuple(path_components))
        found = kept_routes.get(key, generation) if generation is not None else None
        if found is None:
            page, remaining = self._walk(path_components)
            if generation is not None:
                kept_routes.put(key, generation, page, remaining)
        else:
            page, remaining = found
            if request.method not in ("GET", "HEAD"):  # what a form changes starts from the row as it is now
                page = type(page)._default_manager.filter(pk=page.pk).first()
                if page is None:
                    raise Http404
        return page.route(request, list(remaining))

    def _walk(self, path_components):
        """The specific page that answers the path, and the rest of the path it is handed (Http404 if none)."""
        prefixes = [
            self.url_path + "".join(f"{part}/" for part in path_components[:n])
            for n in range(1, 1 + len(path_components))
        ]
        on_path = {
            page.url_path: page for page in Page.objects.filter(path__startswith=self.path, url_path__in=prefixes)
        }
        page = self
        for n, prefix in enumerate(prefixes):
            child = on_path.get(prefix)
            if child is None or child.depth != page.depth + 1:
                raise Http404
            page, remaining = child, path_components[n + 1 :]
            page_class = page.specific_class or Page
            if remaining and _own_route(page_class, page.live, remaining):
                break
        return page.specific, tuple(remaining)
