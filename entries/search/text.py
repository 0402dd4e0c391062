"""Words as the search engine sees them, the same on PostgreSQL and SQLite.

Text is folded to lower-case ASCII letters and digits before it reaches either database, so that
"Stress/prestatiedruk" is two words (PostgreSQL's parser would read one file path) and "geëvalueerd"
matches "geevalueerd". PostgreSQL stems with its `dutch` configuration; SQLite stores the stems that
`dutch_porter` (the same Snowball algorithm) computes here, so both find the same entries.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# PostgreSQL's `dutch` stop words (tsearch_data/dutch.stop): dropped from queries on both databases.
STOP_WORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of
    wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want
    nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles
    onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand
    geweest andere""".split()
)
MAX_QUERY_WORDS = 12
_NON_WORD = re.compile(r"[^a-z0-9]+")
_stemmer = snowballstemmer.stemmer("dutch_porter")


def fold(text):
    """Lower-case ASCII words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    return " ".join(_NON_WORD.sub(" ", ascii_text).split())


@lru_cache(maxsize=20_000)
def stem(word):
    return _stemmer.stemWord(word)


def query_words(query):
    """The words of a search that count: folded, no stop words, at most MAX_QUERY_WORDS, no duplicates."""
    words = []
    for word in fold(query).split():
        if word not in STOP_WORDS and word not in words:
            words.append(word[:50])
    return words[:MAX_QUERY_WORDS]


def stems_of(text):
    """The stems of every word of a text, stop words left out (as to_tsvector('dutch') does)."""
    return [stem(word) for word in fold(text).split() if word not in STOP_WORDS]
