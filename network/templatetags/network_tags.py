from django import template

from home.cache.pages import mark_short_lived

register = template.Library()


@register.simple_tag(takes_context=True)
def shows_places_left(context):
    """Any page that renders places left is cached for seconds, not minutes, wherever it lives."""
    request = context.get("request")
    if request is not None:
        mark_short_lived(request)
    return ""


@register.simple_tag
def upcoming_events(count):
    """The next events with their places (the home page's section)."""
    from network.models import upcoming_events as upcoming

    return upcoming()[: int(count)]


@register.filter
def calendar_links(event):
    """Google and Outlook "add to calendar" links of an event (per session), for mails and pages."""
    from network.events.ical import calendar_links as links

    return links(event.specific) if event is not None else []


@register.simple_tag
def my_network_url():
    """The full address of "Mijn netwerk", for the end of every mail to a participant ('' without a network page)."""
    from home.site.navigation import section_url
    from home.site.public_urls import public_url

    path = section_url("my_network")
    return public_url(path) if path else ""
