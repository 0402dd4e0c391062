"""The related entries under an entry: those an editor chose first, then those that share the most topics and
themes (the engine's `similar`, from the search rows, so the cost does not grow with the collection)."""

from entries.listing.filters import load_entries
from entries.search import engine

RELATED = 4


def related_entries(entry):
    chosen = entry.hand_chosen_entries()[:RELATED]
    if len(chosen) >= RELATED:
        return chosen
    # .all() rather than values_list: in a preview these are in-memory relations of a revision.
    shared = {
        "onderwerp": [topic.pk for topic in entry.topics.all()],
        "thema": [theme.pk for theme in entry.themes.all()],
    }
    exclude = [pk for pk in [entry.pk, *(other.pk for other in chosen)] if pk is not None]  # a new page's preview
    ids = engine.similar(shared, exclude, RELATED - len(chosen))
    return chosen + load_entries(ids, ("topics", "sectors"))
