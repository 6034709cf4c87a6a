"""German for texts of Wagtail and wagtail-localize that no gettext catalog can reach.

Most of the admin's German comes from the packages' catalogs, corrected where needed by the
project's upstream catalog (``locale/upstream``, see docs/translation.md). The texts here are
not marked for translation upstream at all: form fields and filters without a label (Django
derives "Link text" or "Source locale" from the field name), a listing column without a label, a
paginator that counts with the model's unmarked plural ("31 translations"). Each gets a German
label; the English catalog (``locale/en``) gives English back to users who chose English.
Texts that Wagtail hard-codes in its templates are fixed in copies of those templates
(``cms/upstream_templates``, listed in :data:`TEMPLATE_COPIES`).

:func:`apply` runs once at start-up (``cms.apps.CmsConfig.ready``). Every target is named
explicitly, so a Wagtail or wagtail-localize upgrade that renames one fails at start-up and in
``tests/admin/test_upstream_german.py``, never silently.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.paginator import WagtailPaginator

#: Copies of upstream templates (``cms/upstream_templates/<name>``): the package file each
#: copies and its SHA-256 when copied. ``tests/admin/test_upstream_german.py`` fails when the
#: installed package's file differs: copy it again and re-apply the change (README there).
TEMPLATE_COPIES = {
    "wagtailadmin/home.html": (
        "wagtail/admin/templates/wagtailadmin/home.html",
        "7eb3ee7b5a9d1355b79a97fdc4c6a9c8612821bb1cdccf24efdd7a36c827c17d",
    ),
    "wagtailadmin/home/account_summary.html": (
        "wagtail/admin/templates/wagtailadmin/home/account_summary.html",
        "ff5c7d30e46778c38af5557c0fd08c0139f71f8a539c791501ed9664f6ec6837",
    ),
    "wagtailadmin/shared/header.html": (
        "wagtail/admin/templates/wagtailadmin/shared/header.html",
        "37d78005e66127118fc8e9eee75c7d8d52aed5a3d3b36696285a176b5b5ba60c",
    ),
    "wagtailadmin/shared/headers/_actions.html": (
        "wagtail/admin/templates/wagtailadmin/shared/headers/_actions.html",
        "facea723b6b917627f718d47a945c79fabcb1cbc516983c66cb6801b6a9a1557",
    ),
    "wagtailadmin/shared/user_avatar.html": (
        "wagtail/admin/templates/wagtailadmin/shared/user_avatar.html",
        "10cbd09a2e9434e569d2ccc518298adbeb8cb9f3263fd31aa61ff049e6cc771a",
    ),
    "wagtailusers/groups/includes/formatted_permissions.html": (
        "wagtail/users/templates/wagtailusers/groups/includes/formatted_permissions.html",
        "2ab61ce5aa2bbeba8ae9826a789727a00f8a269e1deed6620348e4a9a621ebb4",
    ),
    "wagtaillocales/index.html": (
        "wagtail_localize/locales/templates/wagtaillocales/index.html",
        "a7fb4f60c524d2e9b9a26a2e1e96fa583e168eee3561c0354bf81a4a904cc84f",
    ),
}


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with a German password label (``WAGTAILADMIN_USER_LOGIN_FORM``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Passwort")


class TranslationsPaginator(WagtailPaginator):
    """Counts wagtail-localize's translations in German ("31 Übersetzungen")."""

    @cached_property
    def verbose_name(self):
        """The singular the paginator counts with: "Übersetzung"."""
        return pgettext_lazy("Anzahl", "Übersetzung")

    @cached_property
    def verbose_name_plural(self):
        """The plural the paginator counts with: "Übersetzungen"."""
        return pgettext_lazy("Anzahl", "Übersetzungen")


def _label_link_text() -> None:
    from wagtail.admin.forms import choosers

    for form in (
        choosers.ExternalLinkChooserForm,
        choosers.AnchorLinkChooserForm,
        choosers.EmailLinkChooserForm,
        choosers.PhoneLinkChooserForm,
    ):
        form.base_fields["link_text"].label = _("Linktext")


def _label_site_columns() -> None:
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name == "root_page":
            column.label = _("Startseite")
            return
    raise LookupError("wagtail.sites.views.IndexView has no root_page column")


def _label_translations_report() -> None:
    from wagtail_localize.views.report import TranslationsReportFilterSet, TranslationsReportView

    filters = TranslationsReportFilterSet.base_filters
    filters["source_locale"].label = _("Ausgangssprache")
    filters["target_locale"].label = _("Zielsprache")
    TranslationsReportView.paginator_class = TranslationsPaginator


def _label_locale_views() -> None:
    # wagtail_localize.locales' "add" view is subtitled with the Locale model's name, which
    # Wagtail leaves unmarked ("Locale").
    from wagtail_localize.locales.views import CreateView

    CreateView.page_subtitle = _("Sprache")


def apply() -> None:
    """Give every unmarked upstream text above its German label (idempotent)."""
    _label_link_text()
    _label_site_columns()
    _label_translations_report()
    _label_locale_views()


__all__ = ["TEMPLATE_COPIES", "LoginForm", "TranslationsPaginator", "apply"]
