from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from entries.alerts.one_click import one_click_unsubscribe
from entries.exchange.oai import endpoint as oai_endpoint
from entries.listing.api import knowledge_bank
from home import views as home_views
from home.abuse.password_reset import LimitedPasswordResetView
from home.editorial.workflow_messages import WorkflowActionWithOutcome
from home.site import sitemaps
from portal.api import api_router

urlpatterns = [
    # Before Wagtail's own: limited per address and account, and through the outbox.
    path("admin/password_reset/", LimitedPasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    # Wagtail's workflow action, then a message that says what it did (see home/workflow_messages.py).
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        require_admin_access(WorkflowActionWithOutcome.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("healthz/", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_part, name="sitemap_part"),
    path("zoeken/", home_views.search, name="search"),
    # RFC 8058 one-click unsubscribe from a digest's List-Unsubscribe header (outside the page tree: no CSRF).
    path("attendering/<str:token>/afmelden/", one_click_unsubscribe, name="alert_one_click"),
    path("api/v2/kennisbank/", knowledge_bank, name="api_knowledge_bank"),
    path("oai/", oai_endpoint, name="oai"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.site.errors.page_not_found"
handler500 = "home.site.errors.server_error"
