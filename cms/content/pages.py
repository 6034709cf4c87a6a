"""Shared page base for every plugin's page types."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_lazy as wagtail_text  # Wagtail's msgids, its catalog
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page
from wagtail.utils.decorators import cached_classmethod

from cms.content.media_texts import FIELD_NAME, MediaTextsBlock, MediaTextsField, refresh
from cms.content.safe_urls import SafeUrlsMixin
from cms.plugin.enabled import names_disabled
from cms.translation.relations import RelationsDescriptor, SynchronizedRelations


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


class MediaTextsWidget(forms.Widget):
    """Shows the ``media_texts`` of a page read-only; the field is never edited in a form.

    The page's save fills it again from the images and documents (:func:`cms.content.media_texts.refresh`),
    so whatever a form sends for it is discarded.
    """

    def render(self, name, value, attrs=None, renderer=None):
        """HTML of the read-only panel: one row per image or document text in ``value`` (a
        StreamValue or its raw list of ``{"type", "value"}`` dicts) with the image's thumbnail
        and its non-empty texts; rendered from ``cms/admin/media_texts_panel.html``.
        """
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
        """Always ``[]``: the field is refilled on save, so posted data is ignored."""
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
        """Wagtail's clone kwargs with ``field_name`` passed once (it is a keyword here)."""
        kwargs = super().clone_kwargs()
        kwargs.pop("field_name", None)
        return {"field_name": self.field_name, **kwargs}

    def get_form_options(self):
        """The form options of a field panel, with :class:`MediaTextsWidget` as the field's widget."""
        options = super().get_form_options()
        options.setdefault("widgets", {})[self.field_name] = MediaTextsWidget()
        return options


class CmsPage(SafeUrlsMixin, Page):
    """Abstract base of the plugins' pages.

    ``parent_page_types`` and ``subpage_types`` may name pages of other plugins by lazy strings;
    those of disabled plugins are ignored. A page type whose parents all belong to disabled
    plugins could be placed nowhere: declare the plugin in ``Plugin.requires`` (``cms.plugin.checks``
    reports it either way). ``is_locale_root`` marks a page type that may sit directly under the tree
    root (one per locale), which the core uses to place sections without knowing their types.
    Every link target follows the URL rule of :mod:`cms.content.safe_urls` (``clean``). Every relation
    to a translatable model (topics, partners …) follows the source page on each translation
    and synchronisation, mapped to the translation's locale (:mod:`cms.translation.relations`);
    a subclass that sets ``override_translatable_fields`` keeps :class:`SynchronizedRelations`
    in it (checked at start-up).
    """

    is_locale_root = False

    override_translatable_fields = [SynchronizedRelations()]
    synchronized_relations = RelationsDescriptor()

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
        :mod:`cms.content.media_texts`); a page type with its own ``edit_handler`` keeps it."""
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
        """Refresh ``media_texts`` from the images and documents the page shows
        (:func:`cms.content.media_texts.refresh`) unless ``update_fields`` leaves it out, then save as
        Wagtail does.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is None or FIELD_NAME in update_fields:
            refresh(self)
        return super().save(*args, **kwargs)

    def serializable_data(self):
        """Revisions and wagtail-localize sources carry the media texts as they are now."""
        refresh(self)
        return super().serializable_data()

    def get_url_parts(self, request=None):
        """Wagtail's URL hook, answered with the default front end's URL of the page.

        ``(site_id, root_url, page_path)`` from :func:`cms.content.page_urls.url_parts`
        (``https://www.example.org`` and ``/de/projekte/x/``), so that Wagtail's "view live",
        ``Redirect.link``, the site map and its front-end cache purge see the front end's URL;
        None (not routable) while no front end is default.
        """
        from cms.content.page_urls import url_parts

        return url_parts(self, request)

    def get_url(self, request=None, current_site=None):
        """Always the full front-end URL: Wagtail gives a site-relative path when the page is
        on the current site or only one site exists, which would point at the CMS's own host."""
        return self.get_full_url(request)

    url = property(get_url)  # Wagtail's property is bound to its own get_url

    def _get_dummy_header_url(self, original_request=None):
        """The address of the request a preview is rendered in: the CMS's own.

        Wagtail takes the page's ``full_url``, now the front end's: the preview, rendered
        here, would then build its media URLs on the website's host and scheme. Overrides
        Wagtail's ``PreviewableMixin._get_dummy_header_url`` (wagtail/models/preview.py).
        """
        if original_request is not None:
            return original_request.build_absolute_uri("/")
        return settings.WAGTAILADMIN_BASE_URL

    @property
    def preview_modes(self):
        """Wagtail's preview modes: one per front end with a preview address
        (``frontend:<name>``: the draft rendered by that front end, :mod:`cms.api.preview`), then
        the data view (``""``), the fallback for page types no front end renders."""
        from cms.admin.preview import preview_modes

        return preview_modes()

    @property
    def default_preview_mode(self):
        """The first front end's preview when one has a preview address, else the data view."""
        return self.preview_modes[0][0]

    def serve_preview(self, request, mode_name):
        """Preview in a front end (mode ``frontend:<name>``) or from the API representation (see
        :mod:`cms.admin.preview`), in the page's locale."""
        from cms.admin.preview import render_preview

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
