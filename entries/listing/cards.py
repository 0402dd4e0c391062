"""Entry cards rendered once per revision, not per request, in a cache of their own (`fragments`); the read
API's items likewise (entries/listing/api.py).

A card's key names the entry, its live revision, the page-cache generation (which publishing anything, a
vocabulary term, an organisation or a site setting changes, in any process) and the site: a card never outlives
what it shows. A page of cards costs one query (the entries' ids and live revisions) and one cache round trip;
only the entries without a stored card are loaded, with their card's relations, and rendered.
"""

from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from entries.listing.filters import CARD_RELATIONS
from entries.models.pages import EntryPage
from home.cache.pages import current_generation

TEMPLATE = "components/entry_card.html"
TTL = 24 * 3600  # a new revision or generation makes a new key; the old card ages out within a day


def _key_prefix(request, kind):
    """What every stored item of this request shares in its key: its kind, the site, the language and the
    generation (as this request read it: the page cache stores the page under that one)."""
    site = Site.find_for_request(request)
    generation = getattr(request, "page_cache_generation", None) or current_generation()
    return f"{kind}:{site.pk if site else 0}:{get_language()}:{generation}"


def per_revision(ids, request, kind, relations, make):
    """`make(entry)` for the live entries among `ids`, in the order of `ids`, stored per revision: only the
    entries without a stored item are loaded (with `relations`) and made."""
    fragments = caches["fragments"]
    prefix = _key_prefix(request, kind)
    # Only the ids and revisions (no page objects: Wagtail's Page.__init__ costs some 0.2 ms each); the entries
    # whose item is not stored yet are loaded below.
    revisions = dict(EntryPage.objects.live().filter(pk__in=ids).values_list("pk", "live_revision_id"))
    keys = {pk: f"{prefix}:{pk}:{revision}" for pk, revision in revisions.items()}
    stored = fragments.get_many(keys.values())
    wanted = [pk for pk in ids if pk in keys and keys[pk] not in stored]
    if wanted:
        found = EntryPage.objects.live().filter(pk__in=wanted).select_related("entry_type").defer_streamfields()
        entries = {entry.pk: entry for entry in found}
        missing = [entries[pk] for pk in wanted if pk in entries]
        prefetch_related_objects(missing, *relations)
        made = {keys[entry.pk]: make(entry) for entry in missing}
        fragments.set_many(made, TTL)
        stored.update(made)
    return [stored[keys[pk]] for pk in ids if keys.get(pk) in stored]  # unpublished in between: left out


def rendered_cards(ids, request):
    """The cards of the live entries among `ids`, in the order of `ids`, as HTML."""
    template = get_template(TEMPLATE).template

    def render(entry):
        return template.render(Context({"entry": entry, "request": request}, autoescape=True))

    return [mark_safe(card) for card in per_revision(ids, request, "entry-card", CARD_RELATIONS, render)]
