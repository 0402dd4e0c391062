from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from entries.models import EntryPage
from home.page_cache import mark_short_lived


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Read-only, published and public pages only; an entry's vocabularies load in one query each."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.render()
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
