import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def entry_json_ld(context, page):
    """schema.org description of an entry; '<' is escaped so the JSON cannot close the script."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page.title,
        "description": page.intro,
        "url": page.get_full_url(context.get("request")),
        "inLanguage": page.language,
        "genre": page.entry_type.name if page.entry_type else None,
        "keywords": [term.name for term in [*page.themes.all(), *page.topics.all()]],
        "datePublished": page.date.isoformat() if page.date else None,
        "author": [{"@type": "Organization", "name": org.name} for org in page.organisations.all()],
    }
    payload = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


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


@register.simple_tag
def entry_citation(page):
    """A reference a reader can copy: organisations (year). Title. Site name. Address."""
    from django.conf import settings

    authors = ", ".join(org.name for org in page.organisations.all()) or settings.WAGTAIL_SITE_NAME
    year = page.date.year if page.date else (page.first_published_at.year if page.first_published_at else "z.d.")
    return f"{authors} ({year}). {page.title}. {settings.WAGTAIL_SITE_NAME}. {page.full_url}"
