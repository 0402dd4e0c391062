from .pages import (
    EVIDENCE_LEVELS,
    EntryAttachment,
    EntryIndexPage,
    EntryPage,
    QualityMixin,
    RelatedEntry,
)
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
