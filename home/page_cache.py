"""Full-page cache for anonymous GET requests (Redis when REDIS_URL is set, local memory otherwise).

Never stale where it matters: every key carries a generation number that publishing, unpublishing,
moving or deleting a page, or changing a vocabulary term, increments. Pages that show places left on
events also carry a second number that every registration, cancellation and promotion increments, and
live at most PLACES_TTL seconds. Forms keep working: the CSRF token in a cached page is replaced by
a fresh one for each visitor, and Django's CSRF middleware sets the matching cookie.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "page-cache:generation"
PLACES_GENERATION_KEY = "page-cache:places-generation"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"__CSRF_TOKEN__"
MAX_URL_LENGTH = 2000
DEFAULT_TTL = 600
PLACES_TTL = 10
# Pages that show places left on events; they may be at most PLACES_TTL seconds old.
PLACES_PREFIXES = ("/netwerk/",)
PLACES_PATHS = ("/",)
EXCLUDED_PREFIXES = ("/admin/", "/healthz/", "/documenten/", "/static/", "/media/")


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def bump_generation():
    """Makes every cached page stale at once, on every server sharing the cache."""
    _bump(GENERATION_KEY)


def bump_places_generation():
    """Makes the pages that show places left stale, after a registration changed them."""
    _bump(PLACES_GENERATION_KEY)


def _shows_places(path):
    return path in PLACES_PATHS or path.startswith(PLACES_PREFIXES)


def _generation(path):
    keys = [GENERATION_KEY, PLACES_GENERATION_KEY] if _shows_places(path) else [GENERATION_KEY]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, 1, None)
            found[key] = cache.get(key, 1)
    return ".".join(str(found[key]) for key in keys)


def _ttl(path):
    return PLACES_TTL if _shows_places(path) else DEFAULT_TTL


def _cacheable_request(request):
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and len(request.get_full_path()) <= MAX_URL_LENGTH
    )


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-cache" not in cache_control and "no-store" not in cache_control


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = f"page-cache:{_generation(request.path)}:{request.get_host()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            response = self._rebuild(request, cached)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
            cache.set(key, (response.status_code, headers, content), _ttl(request.path))
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _rebuild(request, cached):
        status, headers, content = cached
        has_form = CSRF_PLACEHOLDER in content
        if has_form:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        if has_form:
            patch_vary_headers(response, ("Cookie",))
        return response
