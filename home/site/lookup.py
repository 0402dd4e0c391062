"""The Site of a request without the database on every request.

Wagtail finds the Site with one query per request (a CASE over hostname, port and the default site) and then
reads the root page's specific object with a second, on every uncached page, form post and API call. Both
change only when a Site, a site setting or a page is saved or published, and each of those moves the
page-cache generation on, in every process (home/signals.py). So each process keeps, per host and port, a
pickled copy of the Site with its specific root page, made under a generation, and unpickles a fresh one for
every request (no request ever shares an instance with another); a new generation makes it again.
"""

import pickle

from django.http.request import split_domain_port
from wagtail.models import Site

from home.cache.kept import kept_per_generation, serving
from home.cache.pages import current_generation

MAX_HOSTS = 32  # ALLOWED_HOSTS bounds the hosts; this bounds the memory all the same
_kept = {}  # {(hostname, port): (generation, pickled Site or None)}


def _fresh(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific  # what routing asks for, read once per generation
    return site


def site_for_request(request, generation):
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())  # as Wagtail matches them
    found = _kept.get(key)
    if found is not None and found[0] == generation:
        return pickle.loads(found[1]) if found[1] is not None else None  # noqa: S301 - our own bytes, in memory
    site = _fresh(request)
    if len(_kept) >= MAX_HOSTS:
        _kept.clear()
    try:
        _kept[key] = (generation, pickle.dumps(site) if site is not None else None)
    except (pickle.PicklingError, TypeError, AttributeError):
        _kept.pop(key, None)
    return site


class SiteLookupMiddleware:
    """Sets the Site Wagtail's `Site.find_for_request` returns, from the copy kept under the current generation
    (the page cache's lookup has read the generation already where it ran), and the generation whose copies of
    the navigation, the private paths and the site root paths this request may use (home/cache/kept.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "_wagtail_site"):
            return self.get_response(request)
        generation = getattr(request, "page_cache_generation", None) or current_generation()
        request.page_cache_generation = generation  # read once per request (the entry cards key on it too)
        request._wagtail_site = site_for_request(request, generation)
        with serving(generation):  # what else is kept per generation (home/cache/kept.py)
            # Wagtail's own per-request copy of the site root paths, which page URLs are made from.
            request._wagtail_cached_site_root_paths = kept_per_generation("site-root-paths", Site.get_site_root_paths)
            return self.get_response(request)
