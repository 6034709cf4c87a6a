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

from typing import Any

from django.template.loader import render_to_string, select_template
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cms.api import preview as headless
from cms.api.models import FrontEnd
from cms.api.serialize import ApiContext
from cms.visibility import Principal, for_user

FRONTEND_MODE = "frontend:"

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


def preview_modes() -> list[tuple[str, str]]:
    """Wagtail's ``(mode, label)`` pairs: ``frontend:<name>`` for each front end with a preview
    address (in name order), then ``""``, the data view. One query."""
    modes = [
        (f"{FRONTEND_MODE}{fe.name}", _("Im Frontend „%(name)s“") % {"name": fe})
        for fe in FrontEnd.objects.exclude(preview_url="").order_by("name")
    ]
    return [*modes, ("", _("Datenansicht"))]


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


def _is_link(value: Any) -> bool:
    return isinstance(value, dict) and "url" in value and "title" in value


def render_value(value: Any, alt: str | None = None) -> SafeString:
    """One value of the API representation as safe HTML for the preview: rich text as is, an image
    as ``<img>`` with ``srcset`` and its alt text (``alt`` overrides it; an alt text in another
    locale gets ``lang``), a page link as ``<a>``, a stream as its rendered blocks, other lists
    as ``<ul>``, objects as ``<dl>``, anything else escaped. Empty values give ``""``.
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
    if _is_link(value):
        return format_html('<a href="{}">{}</a>', value["url"], value["title"])
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and {"type", "id", "value"} <= set(v) for v in value):
            return mark_safe("".join(render_block(v) for v in value))
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((render_value(v),) for v in value))
        )
    if isinstance(value, dict):
        items = [
            (k.replace("_", " "), render_value(v))
            for k, v in value.items()
            if k not in ("id", "text_locales") and v not in (None, "", [])
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", items))
    return format_html("{}", value)


def render_block(block: dict) -> SafeString:
    """A stream block (``{"type", "value", "id"}`` of the API) rendered with
    ``cms/preview/blocks/<type>.html``, else the generic block template.
    """
    template = select_template(
        [f"cms/preview/blocks/{block['type']}.html", "cms/preview/blocks/generic.html"]
    )
    value = block["value"]
    return mark_safe(
        template.render(
            {"block": block, "value": value, "rendered": render_value(value), "type": block["type"]}
        )
    )


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
    fields = [
        (name.replace("_", " "), render_value(value))
        for name, value in data.items()
        if name not in SHOWN_BY_TEMPLATE and value not in (None, "", [])
    ]
    return TemplateResponse(
        request, "cms/preview/page.html", {"page": data, "fields": fields, "mode_name": mode_name}
    )


def render_preview_html(page, request) -> str:
    """The preview as a string (for tests and tools)."""
    data = representation(page, request)
    return render_to_string("cms/preview/page.html", {"page": data, "fields": []}, request)
