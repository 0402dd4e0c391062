"""Synthetic text for load and scale tests, with the word statistics of real writing.

Words follow a Zipf distribution over a large vocabulary (a few words in most entries, most words in
very few), topic words cluster in the entries tagged with that topic, and one domain word
("studenten") stands in every entry, so that the benchmark can measure rare, typical, common and
worst-case queries (see `query_mix`).
"""

import itertools
import random
from bisect import bisect
from dataclasses import dataclass

from entries.search.text import STOP_WORDS, fold

VOCABULARY_SIZE = 30_000
ZIPF_EXPONENT = 1.0
WORDS_PER_ENTRY = 150  # title ~5, intro ~25, body ~120 on average
EVERY_ENTRY_WORD = "studenten"
_ONSETS = "b br d dr f g gr h j k kl kr l m n p pl r s sch sl sm st t tr v w z".split()
_VOWELS = "a e i o u aa ee oo ie oe ui ei".split()
_CODAS = ["", "k", "l", "m", "n", "r", "s", "t", "nd", "ng", "rk", "st"]


@dataclass
class EntryText:
    title: str
    intro: str
    paragraphs: list


def _syllables():
    return [onset + vowel + coda for onset, vowel, coda in itertools.product(_ONSETS, _VOWELS, _CODAS)]


def vocabulary(size=VOCABULARY_SIZE):
    """Deterministic pseudo-Dutch words of two and three syllables, most frequent first."""
    rng = random.Random(20261125)
    syllables = _syllables()
    words, seen = [], set(STOP_WORDS) | {EVERY_ENTRY_WORD}
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3))))
        if word not in seen and len(word) <= 14:
            seen.add(word)
            words.append(word)
    return words


class Corpus:
    def __init__(self, topics=()):
        self.words = vocabulary()
        weights = [1 / (rank + 2.7) ** ZIPF_EXPONENT for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]
        rng = random.Random(7)
        tail = self.words[2_000:20_000]
        self.topic_words = {pk: fold(name).split() + rng.sample(tail, 12) for pk, name in (dict(topics) or {}).items()}

    def _draw(self, rng, count):
        return [self.words[bisect(self.cumulative, rng.random() * self.total)] for _ in range(count)]

    def entry_text(self, rng, topics=()):
        topical = []
        for pk in topics:
            pool = self.topic_words.get(pk, [])
            topical += rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        title_words = self._draw(rng, rng.randint(3, 6)) + topical[:1]
        intro_words = [EVERY_ENTRY_WORD, *self._draw(rng, 22), *topical[1:3]]
        rng.shuffle(intro_words)
        body = self._draw(rng, rng.randint(60, 180)) + topical[3:]
        rng.shuffle(body)
        paragraphs = [" ".join(body[start : start + 60]).capitalize() + "." for start in range(0, len(body), 60)]
        return EntryText(
            title=" ".join(title_words).capitalize(),
            intro=" ".join(intro_words).capitalize() + ".",
            paragraphs=paragraphs,
        )


def query_mix():
    """Words whose expected share of entries is ~0.1 %, ~3 % and ~30 %, and the word in every entry."""
    words = vocabulary()
    weights = [1 / (rank + 2.7) ** ZIPF_EXPONENT for rank in range(len(words))]
    total = sum(weights)

    def share(rank):
        return 1 - (1 - weights[rank] / total) ** WORDS_PER_ENTRY

    def closest(target):
        return words[min(range(len(words)), key=lambda rank: abs(share(rank) - target))]

    return {"rare": closest(0.001), "typical": closest(0.03), "common": closest(0.30), "worst": EVERY_ENTRY_WORD}
