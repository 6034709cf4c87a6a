"""Shared page base for every plugin's page types."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_lazy as wagtail_text  # Wagtail's msgids, its catalog
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page
from wagtail.utils.decorators import cached_classmethod

from cms.media_texts import FIELD_NAME, MediaTextsBlock, MediaTextsField, refresh
from cms.safe_urls import SafeUrlsMixin


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


class MediaTextsWidget(forms.Widget):
    """Shows the ``media_texts`` of a page read-only; the field is never edited in a form.

    The page's save fills it again from the images and documents (:func:`cms.media_texts.refresh`),
    so whatever a form sends for it is discarded.
    """

    def render(self, name, value, attrs=None, renderer=None):
        rows = []
        for child in value or []:
            data = child.value if hasattr(child, "value") else child.get("value", {})
            kind = child.block_type if hasattr(child, "block_type") else child.get("type")
            target = data.get("image") if kind == "image" else data.get("document")
            texts = [
                (label, data.get(key))
                for key, label in (
                    ("title", _("Titel")),
                    ("alt", _("Alternativtext")),
                    ("caption", _("Bildunterschrift")),
                    ("credit", _("Bildnachweis")),
                    ("summary", _("Zusammenfassung")),
                )
                if data.get(key)
            ]
            is_image = hasattr(target, "get_rendition")
            rows.append({"image": target if is_image else None, "target": target, "texts": texts})
        return render_to_string("cms/admin/media_texts_panel.html", {"rows": rows})

    def value_from_datadict(self, data, files, name):
        return []


class MediaTextsPanel(FieldPanel):
    """The page's media texts, read-only, in a tab of their own.

    Unlike ``FieldPanel(read_only=True)`` it keeps the field in the form's field list, because
    wagtail-localize's translation editor labels (and shows) only the segments of fields that are
    in an edit panel's form.
    """

    def __init__(self, field_name: str = FIELD_NAME, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Diese Texte stammen aus der Bild- und Dokumentverwaltung. Sie werden mit der "
                "Seite übersetzt; die Übersetzung gilt ab der Veröffentlichung der übersetzten "
                "Seite für das Bild oder Dokument in dieser Sprache."
            ),
        )
        super().__init__(field_name, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("field_name", None)
        return {"field_name": self.field_name, **kwargs}

    def get_form_options(self):
        options = super().get_form_options()
        options.setdefault("widgets", {})[self.field_name] = MediaTextsWidget()
        return options


class CmsPage(SafeUrlsMixin, Page):
    """Abstract base of the plugins' pages.

    ``parent_page_types`` and ``subpage_types`` may name pages of other plugins; those of disabled
    plugins are ignored. ``is_locale_root`` marks a page type that may sit directly under the tree
    root (one per locale), which the core uses to place sections without knowing their types.
    Every link target follows the URL rule of :mod:`cms.safe_urls` (``clean``).
    """

    is_locale_root = False

    media_texts = MediaTextsField(
        MediaTextsBlock(),
        blank=True,
        default=list,
        verbose_name=_("Bild- und Dokumenttexte"),
        help_text=_("Texte der Bilder und Dokumente dieser Seite (wird automatisch gefüllt)."),
    )

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's default tabs plus the read-only tab of media texts (see
        :mod:`cms.media_texts`); a page type with its own ``edit_handler`` keeps it."""
        if hasattr(cls, "edit_handler"):
            return cls.edit_handler.bind_to_model(cls)
        tabs = []
        if cls.content_panels:
            tabs.append(ObjectList(cls.content_panels, heading=wagtail_text("Content")))
        if cls.promote_panels:
            tabs.append(ObjectList(cls.promote_panels, heading=wagtail_text("Promote")))
        if cls.settings_panels:
            tabs.append(ObjectList(cls.settings_panels, heading=wagtail_text("Settings")))
        tabs.append(ObjectList([MediaTextsPanel()], heading=_("Bild- und Dokumenttexte")))
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or FIELD_NAME in update_fields:
            refresh(self)
        return super().save(*args, **kwargs)

    def serializable_data(self):
        """Revisions and wagtail-localize sources carry the media texts as they are now."""
        refresh(self)
        return super().serializable_data()

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
