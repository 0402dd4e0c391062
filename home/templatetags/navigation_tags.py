from django import template

from home.site.public_urls import public_url

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_items(context):
    """The header menu with the section the visitor is in marked: `current` is "page" on that very page,
    "true" inside it (the longest menu URL that starts the path), else empty."""
    request = context.get("request")
    navigation = context.get("navigation") or {}
    items = navigation.get("menu", [])
    path = request.path if request is not None else ""
    inside = [item["url"] for item in items if item["url"] and item["url"] != "/" and path.startswith(item["url"])]
    deepest = max(inside, key=len, default=None)
    return [
        {**item, "current": ("page" if path == deepest else "true") if item["url"] == deepest else ""} for item in items
    ]


@register.filter
def public(path):
    """A site-relative path as the absolute address readers use (PUBLIC_BASE_URL), e.g. for a canonical link."""
    return public_url(path) if path and path.startswith("/") else path
