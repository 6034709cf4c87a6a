"""The checked PO upload: answers wagtail-localize's upload URL (see ``wagtail_hooks``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import upload_pofile, user_can_edit_instance

from cms.translation.po import MAX_BYTES, PoFileRejected, check_po_upload


@require_POST
def checked_upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Check the uploaded PO file, then hand it to wagtail-localize's own import.

    A refused file leaves the database untouched and shows the translator a German message
    naming the problem; a file that passes is imported exactly as wagtail-localize does it.
    """
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise PoFileRejected(_("Bitte eine PO-Datei auswählen."))
        check_po_upload(translation, upload.read(MAX_BYTES + 1))
    except PoFileRejected as exc:
        messages.error(request, str(exc))
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
    upload.seek(0)
    return upload_pofile(request, translation_id)
