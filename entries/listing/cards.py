"""Entry cards rendered once per revision, not per request, in a cache of their own (`fragments`).

A card's key names the entry, its live revision, the page-cache generation (which publishing anything, a
vocabulary term or a site setting changes, in any process) and the site: a card never outlives what it shows.
A page of cards costs one query (the entries without their body, for their revisions) and one cache round
trip; only the entries without a stored card have their card's relations loaded, and are rendered.
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


def _key_prefix(request):
    """What every card of this request shares in its key: the site, the language and the generation."""
    site = Site.find_for_request(request)
    return f"entry-card:{site.pk if site else 0}:{get_language()}:{current_generation()}"


def rendered_cards(ids, request):
    """The cards of the live entries among `ids`, in the order of `ids`, as HTML."""
    fragments = caches["fragments"]
    prefix = _key_prefix(request)
    found = EntryPage.objects.live().filter(pk__in=ids).select_related("entry_type").defer_streamfields()
    entries = {entry.pk: entry for entry in found}
    keys = {pk: f"{prefix}:{pk}:{entry.live_revision_id}" for pk, entry in entries.items()}
    cards = fragments.get_many(keys.values())
    missing = [entries[pk] for pk in ids if pk in keys and keys[pk] not in cards]
    if missing:
        prefetch_related_objects(missing, *CARD_RELATIONS)
        template = get_template(TEMPLATE).template
        made = {
            keys[entry.pk]: template.render(Context({"entry": entry, "request": request}, autoescape=True))
            for entry in missing
        }
        fragments.set_many(made, TTL)
        cards.update(made)
    return [mark_safe(cards[keys[pk]]) for pk in ids if pk in keys]
