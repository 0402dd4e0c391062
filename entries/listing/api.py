"""`/api/v2/kennisbank/`: the listing's parameters in, entries and facet counts out (JSON), for reusers."""

from functools import partial

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from entries.catalogue.vocabularies import VOCABULARIES
from entries.listing.cards import per_revision
from entries.listing.filters import FACETS, Listing
from home.cache.pages import conditional, mark_canonical
from home.site.pagination import paginate, requested_page

PER_PAGE = 20
RELATIONS = (*(v.field for v in VOCABULARIES if v.many), "organisations")


def _slugs(terms):
    return [term.slug for term in terms]


def _slug(entry, vocabulary):
    terms = vocabulary.terms_of(entry)
    return terms[0].slug if terms else None


def _entry(entry, request):
    return {
        "id": entry.pk,
        "title": entry.title,
        "slug": entry.slug,
        "html_url": entry.get_full_url(request),
        "intro": entry.intro,
        **{
            vocabulary.param: _slugs(vocabulary.terms_of(entry)) if vocabulary.many else _slug(entry, vocabulary)
            for vocabulary in VOCABULARIES
        },
        "onderbouwing": entry.evidence_level,
        "licentie": entry.licence,
        "organisaties": [org.name for org in entry.organisations.all()],
        "date": entry.date.isoformat() if entry.date else None,
        "first_published_at": entry.first_published_at.isoformat() if entry.first_published_at else None,
        "external_url": entry.external_url or None,
        "language": entry.language,
        "country": entry.country,
    }


def _items(ids, request):
    """The items of the live entries among `ids`, made once per revision (entries/listing/cards.py)."""
    return per_revision(ids, request, "entry-api", RELATIONS, partial(_entry, request=request))


@require_GET
@conditional
def knowledge_bank(request):
    listing = Listing(request.GET)
    listing.prepare_page(requested_page(request), PER_PAGE)
    try:
        page = paginate(request, listing.results(related=partial(_items, request=request)), per_page=PER_PAGE)
    except Http404:
        return JsonResponse({"message": "Deze pagina bestaat niet."}, status=404)
    if request.META.get("QUERY_STRING", "") == listing.canonical_query(page=page.number):
        mark_canonical(request)  # stored in the page cache only when asked in the canonical form
    return JsonResponse(
        {
            "meta": {
                "total_count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "per_page": PER_PAGE,
                "sort": listing.sort,
                "parameters": {
                    **{facet: listing.selected[facet] for facet in FACETS},
                    "q": listing.query,
                    "sorteer": listing.sort,
                },
            },
            "items": page.object_list,
            "facets": {
                facet.name: [
                    {"slug": o.slug, "name": o.name, "count": o.count, "selected": o.selected} for o in facet.options
                ]
                for facet in listing.facets()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
