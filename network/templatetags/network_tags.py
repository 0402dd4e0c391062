from django import template

from home.page_cache import mark_short_lived

register = template.Library()


@register.simple_tag(takes_context=True)
def shows_places_left(context):
    """Any page that renders places left is cached for seconds, not minutes, wherever it lives."""
    request = context.get("request")
    if request is not None:
        mark_short_lived(request)
    return ""
