"""The sitemap as an index of numbered parts: one file of every page stopped at Django's 50,000 URLs (the
rest of a large collection was missing) and took 23 s to build at 100,000 entries. `/sitemap.xml` lists the
parts, each at most SITEMAP_PAGE_SIZE pages, and every address in both starts with PUBLIC_BASE_URL."""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from home.site.public_urls import public_url

SECTION = "paginas"


class PageSitemap(Sitemap):
    """Wagtail's sitemap of live, public pages in tree order, in parts of SITEMAP_PAGE_SIZE."""

    @property
    def limit(self):
        return settings.SITEMAP_PAGE_SIZE


def sitemap_index(request):
    parts = PageSitemap(request).paginator.num_pages
    location = public_url(reverse("sitemap_part", args=[SECTION]))
    items = [SitemapIndexItem(location if n == 1 else f"{location}?p={n}", None) for n in range(1, parts + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


def sitemap_part(request, section):
    """One part (?p=N; a part that does not exist is a 404, as Django's sitemap view answers it)."""
    return wagtail_sitemap(request, {SECTION: PageSitemap}, section=section)
