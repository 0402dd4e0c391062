from .pages import (
    EVIDENCE_LEVELS,
    EntryAttachment,
    EntryIndexPage,
    EntryPage,
    QualityMixin,
    RelatedEntry,
)
from .search import EntrySearchRow
from .snippets import (
    VOCABULARIES,
    Onderwerp,
    Organisatie,
    Sector,
    Soort,
    Term,
    Thema,
    Uitgangspunt,
)

__all__ = [
    "EVIDENCE_LEVELS",
    "VOCABULARIES",
    "EntryAttachment",
    "EntryIndexPage",
    "EntryPage",
    "EntrySearchRow",
    "Onderwerp",
    "Organisatie",
    "QualityMixin",
    "RelatedEntry",
    "Sector",
    "Soort",
    "Term",
    "Thema",
    "Uitgangspunt",
]
