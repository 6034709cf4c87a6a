"""Admin registration of the site-wide navigation and footer snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Footer, Navigation


class NavigationViewSet(SnippetViewSet):
    """Admin of the per-language navigation snippet."""

    model = Navigation
    icon = "list-ul"
    menu_label = _("Navigation")


class FooterViewSet(SnippetViewSet):
    """Admin of the per-language footer snippet."""

    model = Footer
    icon = "list-ul"
    menu_label = _("Fußbereich")


class SiteChromeGroup(SnippetViewSetGroup):
    """The admin menu group "Website-Rahmen" holding navigation and footer."""

    menu_label = _("Website-Rahmen")
    menu_icon = "site"
    menu_order = 260
    items = (NavigationViewSet, FooterViewSet)


register_snippet(SiteChromeGroup)
