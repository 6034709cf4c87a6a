"""Models of the projekte plugin, one module per page type family."""

from projekte.models.documents import (
    ALLOWED_DOCUMENT_EXTENSIONS,
    DocumentIndexPage,
    DocumentKind,
    DocumentPage,
)
from projekte.models.partners import PartnerIndexPage, PartnerKind, PartnerPage
from projekte.models.projects import (
    TEASER_MAX_LENGTH,
    ProjectIndexPage,
    ProjectPage,
    ProjectStatus,
)
from projekte.models.snippets import FundingProgramme, Place, PlaceKind, Topic

__all__ = [
    "ALLOWED_DOCUMENT_EXTENSIONS",
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentPage",
    "FundingProgramme",
    "PartnerIndexPage",
    "PartnerKind",
    "PartnerPage",
    "Place",
    "PlaceKind",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectStatus",
    "TEASER_MAX_LENGTH",
    "Topic",
]
