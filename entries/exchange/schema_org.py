"""schema.org for an entry: a LearningResource (with a CreativeWork type by soort where one fits), as JSON-LD in
the entry page's head. Edurep reads the same vocabulary when it converts NL LOM (docs/oai-pmh.md)."""

import json

from django.conf import settings

from entries.models.pages import LICENCE_URLS
from home.site.public_urls import public_url

# A more specific CreativeWork type for some kinds of entry; the others are a LearningResource only.
TYPES_BY_SOORT = {
    "onderzoek": "ScholarlyArticle",
    "handreiking": "HowTo",
    "tool": "WebApplication",
    "training": "Course",
    "beleidsdocument": "Report",
}


def _terms(terms, param):
    return [
        {
            "@type": "DefinedTerm",
            "name": term.name,
            "termCode": term.slug,
            "inDefinedTermSet": public_url(f"/kennisbank/?{param}"),
        }
        for term in terms
    ]


def entry_schema(page, url):
    soort = page.entry_type.slug if page.entry_type else ""
    created = page.date or (page.first_published_at.date() if page.first_published_at else None)
    modified = page.last_published_at or page.latest_revision_created_at
    data = {
        "@context": "https://schema.org",
        "@type": ["LearningResource", TYPES_BY_SOORT[soort]] if soort in TYPES_BY_SOORT else "LearningResource",
        "@id": url,
        "url": url,
        "name": page.title,
        "description": page.intro,
        "inLanguage": page.language,
        "dateCreated": created.isoformat() if created else None,
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": modified.isoformat() if modified else None,
        "author": [
            {"@type": "Organization", "name": org.name, **({"url": org.website} if org.website else {})}
            for org in page.organisations.all()
        ],
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": public_url("/")},
        "about": _terms(page.themes.all(), "thema") + _terms(page.topics.all(), "onderwerp"),
        "educationalLevel": _terms(page.sectors.all(), "sector"),
        "learningResourceType": page.entry_type.name if page.entry_type else None,
        "isAccessibleForFree": True,
        "isBasedOn": page.external_url or None,
        "countryOfOrigin": {"@type": "Country", "name": page.country} if page.country else None,
    }
    if page.licence in LICENCE_URLS:
        data["license"] = LICENCE_URLS[page.licence]
    else:
        data["copyrightNotice"] = str(page.get_licence_display())
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld(data):
    """JSON for a <script type="application/ld+json">: <, > and & escaped, so no text can close the script."""
    payload = json.dumps(data, ensure_ascii=False)
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
