"""Admin hooks of the translation workflow.

- Some of wagtail-localize's URLs are answered by this app's views (this app is listed before
  ``wagtail_localize``, so its URLs come first in the admin's URL list): the checked PO upload
  and the PO download that marks flagged strings ``fuzzy`` (:mod:`cms.translation.po`);
  submitting and synchronising, which take the published German state only; and the translation
  editor's side views (PO download, preview, machine translation, string and override edits),
  closed while the source is not published (:mod:`cms.translation.published_source`).
- The translation editor itself is closed the same way (``before_edit_page``/``_snippet``).
- Translators may not delete or move pages, nor edit or delete German snippets: Wagtail ties
  these to the "change" right that translators need for English content.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation

from cms.translation.published_source import closed_translation_message, source_is_published
from cms.translation.roles import is_translator_only
from cms.translation.views import (
    SubmitPublishedPageTranslationView,
    SubmitPublishedSnippetTranslationView,
    UpdatePublishedTranslationsView,
    checked_upload_pofile,
    download_pofile,
    published_source_required,
)

_TRANSLATE = "localize/translate/<int:translation_id>/"


@hooks.register("register_admin_urls")
def register_translation_views():
    """Admin URLs of the project's versions of wagtail-localize's views (checked PO upload,
    published-only submission and synchronisation, editor actions closed while the source is
    unpublished). Listed before wagtail-localize's in the admin's URL list (app order), so they
    answer wagtail-localize's own paths.
    """
    closed = published_source_required
    return [
        path(
            f"{_TRANSLATE}pofile/upload/",
            closed(checked_upload_pofile),
            name="cms_translation_upload_pofile",
        ),
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitPublishedPageTranslationView.as_view(),
            name="cms_translation_submit_page",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            SubmitPublishedSnippetTranslationView.as_view(),
            name="cms_translation_submit_snippet",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            UpdatePublishedTranslationsView.as_view(),
            name="cms_translation_update",
        ),
        path(
            f"{_TRANSLATE}pofile/download/",
            closed(download_pofile),
            name="cms_translation_download_pofile",
        ),
        path(
            f"{_TRANSLATE}preview/",
            closed(edit_translation.preview_translation),
            name="cms_translation_preview",
        ),
        path(
            f"{_TRANSLATE}preview/<str:mode>/",
            closed(edit_translation.preview_translation),
            name="cms_translation_preview_mode",
        ),
        path(
            f"{_TRANSLATE}machine_translate/",
            closed(edit_translation.machine_translate),
            name="cms_translation_machine_translate",
        ),
        path(
            f"{_TRANSLATE}strings/<int:string_segment_id>/edit/",
            closed(edit_translation.edit_string_translation),
            name="cms_translation_edit_string",
        ),
        path(
            f"{_TRANSLATE}overrides/<int:overridable_segment_id>/edit/",
            closed(edit_translation.edit_override),
            name="cms_translation_edit_override",
        ),
    ]


def _closed_translation(instance):
    """The enabled translation whose target is ``instance`` when its source is not published."""
    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source")
        .first()
    )
    if translation is None or source_is_published(translation.source):
        return None
    return translation


@hooks.register("before_edit_page")
def translation_editor_needs_a_published_source(request, page):
    """``before_edit_page``: a page whose translation source is not published cannot be edited
    (German message, back to the parent's explorer); ``None`` lets the edit proceed.
    """
    translation = _closed_translation(page)
    if translation is None:
        return None
    messages.error(request, closed_translation_message(translation))
    return redirect("wagtailadmin_explore", page.get_parent().id)


@hooks.register("before_edit_snippet")
def snippet_translation_needs_a_published_source(request, instance):
    """``before_edit_snippet``: as for pages; back to the snippet listing."""
    if not isinstance(instance, TranslatableMixin):
        return None
    translation = _closed_translation(instance)
    if translation is None:
        return None
    meta = instance._meta
    messages.error(request, closed_translation_message(translation))
    return redirect(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")


def _refuse(request, message: str):
    messages.error(request, message)
    return redirect("wagtailadmin_home")


@hooks.register("before_delete_page")
def translators_keep_the_tree_delete(request, page):
    """``before_delete_page``: translators (translator only: :func:`is_translator_only`) may not
    delete pages; a redirect to the dashboard with a German message, else ``None``.
    """
    if is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Seiten löschen."))
    return None


@hooks.register("before_move_page")
def translators_keep_the_tree_move(request, page, destination):
    """``before_move_page``: translators may not move pages."""
    if is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Seiten verschieben."))
    return None


@hooks.register("before_bulk_action")
def translators_keep_the_tree_bulk(request, action_type, objects, action_class_instance):
    """``before_bulk_action``: translators may not bulk-delete or bulk-move pages."""
    if action_type in ("delete", "move") and is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Seiten löschen oder verschieben."))
    return None


def _is_source_language(instance) -> bool:
    return isinstance(instance, TranslatableMixin) and instance.locale_id == Locale.get_default().pk


@hooks.register("before_edit_snippet")
def translators_keep_german_snippets(request, instance):
    """``before_edit_snippet``: translators may not edit snippets in the source language."""
    if is_translator_only(request.user) and _is_source_language(instance):
        return _refuse(
            request,
            _(
                "Übersetzer dürfen deutsche Einträge nicht ändern; bitte die Übersetzung bearbeiten."
            ),
        )
    return None


@hooks.register("before_delete_snippet")
def translators_delete_no_snippets(request, instances):
    """``before_delete_snippet``: translators may not delete snippets."""
    if is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Einträge löschen."))
    return None


# --- The translation state where translators look (cms.translation.status_admin) ----------------
from cms.translation import status_admin  # noqa: E402

hooks.register("register_admin_urls", status_admin.admin_urls)
hooks.register("register_page_listing_buttons", status_admin.listing_buttons)
hooks.register("before_edit_page", status_admin.warn_on_edit)

# --- The translation editor in German, with readable rich text (cms/translation/editor.py) -----
from cms.translation.editor import editor_js  # noqa: E402

hooks.register("insert_editor_js", editor_js)
