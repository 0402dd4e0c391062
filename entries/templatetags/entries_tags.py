from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from entries.listing.related import related_entries as find_related_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def entry_json_ld(context, page):
    """schema.org description of an entry (entries/exchange/schema_org.py), safe inside its script element."""
    from entries.exchange.schema_org import entry_schema, json_ld

    data = entry_schema(page, page.get_full_url(context.get("request")))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_ld(data)))  # noqa: S308


@register.simple_tag
def newest_entries(count):
    """The newest live, public entries (the home page's section)."""
    from entries.models import EntryPage

    return (
        EntryPage.objects.live()
        .public()
        .select_related("entry_type")
        .prefetch_related("topics", "sectors")
        .order_by("-first_published_at")[: int(count)]
    )


@register.simple_tag
def principles():
    """The principles of the Landelijk Kader, in their order."""
    from entries.models import Uitgangspunt

    return Uitgangspunt.objects.all()


def _sentence(text):
    """APA ends each element with a full stop, unless it already ends in one (or in ? or !)."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _apa_authors(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]


def citation_parts(page):
    """The reference in APA 7 for a web page: Author. (Year). Title. Site. URL. The organisations are the
    (group) authors; without one the title moves to the author's place and the site stays the publisher
    (the site is never both author and publisher)."""
    from django.conf import settings

    names = [org.name for org in page.organisations.all()]
    published = page.date or (page.first_published_at.date() if page.first_published_at else None)
    year = f"({published.year})." if published else "(z.d.)."
    title = _sentence(page.title)
    site = _sentence(settings.WAGTAIL_SITE_NAME)
    if names:
        return [("", _sentence(_apa_authors(names))), ("", year), ("title", title), ("", site), ("", page.full_url)]
    return [("title", title), ("", year), ("", site), ("", page.full_url)]


@register.simple_tag
def entry_citation(page):
    """The reference as HTML (the title in italics, as APA sets it); its text is what the copy button copies."""
    parts = citation_parts(page)
    return format_html_join(
        " ", "{}", ((format_html("<i>{}</i>", text) if kind == "title" else text,) for kind, text in parts)
    )


@register.filter
def facet_options(facet):
    """A facet's options as list items: built here rather than by a template loop, as a listing shows some forty
    of them on every (mostly uncached) request; the markup is the one components/facet.html describes."""
    items_label = escape(gettext("items"))
    name = escape(facet.name)
    parts = []
    for number, option in enumerate(facet.options, start=1):
        empty = not option.count and not option.selected
        classes = "facet__option"
        classes += " facet__option--empty" if empty else ""
        classes += " facet__option--more" if number > 6 and not option.selected else ""
        slug, ident = escape(option.slug), f"f-{name}-{escape(option.slug)}"
        parts.append(
            f'<li class="{classes}"><input type="checkbox" name="{name}" value="{slug}" id="{ident}"'
            f"{' checked' if option.selected else ''}{' disabled' if empty else ''}>"
            f'<label for="{ident}">{escape(option.name)} <span class="facet__count" data-count="{option.count:d}">'
            f'<span class="visually-hidden">(</span>{option.count:d}<span class="visually-hidden"> {items_label})'
            f"</span></span></label></li>"
        )
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def related_entries(page):
    """`{% related_entries page as related %}`: the entries shown under an entry (entries.listing.related)."""
    return find_related_entries(page)
