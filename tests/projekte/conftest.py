import pytest

from tests.projekte import factories


@pytest.fixture
def sections(home):
    """The three index pages under the German home page."""
    return {
        "projects": factories.ProjectIndexPageFactory(parent=home),
        "documents": factories.DocumentIndexPageFactory(parent=home),
        "partners": factories.PartnerIndexPageFactory(parent=home),
    }
