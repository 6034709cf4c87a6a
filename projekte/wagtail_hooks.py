"""Admin registration of the projekte snippets, grouped under “Projektdaten”."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from projekte.models import FundingProgramme, Place, Topic


class TopicViewSet(SnippetViewSet):
    """Admin of topics (snippet), searchable by name."""

    model = Topic
    icon = "tag"
    menu_label = _("Themen")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PlaceViewSet(SnippetViewSet):
    """Admin of places (snippet) with their coordinates, filterable by kind."""

    model = Place
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "kind", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = ["name"]


class FundingProgrammeViewSet(SnippetViewSet):
    """Admin of funding programmes (snippet) with their funders."""

    model = FundingProgramme
    icon = "money"
    menu_label = _("Förderprogramme")
    list_display = ["name", "funder"]
    search_fields = ["name"]


class ProjectDataGroup(SnippetViewSetGroup):
    """The admin menu group "Projektdaten" holding the three taxonomies."""

    menu_label = _("Projektdaten")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (TopicViewSet, PlaceViewSet, FundingProgrammeViewSet)


register_snippet(ProjectDataGroup)
