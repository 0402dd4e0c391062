"""Help when a search finds nothing: the vocabulary terms the words name, and a spelling suggestion."""

import difflib
import hashlib

from django.core.cache import cache
from django.utils.translation import gettext as _

from entries.catalogue.vocabularies import VOCABULARIES
from entries.models.search import EntrySearchRow
from entries.search.text import fold, query_words, stem

WORDS_CACHE_KEY = "entries:suggest-words"
TITLE_SAMPLE = 5_000


def _term_stems(term):
    return {stem(word) for word in fold(f"{term.name} {term.synonyms}").split()}


def matching_terms(words):
    """[(facet, term)] of active terms whose name or synonyms contain one of the words."""
    stems = {stem(word) for word in words}
    found = []
    for vocabulary in VOCABULARIES:
        for term in vocabulary.model.objects.filter(is_active=True):
            if stems & _term_stems(term):
                found.append((vocabulary.param, term))
    return found


def known_words():
    """Words readers may have meant: vocabulary names and synonyms, and the words of recent titles."""
    words = cache.get(WORDS_CACHE_KEY)
    if words is None:
        texts = []
        for vocabulary in VOCABULARIES:
            terms = vocabulary.model.objects.values_list("name", "synonyms")
            texts += [f"{name} {synonyms}" for name, synonyms in terms]
        recent = EntrySearchRow.objects.order_by("-published_at").values_list("title_key", flat=True)[:TITLE_SAMPLE]
        texts += list(recent)
        words = sorted({word for text in texts for word in fold(text).split() if len(word) > 3})
        cache.set(WORDS_CACHE_KEY, words, 3600)
    return words


def _words_starting_with(letter):
    """The known words with this first letter (a reader rarely mistypes the first letter; comparing a word with
    only those is some twenty times cheaper than with every known word), cached per letter."""
    key = f"{WORDS_CACHE_KEY}:initial:{letter}"
    words = cache.get(key)
    if words is None:
        groups = {}
        for word in known_words():
            groups.setdefault(word[0], []).append(word)
        words = groups.setdefault(letter, [])
        cache.set_many({f"{WORDS_CACHE_KEY}:initial:{initial}": group for initial, group in groups.items()}, 3600)
    return words


def closest_word(word):
    """The known word most like `word` (difflib's ratio at least 0.75), or `word` itself; kept an hour."""
    key = f"{WORDS_CACHE_KEY}:closest:{hashlib.sha256(word.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if found is None:
        found = (difflib.get_close_matches(word, _words_starting_with(word[:1]), n=1, cutoff=0.75) or [word])[0]
        cache.set(key, found, 3600)
    return found


def suggestions(listing):
    """{'spelling': (text, querystring) or None, 'terms': [(label, name, querystring)]} for an empty listing."""
    words = query_words(listing.query)
    if not words:
        return None
    terms = []
    for facet, term in matching_terms(words):
        if term.slug not in listing.selected[facet]:
            selected = {key: list(values) for key, values in listing.selected.items()}
            selected[facet] = [*selected[facet], term.slug]
            terms.append((facet, term.name, listing.querystring(selected=selected, query="")))
    corrected = [closest_word(word) for word in words]
    spelling = None
    if corrected != words:
        text = " ".join(corrected)
        spelling = (text, listing.querystring(query=text))
    if not terms and not spelling:
        return None
    return {"spelling": spelling, "terms": terms, "label": _("Bedoel je")}
