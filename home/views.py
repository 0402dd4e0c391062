import logging
import re
from urllib.parse import urlencode

from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from home.cache.backends import cache_status
from home.cache.pages import serve_canonical
from home.search import SiteResults, promotions
from home.search.stats import record_search
from home.site.navigation import not_for_crawlers
from home.site.pagination import paginate, requested_page
from home.site.public_urls import public_url

logger = logging.getLogger("portal.security")

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Search text as users mean it: no control characters, bounded length, single spaces."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY_LENGTH * 4])
    # Only letters and digits reach the full-text engines: quotes and operators are syntax to them.
    words = re.sub(r"[^\w\s]|_", " ", text).split()
    # Very long words are never real words and make full-text parsers slow (CVE-2024-39317 class).
    words = [word[:50] for word in words][:20]
    return " ".join(words)[:MAX_QUERY_LENGTH]


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.error("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable", "cache": "unknown"}, status=503)
    try:
        cache = cache_status()
    except DatabaseError:
        cache = "unavailable"
    if cache == "ok":
        return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})
    # The site still serves (uncached); `?strict=1` lets a load balancer take such a server out of rotation.
    status = 503 if request.GET.get("strict") else 200
    return JsonResponse({"status": "degraded", "database": "ok", "cache": cache}, status=status)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        *(f"Disallow: {path}" for path in not_for_crawlers()),
        f"Sitemap: {public_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    number = requested_page(request)
    if number is None:
        raise Http404("Deze pagina bestaat niet.")
    canonical = [("q", query), *([("pagina", number)] if number > 1 else [])] if query else []
    redirect = serve_canonical(request, urlencode(canonical))
    if redirect:
        return redirect
    results = None
    promoted = []
    if query:
        results = paginate(request, SiteResults(query), per_page=20)
        if results.number == 1:
            record_search(query, found=results.paginator.count > 0)
            promoted = promotions(query)
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "query": query,
            "results": results,
            "promoted": promoted,
            "base_query": "?" + urlencode({"q": query}),
            "own_search_field": True,  # one search field per page: the header leaves its own out
        },
    )
