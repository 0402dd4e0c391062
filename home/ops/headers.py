"""Headers on every answer: a Permissions-Policy, and `X-Robots-Tag: noindex` on every personal page (those
marked never-cache: cancel, confirm, manage, leave and status links), so no search engine keeps one."""

from django.conf import settings


class PersonalPageHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            response.setdefault("X-Robots-Tag", "noindex")
        return response
