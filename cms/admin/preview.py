"""Admin preview of every page type: in a front end, or rendered from the page's API representation.

With a front end that has a preview address (Einstellungen → Frontends), the preview panel shows
the draft as that front end renders it (a website in the panel; an app as a deep link with a QR
code), through a short-lived token (:mod:`cms.api.preview`). The data view below stays as the
fallback for page types no front end renders.

Editors preview exactly what the front ends will get: the page (the unsaved form state) goes
through the same generated serializer as ``/api/v1/pages/<id>/`` and is rendered by a generic,
accessible template (``cms/templates/cms/preview/``): ``lang`` on the document, one ``h1`` (the
title), block headings at their chosen level, every image with its alt text. A block type gets
its own template at ``cms/preview/blocks/<type>.html``; others use the generic fallback.

The preview reads as the previewing user (:func:`preview_principal`), in the German editor
("Entwurf ansehen", the live preview) and in wagtail-localize's translation editor alike: what
the page refers to appears only where that user passes its view restriction.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import filesizeformat
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.coreutils import get_content_languages

from cms.api import preview as headless
from cms.api.models import FrontEnd
from cms.api.serialize import ApiContext
from cms.visibility import Principal, for_user

FRONTEND_MODE = "frontend:"

#: German labels of the representation's own keys, those not named after a model field or a
#: block's child (files, images, links); any other key is shown as it is, ``_`` as a space.
API_LABELS = {
    "title": _("Titel"), "name": _("Name"), "summary": _("Zusammenfassung"),
    "description": _("Beschreibung"), "text": _("Text"), "level": _("Ebene"),
    "date": _("Datum"), "url": _("Adresse"), "filename": _("Dateiname"), "size": _("Größe"),
    "file_size": _("Größe"), "mime_type": _("Dateityp"), "page_count": _("Seitenzahl"),
    "alt": _("Alternativtext"), "caption": _("Bildunterschrift"), "credit": _("Bildnachweis"),
    "latitude": _("Breitengrad"), "longitude": _("Längengrad"), "document": _("Dokument"),
    "image": _("Bild"), "images": _("Bilder"), "locale": _("Sprache"), "label": _("Bezeichnung"),
}  # fmt: skip
#: Keys of nested objects that only a front end needs (ids, technical names, per-text locales).
HIDDEN_KEYS = {"id", "text_locales", "type", "slug", "locale", "path", "width", "height"}
#: Byte counts, shown as "20 KB".
SIZE_KEYS = {"size", "file_size"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: Fields of the page representation that the page template shows itself.
SHOWN_BY_TEMPLATE = {
    "id", "type", "locale", "title", "path", "url", "slug", "seo_title", "search_description",
    "first_published_at", "last_published_at", "parent", "translations", "fallback", "draft",
}  # fmt: skip


def preview_principal(request) -> Principal:
    """Who reads the preview: the requesting user (``cms.visibility.for_user``), as the API
    would answer them in an admin session.

    The previewed page itself is shown in its unsaved (draft) state: Wagtail lets only a user
    who may edit it open its preview. Everything it refers to (images, documents, teasers of
    other pages, snippets) resolves by that user's rule: media of a restricted collection and
    pages under a view restriction only when the user passes the restriction (``groups``: as a
    member or superuser). A request without a logged-in user (a preview made outside a
    session) reads as the anonymous reader.
    """
    return for_user(getattr(request, "user", None), via="preview")


def representation(page, request) -> dict:
    """The page's API representation in its draft state, for the previewing user
    (:func:`preview_principal`)."""
    locale = page.locale.language_code if page.locale_id else "de"
    ctx = ApiContext(
        locale=locale,
        media_base=f"{request.scheme}://{request.get_host()}",
        principal=preview_principal(request),
    )
    return headless.draft_representation(page, ctx)


#: Wagtail's preview mode of the data view. Not ``""``: wagtail-localize builds the translation
#: editor's preview URLs with the mode as a path segment, which cannot be empty.
DATA_MODE = "data"


def preview_modes() -> list[tuple[str, str]]:
    """Wagtail's ``(mode, label)`` pairs: ``frontend:<name>`` for each front end with a preview
    address, those that open in a browser (a website) before apps' deep links, each by name;
    then :data:`DATA_MODE`, the data view. The first is the default. One query."""
    frontends = sorted(
        FrontEnd.objects.exclude(preview_url=""),
        key=lambda fe: (not fe.opens_in_browser, fe.name),
    )
    modes = [
        (f"{FRONTEND_MODE}{fe.name}", _("Im Frontend „%(name)s“") % {"name": fe})
        for fe in frontends
    ]
    return [*modes, (DATA_MODE, _("Datenansicht"))]


def render_frontend_preview(page, request, frontend: FrontEnd) -> TemplateResponse:
    """The preview panel's page for ``frontend``: the front end's preview address with a fresh
    token in an ``iframe`` (a website), or as a link and QR code (an app's deep link)."""
    import segno

    link = frontend.preview_link(headless.create(page, request.user, frontend))
    qr = None if frontend.opens_in_browser else segno.make(link, error="m").svg_inline(scale=4)
    return TemplateResponse(
        request,
        "cms/preview/frontend.html",
        {
            "frontend": frontend,
            "link": link,
            "qr_svg": mark_safe(qr) if qr else None,
            "lifetime_minutes": headless.lifetime() // 60,
            "lang": page.locale.language_code if page.locale_id else "de",
        },
    )


def _is_image(value: Any) -> bool:
    return isinstance(value, dict) and "renditions" in value and "srcset" in value


def _is_page(value: Any) -> bool:
    return isinstance(value, dict) and {"id", "type", "path", "title"} <= set(value)


def _edit_url(page: dict) -> str:
    """Where a page the preview names is opened: its editor in the admin (the front-end URL
    would point at the CMS's own host, where it does not exist)."""
    return reverse("wagtailadmin_pages:edit", args=[page["id"]])


def _is_link(value: Any) -> bool:
    return isinstance(value, dict) and "url" in value and "title" in value


def _key_label(key: str, definition=None, model=None) -> str:
    """The German label of a key of a nested object: the block child's label when the object is
    a block's value, the model field's when it is a related object (a snippet, a page), else
    :data:`API_LABELS`, else the key with ``_`` as a space."""
    child = getattr(definition, "child_blocks", {}).get(key)
    if child is not None and child.label:
        return capfirst(child.label)
    if model is not None:
        return field_label(model, key)
    return capfirst(API_LABELS.get(key) or key.replace("_", " "))


def _choice_label(value: Any, definition) -> Any:
    """A choice block's label for ``value`` (the stored enum value), else ``value``."""
    if isinstance(definition, wagtail_blocks.ChoiceBlock):
        for option, label in definition.field.choices:
            if option == value:
                return label
    return value


def render_scalar(value: Any, key: str = "") -> SafeString:
    """A plain value in the editor's language: ``ja``/``nein`` for booleans, ISO dates as
    "1. September 2017", byte counts (``size``) as "20,0 KB", decimals as "51,4406", anything
    else escaped."""
    if isinstance(value, bool):
        return format_html("{}", _("ja") if value else _("nein"))
    if isinstance(value, int) and key in SIZE_KEYS:
        return format_html("{}", filesizeformat(value))
    if isinstance(value, float):  # 51,4406 in German
        return format_html("{}", number_format(value))
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        return format_html("{}", date_format(localtime(value), "DATETIME_FORMAT"))
    if isinstance(value, datetime.date):
        return format_html("{}", date_format(value))
    return format_html("{}", value)


def render_value(
    value: Any, alt: str | None = None, definition=None, key: str = "", model=None
) -> SafeString:
    """One value of the API representation as safe HTML for the preview: rich text as is, an image
    as ``<img>`` with ``srcset`` and its alt text (``alt`` overrides it; an alt text in another
    locale gets ``lang``), a page link as ``<a>``, a stream as its rendered blocks, other lists
    as ``<ul>``, objects as ``<dl>`` with German labels, anything else by :func:`render_scalar`.
    Empty values give ``""``.

    ``definition`` is the Wagtail block the value comes from, when known: its children's labels
    name the keys of an object, a choice block's label replaces the stored value, a stream's
    child blocks render its items. ``model`` is the model of a related object (a snippet, a page),
    whose fields' names label its keys. ``key`` is the value's key in its object.
    """
    if value is None or value == "" or value == []:
        return mark_safe("")
    if isinstance(value, SafeString):  # rich text, already front-end HTML
        return value
    if _is_image(value):
        mid = value["renditions"][min(2, len(value["renditions"]) - 1)]
        alt_locale = (value.get("text_locales") or {}).get("alt")
        return format_html(
            '<img src="{}" srcset="{}" sizes="(max-width: 960px) 100vw, 960px" alt="{}"{} '
            'width="{}" height="{}">',
            mid["url"],
            value["srcset"],
            alt if alt is not None else value["alt"],
            # An alt text in another language than the page's is marked (WCAG 3.1.2).
            format_html(' lang="{}"', alt_locale) if alt is None and alt_locale else "",
            mid["width"],
            mid["height"],
        )
    if _is_page(value):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', _edit_url(value), value["title"]
        )
    if _is_link(value):
        return format_html('<a href="{}">{}</a>', value["url"], value["title"])
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and {"type", "id", "value"} <= set(v) for v in value):
            return mark_safe("".join(render_block(v, definition) for v in value))
        child = getattr(definition, "child_block", None)
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                ((render_value(v, definition=child, model=model),) for v in value),
            ),
        )
    if isinstance(value, dict):
        children = getattr(definition, "child_blocks", {})
        items, shown = [], []
        for k, v in value.items():
            if k.endswith("_label") and k.removesuffix("_label") in value:
                continue
            v = value.get(f"{k}_label") or v
            if k in HIDDEN_KEYS or v in (None, "", []):
                continue
            if isinstance(v, str):  # a snippet's name repeating its label is shown once
                if v in shown:
                    continue
                shown.append(v)
            items.append(
                (
                    _key_label(k, definition, model),
                    render_value(v, definition=children.get(k), key=k),
                )
            )
        # The labels are in the editor's language, the values in the page's (WCAG 3.1.2).
        ui = translation.get_language()
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", '<dt lang="{}">{}</dt><dd>{}</dd>', ((ui, k, v) for k, v in items)
            ),
        )
    return render_scalar(_choice_label(value, definition), key)


