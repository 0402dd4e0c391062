from .alerts import Alert
from .contribution import Contribution
from .index import EntryIndexPage
from .links import LinkCheck
from .pages import (
    EVIDENCE_LEVELS,
    EntryAttachment,
    EntryPage,
    QualityMixin,
    RelatedEntry,
)
from .search import EntrySearchRow
from .snippets import (
    Onderwerp,
    Organisatie,
    Sector,
    Soort,
    Term,
    Thema,
    Uitgangspunt,
)

__all__ = [
    "Alert",
    "Contribution",
    "EVIDENCE_LEVELS",
    "EntryAttachment",
    "EntryIndexPage",
    "EntryPage",
    "LinkCheck",
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
