"""Full-page cache for anonymous GET requests, in the shared cache (home/cache.py).

Never stale where it matters: every key carries a generation number that publishing, unpublishing,
moving or deleting a page, a vocabulary term, a site setting or the Site changing increments, in any
process. A response that shows places left on events (whatever its URL: a template tag or the API marks
the request with `mark_short_lived`) is stored with the places generation of its moment, which every
registration, cancellation and promotion increments, and lives at most PLACES_TTL seconds. Responses
marked private or no-cache (personal pages behind a token) are never stored. Forms keep working: the CSRF
token in a cached page is replaced by a fresh one for each visitor.
"""

import re
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition

from home.cache.backends import get_across
from home.tokens import random_string

GENERATION_KEY = "page-cache:generation"
PLACES_GENERATION_KEY = "page-cache:places-generation"
GENERATION_TIME_KEY = "page-cache:generation-time"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"__CSRF_TOKEN__"
MAX_URL_LENGTH = 2000
DEFAULT_TTL = 600
PLACES_TTL = 10
EXCLUDED_PREFIXES = ("/admin/", "/healthz/", "/documenten/", "/static/", "/media/")


def _first_generation():
    """Where a generation begins (a new cache, or one emptied or restarted): never a number used before, so that
    what a process keeps outside the shared cache under an old generation (home.site.lookup) cannot pass
    for current after a flush. Milliseconds: a thousand changes a second would be needed to catch up."""
    return time.time_ns() // 1_000_000


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _first_generation(), None)


def bump_generation():
    """Makes every cached page stale at once, on every server sharing the cache."""
    _bump(GENERATION_KEY)
    cache.set(GENERATION_TIME_KEY, int(time.time()), None)


def bump_places_generation():
    """Makes the pages that show places left stale, after a registration changed them."""
    _bump(PLACES_GENERATION_KEY)


def serve_canonical(request, query):
    """For a view that understood its parameters: `query` is the canonical query string ('' or 'a=1&b=2',
    known parameters in canonical order, unknown ones and unknown values left out). A request that asked it
    any other way is redirected there; one that asked it so may be stored by the page cache. Only such
    pages, and pages without a query string, are stored: junk parameters never fill the cache."""
    if request.META.get("QUERY_STRING", "") != query:
        return HttpResponseRedirect(request.path + ("?" + query if query else ""))
    mark_canonical(request)
    return None


def mark_canonical(request):
    """This answer is the same for every request with the same query string (a validated API call)."""
    request.page_cache_canonical = True


def mark_short_lived(request):
    """This response shows places left: store it with the places generation and for PLACES_TTL at most."""
    request.page_cache_short_lived = True


def current_generation():
    """The page-cache generation now: whatever else is cached from pages (entry cards) keys on it, so that what
    makes pages stale makes it stale too, on every process."""
    return _begun(GENERATION_KEY, cache.get(GENERATION_KEY))


def _begun(name, value):
    """The generation `name` as read (`value`), begun now where the cache had none (by whichever process is
    first: `add` never overwrites)."""
    if value is None:
        cache.add(name, _first_generation(), None)
        value = cache.get(name) or _first_generation()
    return value


def _validators(request):
    """(ETag, Last-Modified) of an anonymous page whose content follows from its URL and what is published:
    the generation (every publish, unpublish, vocabulary or setting change moves it on) and the day."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None, None  # signed-in visitors may see more; their pages are not validated
    if not hasattr(request, "_page_validators"):
        request._page_validators = _current_validators()
    return request._page_validators


def _current_validators():
    found = cache.get_many([GENERATION_KEY, GENERATION_TIME_KEY])
    generation, changed = found.get(GENERATION_KEY, 0), found.get(GENERATION_TIME_KEY)
    if changed is None:  # no change recorded since the cache began: it began now
        cache.add(GENERATION_TIME_KEY, int(time.time()), None)
        changed = cache.get(GENERATION_TIME_KEY) or int(time.time())
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    last_modified = datetime.fromtimestamp(max(changed, today.timestamp()), UTC)
    return f'W/"g{generation}-{today:%Y%m%d}"', last_modified


def conditional(view):
    """For the listing, the feed and the read API: an `ETag` and `Last-Modified` from the generation, and a 304
    before any database work when the reader's copy is still current."""

    def own_validators_only(request, *args, **kwargs):
        # A view's own Last-Modified (the feed framework's newest item date) would disagree with the one
        # If-Modified-Since is checked against; the generation's is the one sent.
        response = view(request, *args, **kwargs)
        if _validators(request)[1] is not None and response.has_header("Last-Modified"):
            del response["Last-Modified"]
        return response

    validated = condition(
        etag_func=lambda request, *args, **kwargs: _validators(request)[0],
        last_modified_func=lambda request, *args, **kwargs: _validators(request)[1],
    )(own_validators_only)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = validated(request, *args, **kwargs)
        if response.status_code not in (200, 304):  # a redirect or an error is not a version of the page
            for header in ("ETag", "Last-Modified"):
                if response.has_header(header):
                    del response[header]
        elif response.has_header("ETag"):
            patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper


