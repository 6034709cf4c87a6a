"""Views that answer wagtail-localize's own URLs (see ``wagtail_hooks``).

- the PO download and the checked PO upload (:mod:`cms.translation.po`);
- submitting and synchronising translations from published German content only, and closing the
  translation editor's side views while a source is not published
  (:mod:`cms.translation.published_source`).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView

from cms.content.alt_text import publication_refused
from cms.translation.po import MAX_BYTES, PoFileRejected, check_po_upload, export_po
from cms.translation.published_source import (
    NotPublished,
    check_ancestors,
    closed_translation_message,
    label,
    published_version,
    source_is_published,
    translate_published,
    translate_published_subtree,
)

#: How many skipped objects a message names.
MAX_NAMED = 5


def download_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Answers wagtail-localize's download URL: its PO file, flagged strings marked ``fuzzy``
    (:func:`cms.translation.po.export_po`); same rights and file name as wagtail-localize's."""
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    response = HttpResponse(str(export_po(translation)), content_type="text/x-gettext-translation")
    name = slugify(translation.source.object_repr)
    response["Content-Disposition"] = (
        f"attachment; filename={name}-{translation.target_locale.language_code}.po"
    )
    return response


@require_POST
def checked_upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Answers wagtail-localize's upload URL: check the PO file, then import it.

    A refused file leaves the database untouched and shows the translator a German message
    naming the problem. A file that passes is imported by wagtail-localize's ``import_po``
    without its fuzzy entries; the message names the fuzzy lines and the lines stored flagged
    (see :mod:`cms.translation.po`).
    """
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    upload = request.FILES.get("file")
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    try:
        if upload is None:
            raise PoFileRejected(_("Bitte eine PO-Datei auswählen."))
        checked = check_po_upload(translation, upload.read(MAX_BYTES + 1))
    except PoFileRejected as exc:
        messages.error(request, str(exc))
        return redirect(next_url)
    translation.import_po(checked.po, user=request.user, tool_name="PO File")
    messages.success(request, _("Die Übersetzungen aus der PO-Datei wurden importiert."))
    for warning in checked.warnings():
        messages.warning(request, warning)
    return redirect(next_url)


# --- Translations from published German content only (cms.translation.published_source) ----------


def _refuse(request: HttpRequest, message: str, fallback: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(get_valid_next_url_from_request(request) or fallback)


def _skipped_message(skipped: list) -> str:
    titles = ", ".join(f"„{label(obj)}“" for obj in skipped[:MAX_NAMED])
    if len(skipped) > MAX_NAMED:
        titles += " …"
    return ngettext(
        "%(count)d Eintrag wurde nicht übersetzt, weil er nicht veröffentlicht ist oder unter "
        "einer nicht veröffentlichten Seite liegt: %(titles)s.",
        "%(count)d Einträge wurden nicht übersetzt, weil sie nicht veröffentlicht sind oder unter "
        "einer nicht veröffentlichten Seite liegen: %(titles)s.",
        len(skipped),
    ) % {"count": len(skipped), "titles": titles}


class _PublishedOnly:
    """Refuses (GET and POST) to submit an object without a published state; submits the
    published state only."""

    def refusal_url(self) -> str:
        """Where a refused request is sent back to; each view says."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        """403 without ``wagtail_localize.submit_translation``; a redirect with a German error when
        the object has no published state; otherwise wagtail-localize's view.
        """
        if not request.user.has_perms(["wagtail_localize.submit_translation"]):
            raise PermissionDenied
        try:
            published_version(self.get_object())
        except NotPublished as exc:
            return _refuse(request, str(exc), self.refusal_url())
        return super().dispatch(request, *args, **kwargs)

    def submit(self, instance, locales, include_subtree: bool) -> list:
        """Submit the published ``instance`` (and its subtree if asked) for ``locales``; returns the
        objects skipped because they have no published state.
        """
        creator = translate_published(instance, locales, self.components, self.request.user)
        skipped = list(creator.skipped)
        if include_subtree:
            subtree = translate_published_subtree(
                instance, locales, self.components, self.request.user
            )
            skipped += subtree.skipped
        return skipped

    @transaction.atomic
    def form_valid(self, form):
        """wagtail-localize's ``form_valid`` with the published state and the checks above."""
        locales = form.cleaned_data["locales"]
        try:
            instance = published_version(self.object)
            if isinstance(instance, Page):
                check_ancestors(instance, locales)
        except NotPublished as exc:
            return _refuse(self.request, str(exc), self.refusal_url())
        include_subtree = isinstance(instance, Page) and form.cleaned_data.get("include_subtree")
        skipped = self.submit(instance, locales, bool(include_subtree))
        single = None
        if len(locales) == 1:
            names = locales[0].get_display_name()
            single = instance.get_translation_or_none(locales[0])
        else:
            names = ", ".join(locale.get_display_name() for locale in locales)
        messages.success(self.request, self.get_success_message(names))
        if skipped:
            messages.warning(self.request, _skipped_message(skipped))
        return redirect(self.get_success_url() or self.get_default_success_url(single))


