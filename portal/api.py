import unicodedata

from django.http import JsonResponse
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from entries.models import EntryPage
from home.cache.pages import mark_canonical, mark_short_lived
from home.views import clean_query

MAX_OFFSET = 1_000_000
NUMBERS = ("offset", "limit")


def _has_control_characters(text):
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def clean_parameters(request):
    """Returns an error message for parameters the API cannot take, or None after cleaning `search` in place:
    search text is reduced to words (as the site search does), numbers are bounded."""
    for key, values in request.GET.lists():
        if _has_control_characters(key) or any(_has_control_characters(value) for value in values):
            return "Parameters mogen geen stuurtekens bevatten."
    for key in NUMBERS:
        value = request.GET.get(key)
        if value is not None and not (
            value.isascii() and value.isdigit() and len(value) <= 7 and int(value) <= MAX_OFFSET
        ):
            return f"{key} moet een geheel getal zijn tussen 0 en {MAX_OFFSET}."
    if "search" in request.GET:
        cleaned = request.GET.copy()
        words = clean_query(request.GET["search"])
        if words:
            cleaned["search"] = words
        else:
            del cleaned["search"]
        request.GET = cleaned
    return None


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Read-only, published and public pages only; an entry's vocabularies load in one query each."""

    def dispatch(self, request, *args, **kwargs):
        problem = clean_parameters(request)
        if problem:
            return JsonResponse({"message": problem}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.render()
        if response.status_code == 200:
            mark_canonical(request._request)  # Wagtail answers 400 to any parameter it does not know
        if b'"places_left"' in response.content:
            mark_short_lived(request._request)
        return response

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is EntryPage:
            queryset = queryset.select_related("entry_type").prefetch_related(
                "themes", "topics", "sectors", "principles", "organisations"
            )
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
