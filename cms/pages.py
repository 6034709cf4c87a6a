"""Shared page base for every plugin's page types."""

from __future__ import annotations

from django.apps import apps
from wagtail.models import Page

from cms.safe_urls import SafeUrlsMixin
from cms.translation.relations import RelationsDescriptor, SynchronizedRelations


def _installed(model_strings: list[str]) -> list[str]:
    """Keep the ``"app_label.Model"`` strings whose app is installed.

    Plugins name pages of other plugins by lazy strings; when one of those plugins is disabled its
    names silently drop out here instead of breaking Wagtail's page-type resolution.
    """
    kept = []
    for name in model_strings:
        app_label = name.split(".", 1)[0]
        if "." not in name or apps.is_installed(app_label) or app_label in apps.app_configs:
            kept.append(name)
    return kept


class CmsPage(SafeUrlsMixin, Page):
    """Abstract base of the plugins' pages.

    ``parent_page_types`` and ``subpage_types`` may name pages of other plugins; those of disabled
    plugins are ignored. ``is_locale_root`` marks a page type that may sit directly under the tree
    root (one per locale), which the core uses to place sections without knowing their types.
    Every link target follows the URL rule of :mod:`cms.safe_urls` (``clean``). Every relation
    to a translatable model (topics, partners …) follows the source page on each translation
    and synchronisation, mapped to the translation's locale (:mod:`cms.translation.relations`);
    a subclass that sets ``override_translatable_fields`` keeps :class:`SynchronizedRelations`
    in it (checked at start-up).
    """

    is_locale_root = False

    override_translatable_fields = [SynchronizedRelations()]
    synchronized_relations = RelationsDescriptor()

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        """Preview from the API representation (see :mod:`cms.preview`), in the page's locale."""
        from cms.preview import render_preview

        return render_preview(self, request, mode_name)

    @classmethod
    def allowed_parent_page_models(cls):
        if getattr(cls, "parent_page_types", None) is not None:
            cls.parent_page_types = _installed(list(cls.parent_page_types))
        return super().allowed_parent_page_models()

    @classmethod
    def allowed_subpage_models(cls):
        if getattr(cls, "subpage_types", None) is not None:
            cls.subpage_types = _installed(list(cls.subpage_types))
        return super().allowed_subpage_models()