class SubmitPublishedPageTranslationView(_PublishedOnly, SubmitPageTranslationView):
    """Answers ``wagtail_localize:submit_page_translation``: published pages only."""

    def refusal_url(self) -> str:
        """The explorer of the page's parent."""
        page = self.get_object()
        return reverse("wagtailadmin_explore", args=[page.get_parent().id])


class SubmitPublishedSnippetTranslationView(_PublishedOnly, SubmitSnippetTranslationView):
    """Answers ``wagtail_localize:submit_snippet_translation``: published snippets only."""

    def refusal_url(self) -> str:
        """The snippet type's listing."""
        meta = self.get_object()._meta
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")


class UpdatePublishedTranslationsView(UpdateTranslationsView):
    """Answers ``wagtail_localize:update_translations``: synchronises from the live German
    version only, and refuses while the German object is not live."""

    def _check(self, request):
        try:
            published_version(self.object.get_source_instance())
        except NotPublished as exc:
            return _refuse(request, str(exc), reverse("wagtailadmin_home"))
        return None

    def dispatch(self, request, *args, **kwargs):
        """403 without ``wagtail_localize.submit_translation``; a redirect to the dashboard with a
        German error while the source is not published; otherwise wagtail-localize's view.
        """
        if not request.user.has_perms(["wagtail_localize.submit_translation"]):
            raise PermissionDenied
        self.object = self.get_object()
        refusal = self._check(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        """wagtail-localize's synchronisation in one transaction, checked again at submission."""
        refusal = self._check(self.request)
        if refusal is not None:
            return refusal
        if not form.cleaned_data.get("publish_translations"):
            return super().form_valid(form)
        # Upstream publishes every target and drops a refused one silently
        # (``contextlib.suppress(ValidationError)``); sync as drafts, then publish each target
        # that passes the rules a publish in the editor passes, and say why another did not.
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        for translation in self.object.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            self._publish(translation)
        return response

    def _publish(self, translation: Translation) -> None:
        """Publish one synchronised target; a refusal is an error message, the draft is kept."""
        language = translation.target_locale.get_display_name()
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            target = None
        refused = publication_refused(target.specific) if isinstance(target, Page) else None
        try:
            translation.save_target(user=self.request.user, publish=refused is None)
        except ValidationError as error:
            refused = " ".join(error.messages)
        if refused is not None:
            name = label(target) if target is not None else translation.source.object_repr
            messages.error(
                self.request,
                _("„%(name)s“ (%(language)s) ist als Entwurf gespeichert: %(reason)s")
                % {"name": name, "language": language, "reason": refused},
            )


def published_source_required(view):
    """Wrap a wagtail-localize view taking ``translation_id``: refused while the translation's
    source is not published (see :func:`source_is_published`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, translation_id: int, *args, **kwargs) -> HttpResponse:
        translation = get_object_or_404(Translation, id=translation_id)
        if not source_is_published(translation.source):
            message = closed_translation_message(translation)
            if request.method not in ("GET", "HEAD", "POST"):
                return HttpResponseForbidden(message)
            return _refuse(request, message, reverse("wagtailadmin_home"))
        return view(request, translation_id, *args, **kwargs)

    return wrapped
