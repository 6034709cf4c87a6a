"""Admin hooks of the translation workflow.

- The PO upload URL of wagtail-localize is answered by the checked view (this app is listed
  before ``wagtail_localize``, so its URL comes first in the admin's URL list).
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

from cms.translation.roles import is_translator_only
from cms.translation.views import checked_upload_pofile


@hooks.register("register_admin_urls")
def register_checked_po_upload():
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            checked_upload_pofile,
            name="cms_translation_upload_pofile",
        )
    ]


def _refuse(request, message: str):
    messages.error(request, message)
    return redirect("wagtailadmin_home")


@hooks.register("before_delete_page")
def translators_keep_the_tree_delete(request, page):
    if is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Seiten löschen."))
    return None


@hooks.register("before_move_page")
def translators_keep_the_tree_move(request, page, destination):
    if is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Seiten verschieben."))
    return None


@hooks.register("before_bulk_action")
def translators_keep_the_tree_bulk(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move") and is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Seiten löschen oder verschieben."))
    return None


def _is_source_language(instance) -> bool:
    return isinstance(instance, TranslatableMixin) and instance.locale_id == Locale.get_default().pk


@hooks.register("before_edit_snippet")
def translators_keep_german_snippets(request, instance):
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
    if is_translator_only(request.user):
        return _refuse(request, _("Übersetzer dürfen keine Einträge löschen."))
    return None


# --- The translation editor in German, with readable rich text (cms/translation/editor.py) -----
from cms.translation.editor import editor_js  # noqa: E402

hooks.register("insert_editor_js", editor_js)
