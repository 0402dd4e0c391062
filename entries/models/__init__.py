from entries.models.alerts import Alert
from entries.models.contribution import Contribution
from entries.models.exchange import OaiRecord
from entries.models.index import EntryIndexPage
from entries.models.links import LinkCheck
from entries.models.pages import (
    EVIDENCE_LEVELS,
    LICENCES,
    EntryAttachment,
    EntryPage,
    QualityMixin,
    RelatedEntry,
)
from entries.models.search import EntrySearchRow
from entries.models.snippets import (
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
    "LICENCES",
    "EntryAttachment",
    "EntryIndexPage",
    "EntryPage",
    "LinkCheck",
    "OaiRecord",
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
