"""The knowledge bank's index page: its routes (listing, feed, export, gap map, alerts, contribution form) call
the views."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from home.site.access import ViewRestrictionsMixin
from home.site.public_urls import PublicUrlMixin


class EntryIndexPage(PublicUrlMixin, ViewRestrictionsMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("introductie"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["entries.EntryPage"]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("kennisbank")

    @path("")
    def listing(self, request):
        from entries.listing.views import listing

        return listing(request, self)

    @path("feed/")
    def feed(self, request):
        from entries.listing.views import feed

        return feed(request, self)

    @path("export/")
    def export(self, request):
        from entries.listing.views import export_csv

        return export_csv(request, self)

    @path("overzicht/", name="overview")
    def overview(self, request):
        from entries.listing.overview import gap_map

        return gap_map(request, self)

    @path("volgen/", name="follow")
    def follow(self, request):
        from entries.alerts.views import follow

        return follow(request, self)

    @path("volgen/<str:token>/", name="alert_manage")
    def alert_manage(self, request, token):
        from entries.alerts.views import manage

        return manage(request, self, token)

    @path("volgen/<str:token>/afmelden/", name="alert_unsubscribe")
    def alert_unsubscribe(self, request, token):
        from entries.alerts.views import unsubscribe

        return unsubscribe(request, self, token)

    @path("delen/status/<str:token>/", name="contribution_status")
    def contribution_status(self, request, token):
        from entries.contributions.views import contribution_status

        return contribution_status(request, self, token)

    @re_path(r"^delen/$")
    def contribute(self, request):
        from entries.contributions.views import contribute

        return contribute(request, self)
