"""Absolute links point to the address readers use: PUBLIC_BASE_URL, never the Site record or the request."""

from django.conf import settings


def public_url(path):
    """PUBLIC_BASE_URL + a site-relative path ('/kennisbank/')."""
    return settings.PUBLIC_BASE_URL + path


class PublicUrlMixin:
    """For page types: `full_url` and `get_full_url()` (canonical, sitemap, API, feed, e-mail) use PUBLIC_BASE_URL."""

    def get_full_url(self, request=None):
        parts = self.get_url_parts(request)
        return public_url(parts[2]) if parts else None

    @property
    def full_url(self):  # Wagtail binds its own property to Page.get_full_url
        return self.get_full_url()


def site_address():
    """(hostname, port) of PUBLIC_BASE_URL, for the default Site record."""
    scheme, _sep, rest = settings.PUBLIC_BASE_URL.partition("://")
    host = rest.split("/", 1)[0]
    hostname, _colon, port = host.rpartition(":") if ":" in host.split("]")[-1] else (host, "", "")
    return hostname, int(port) if port else (443 if scheme == "https" else 80)


def sync_default_site():
    """Give the default Site the host and port of PUBLIC_BASE_URL (Wagtail's Site has no scheme field)."""
    from wagtail.models import Site

    hostname, port = site_address()
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(hostname=hostname, port=port)
