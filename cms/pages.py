"""Shared page base for every plugin's page types."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from cms.plugins import names_disabled


def is_of_disabled_plugin(model_string: str) -> bool:
    """Whether ``"app_label.Model"`` names a model of a plugin in ``CMS_DISABLED_PLUGINS``.

    ``CMS_DISABLED_PLUGINS`` holds app labels or dotted app paths; either matches the label.
    Names of apps that are neither installed nor disabled plugins are not dropped: Wagtail's
    check then reports them (``wagtailcore.E002``), so a typo fails at start-up.
    """
    if "." not in model_string:
        return False
    label = model_string.split(".", 1)[0]
    if label in apps.app_configs:
        return False
    return names_disabled(label, getattr(settings, "CMS_DISABLED_PLUGINS", ()))


def enabled_model_strings(model_strings) -> list:
    """``model_strings`` without the names of disabled plugins' models (see above)."""
    return [
        name
        for name in model_strings
        if not (isinstance(name, str) and is_of_disabled_plugin(name))
    ]


def _page_models(cls, model_strings) -> list[type[Page]]:
    """Wagtail's normalization of ``parent_page_types``/``subpage_types`` (model classes);
    raises ``ValueError``/``LookupError`` for a name that is no model or no page, as Wagtail."""
    models = [
        resolve_model_string(name, cls._meta.app_label)
        for name in enabled_model_strings(model_strings)
    ]
    for model in models:
        if not issubclass(model, cls.base_page_model):
            raise LookupError(f"{model} is not a Page subclass")
    return models


class CmsPage(Page):
    """Abstract base of the plugins' pages.

    ``parent_page_types`` and ``subpage_types`` may name pages of other plugins by lazy strings;
    those of disabled plugins are ignored. A page type whose parents all belong to disabled
    plugins could be placed nowhere: declare the plugin in ``Plugin.requires`` (``cms.checks``
    reports it either way). ``is_locale_root`` marks a page type that may sit directly under the tree
    root (one per locale), which the core uses to place sections without knowing their types.
    """

    is_locale_root = False

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        """Preview from the API representation (see :mod:`cms.preview`), in the page's locale."""
        from cms.preview import render_preview

        return render_preview(self, request, mode_name)

    @classmethod
    def clean_parent_page_models(cls):
        """Wagtail's parent page types, without those of disabled plugins.

        Overridden here (not in ``allowed_parent_page_models``) because Wagtail's own check and
        admin views call it directly.
        """
        declared = getattr(cls, "parent_page_types", None)
        if cls._clean_parent_page_models is None and declared is not None:
            cls._clean_parent_page_models = _page_models(cls, declared)
        return super().clean_parent_page_models()

    @classmethod
    def clean_subpage_models(cls):
        """Wagtail's subpage types, without those of disabled plugins (see above)."""
        declared = getattr(cls, "subpage_types", None)
        if cls._clean_subpage_models is None and declared is not None:
            cls._clean_subpage_models = _page_models(cls, declared)
        return super().clean_subpage_models()