def _pages():
    """Whole pages live in a cache of their own, so a flood of URLs can only ever push out other pages."""
    return caches["pages"]


class RecentPages:
    """The pages this process served lately, as stored in the shared cache, bounded in bytes.

    A copy is only ever served after the shared generations were read for the request and matched the copy's
    (and, for a page that shows places left, the places generation), so it is exactly as fresh as the shared
    entry; what it saves is fetching and unpickling the page itself (tens of kilobytes) on every hit. A copy
    also ends when the shared entry would have (its time to live counts from when it was stored)."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._items = OrderedDict()  # key -> (entry, expires at, size)
        self._bytes = 0
        self._lock = threading.Lock()  # gunicorn's threads share a process

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            if found[1] <= time.monotonic():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key, entry, expires_at):
        size = len(entry[2]) + len(key)
        if size > self.max_bytes // 4:  # a huge page would push out everything else
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (entry, expires_at, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._items)))

    def discard(self, key):
        with self._lock:
            if key in self._items:
                self._drop(key)

    def clear(self):
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def _drop(self, key):
        self._bytes -= self._items.pop(key)[2]


recent_pages = RecentPages(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024))


def _fresh(entry, generation, places):
    """An entry stored under the current generation (and, where it shows places left, the current places
    generation) is what rendering the page now would give."""
    return entry is not None and entry[4] == generation and entry[3] in (None, places)


def _lookup(key):
    """(generation, places generation, cached entry or None): the generations from the default cache, where
    page traffic never evicts them, the page from this process's recent copy when that is current, else from
    the pages cache (one round trip with the generations when this process has no copy)."""
    default = caches["default"]  # the cache itself: get_across tells the backend by its class, not a proxy
    wanted = [(default, GENERATION_KEY), (default, PLACES_GENERATION_KEY)]
    recent = recent_pages.get(key)
    if recent is not None:
        generation, places = _both_begun(*get_across(wanted))
        if _fresh(recent, generation, places):
            return generation, places, recent
        recent_pages.discard(key)  # out of date: another process may have stored the current page already
        return generation, places, _pages().get(key)
    *found, page = get_across([*wanted, (_pages(), key)])
    generation, places = _both_begun(*found)
    if _fresh(page, generation, places) and len(page) > 5:
        recent_pages.put(key, page, _expires_at(page))
    return generation, places, page


def _both_begun(generation, places):
    return _begun(GENERATION_KEY, generation), _begun(PLACES_GENERATION_KEY, places)


def _expires_at(entry):
    """When a stored entry's time in the shared cache ends, on this process's monotonic clock."""
    ttl = PLACES_TTL if entry[3] is not None else DEFAULT_TTL
    return time.monotonic() + ttl - max(0.0, time.time() - entry[5])


def _cacheable_request(request):
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and len(request.get_full_path()) <= MAX_URL_LENGTH
    )


def _storable(request):
    return not request.META.get("QUERY_STRING") or getattr(request, "page_cache_canonical", False)


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
        # Stored only under a path with no query string or the canonical one its view confirmed.
        key = f"page-cache:{request.get_host()}:{request.get_full_path()}"
        generation, places, cached = _lookup(key)
        request.page_cache_generation = generation  # what else keys on it reads it here (home.site.lookup)
        if _fresh(cached, generation, places):
            response = self._rebuild(request, cached)
            response["X-Page-Cache"] = "hit"
            if response.has_header("ETag"):  # stored under the current generation, so its validators hold
                last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
                response = get_conditional_response(
                    request, etag=response["ETag"], last_modified=last_modified, response=response
                )
            return response
        response = self.get_response(request)
        if _storable(request) and _cacheable_response(response):
            short_lived = getattr(request, "page_cache_short_lived", False)
            content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            headers = {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "vary")}
            entry = (response.status_code, headers, content, places if short_lived else None, generation, time.time())
            _pages().set(key, entry, PLACES_TTL if short_lived else DEFAULT_TTL)
            recent_pages.put(key, entry, _expires_at(entry))
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _rebuild(request, cached):
        status, headers, content = cached[:3]
        has_form = CSRF_PLACEHOLDER in content
        if has_form:
            # A hit is served before the session and CSRF middleware run (that is most of its speed), so the
            # CSRF middleware's two steps are taken here: read the visitor's cookie, then set it if needed.
            _CSRF.process_request(request)
            content = content.replace(CSRF_PLACEHOLDER, form_token(request).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        if has_form:
            patch_vary_headers(response, ("Cookie",))
            response = _CSRF.process_response(request, response)
        return response


_CSRF = CsrfViewMiddleware(lambda request: None)


def form_token(request):
    """Django's `get_token`, with the random characters of the cookie's secret and of the mask drawn in one call to
    the system's random source instead of one per character: the same secret format in the same cookie, the
    same masked token (mask + secret shifted by the mask), which Django's CSRF middleware checks on the POST."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: send the cookie, renewing its expiry
    mask = random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    chars = CSRF_ALLOWED_CHARS
    cipher = "".join(chars[(chars.index(s) + chars.index(m)) % len(chars)] for s, m in zip(secret, mask, strict=True))
    return mask + cipher