def render_block(block: dict, stream=None) -> SafeString:
    """A stream block (``{"type", "value", "id"}`` of the API) rendered with
    ``cms/preview/blocks/<type>.html``, else the generic block template, which names the block
    by its German label. ``stream`` is the Wagtail stream block it belongs to, when known.
    """
    definition = getattr(stream, "child_blocks", {}).get(block["type"])
    template = select_template(
        [f"cms/preview/blocks/{block['type']}.html", "cms/preview/blocks/generic.html"]
    )
    value = block["value"]
    label = capfirst(definition.label) if definition is not None and definition.label else ""
    return mark_safe(
        template.render(
            {
                "block": block,
                "value": value,
                "rendered": render_value(value, definition=definition),
                "type": block["type"],
                "label": label or block["type"].replace("_", " "),
            }
        )
    )


def field_label(model, name: str) -> str:
    """The German label of a representation field of ``model``'s pages: the model field's
    ``verbose_name`` (a reverse relation: the related model's plural name), else
    :data:`API_LABELS`, else the name with ``_`` as a space."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return capfirst(API_LABELS.get(name) or name.replace("_", " "))
    if field.is_relation and field.auto_created:  # a reverse relation (related_projects)
        return capfirst(field.related_model._meta.verbose_name_plural)
    return capfirst(getattr(field, "verbose_name", None) or name.replace("_", " "))


def data_view_fields(page, data: dict) -> list[tuple[str, SafeString]]:
    """The data view's ``(label, html)`` pairs for ``page``'s representation ``data``: every
    field the page template does not show itself, labelled in German (:func:`field_label`), a
    choice by its label (the representation's ``<name>_label``, else the model field's choice),
    a stream with its blocks' labels and templates."""
    model = type(page)
    fields = []
    for name, value in data.items():
        if name in SHOWN_BY_TEMPLATE or value in (None, "", []):
            continue
        if name.endswith("_label") and name.removesuffix("_label") in data:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        definition = getattr(field, "stream_block", None)
        if f"{name}_label" in data:
            value = data[f"{name}_label"] or value
        elif getattr(field, "choices", None):
            value = dict(field.flatchoices).get(value, value)
        related = field.related_model if field is not None and field.is_relation else None
        fields.append(
            (
                field_label(model, name),
                render_value(value, definition=definition, key=name, model=related),
            )
        )
    return fields


def render_preview(page, request, mode_name: str = "") -> TemplateResponse:
    """The admin preview of ``page`` (unsaved form state included): its API representation as the
    previewing user reads it, rendered by ``cms/preview/page.html``. Wagtail's ``serve_preview``
    for every :class:`cms.content.pages.CmsPage`.
    """
    if mode_name.startswith(FRONTEND_MODE):
        frontend = (
            FrontEnd.objects.exclude(preview_url="")
            .filter(name=mode_name.removeprefix(FRONTEND_MODE))
            .first()
        )
        if frontend is not None:
            return render_frontend_preview(page, request, frontend)
    data = representation(page, request)
    languages = get_content_languages()
    return TemplateResponse(
        request,
        "cms/preview/page.html",
        {
            "page": data,
            "fields": data_view_fields(page, data),
            "mode_name": mode_name,
            "page_type": capfirst(type(page)._meta.verbose_name),
            "locale_name": page.locale.get_display_name() if page.locale_id else "",
            "translations": [
                {**t, "edit_url": _edit_url(t), "name": languages.get(t["locale"], t["locale"])}
                for t in data.get("translations") or []
            ],
        },
    )
