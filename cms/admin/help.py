"""The admin's help, in German: a page of the project instead of Wagtail's English guides.

Wagtail's help menu links to its Editor Guide and "What's new" notes at guide.wagtail.org,
which exist in English only (the guide's language switch offers no German edition). Editors
and translators here work in German, and the steps that matter to them are the project's own
(the approval workflow, the translation path, alt texts, PO files). So the help menu offers this
page (``/admin/hilfe/``) and Wagtail's keyboard shortcuts; the page names Wagtail's guide as
further reading and says that it is in English.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic

#: Wagtail's help menu items that lead to English-only pages (by their menu names).
ENGLISH_ONLY_ITEMS = ("editor-guide",)
ENGLISH_ONLY_PREFIXES = ("whats-new-in-wagtail-",)


class HelpView(generic.WagtailAdminTemplateMixin, TemplateView):
    """Help for the agency's editors, publishers and translators."""

    template_name = "cms_admin/help.html"
    page_title = _("Hilfe")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        """The admin's breadcrumbs ending in "Hilfe"."""
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]


def urls() -> list:
    """The help page's URL (``register_admin_urls``): every admin user may read it."""
    return [path("hilfe/", HelpView.as_view(), name="cms_help")]


def construct_help_menu(request, menu_items: list) -> None:
    """``construct_help_menu``: our German help first, Wagtail's English-only guides removed."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in ENGLISH_ONLY_ITEMS and not item.name.startswith(ENGLISH_ONLY_PREFIXES)
    ]
    menu_items.insert(
        0,
        MenuItem(_("Hilfe zur Verwaltung"), reverse("cms_help"), name="cms-help", icon_name="help"),
    )
