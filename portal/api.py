from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
# Read-only, published and public pages only (the pages endpoint filters on live and privacy).
api_router.register_endpoint("pages", PagesAPIViewSet)
