"""The one URL rule: which link targets the CMS stores and serves.

A link target (a URL field, a URL or embed block, an ``href`` in rich text) is *safe* when it is
relative (``/projekte/``, ``../x``, ``#anker``, ``?q=1``, ``//host/x``) or uses one of
:data:`ALLOWED_SCHEMES`: ``http``, ``https``, ``mailto``, ``tel``. Everything else – above all
``javascript:``, ``data:`` and ``vbscript:``, which run code when clicked – is refused.

The scheme is judged as a browser would find it, not as typed: HTML character references are
decoded (``&#106;avascript:``, ``javascript&colon;``), control characters and whitespace are
removed (browsers ignore tabs and newlines inside a URL and strip leading control characters),
case is ignored (``JaVaScRiPt:``), and a percent-encoded scheme counts too. This follows the URL
sanitisation of the WHATWG URL standard's parser and of Wagtail's ``wagtail.whitelist.check_url``,
with the project's shorter list of schemes.

Used on every write path (:func:`validate_urls`, from ``CmsPage.clean``, a ``pre_save`` guard
on every page and snippet (:func:`connect`), the translation editor's overrides
(``cms.translation.url_overrides``) and every translated string, whatever wrote it
(``cms.translation.validation``)) and, defensively, on the read side (``cms.api.serialize``
and the v2 API in ``cms.api.v2``), so that an address stored before the rule existed never
reaches a reader.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField

#: Schemes a stored link target may use; anything without a scheme is a relative address.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

MESSAGE_WITH_URL = _(
    "Die Adresse „%(url)s“ ist nicht erlaubt. Nur Adressen mit http, https, mailto, tel oder "
    "relative Pfade sind erlaubt."
)

#: HTML attributes that hold a link target.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite"}
)

# Characters a browser drops while reading a URL (C0 controls, space, DEL, C1 controls, NBSP),
# plus other Unicode spaces and invisible characters that could hide a scheme from a reader.
_IGNORED = re.compile(
    r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\ufffd]+"
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _normalised(url: str) -> str:
    text = url
    for _round in range(4):  # nested character references: &amp;#106; → &#106; → j
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _IGNORED.sub("", text).lower()


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lower case), or ``None`` for a relative one."""
    match = _SCHEME.match(_normalised(url))
    return match.group(1) if match else None


def is_safe_url(url: Any) -> bool:
    """Whether ``url`` may be stored and served as a link target (see the module docstring).

    ``None`` and the empty string are safe (no link); a non-string value is not.
    """
    if url is None or url == "":
        return True
    if not isinstance(url, str):
        return False
    for candidate in (url, unquote(url)):
        scheme = scheme_of(candidate)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            return False
    return True


def validate_safe_url(url: Any) -> None:
    """Django validator: raises ``ValidationError`` (code ``unsafe_url``) for an unsafe URL."""
    if not is_safe_url(url):
        raise ValidationError(MESSAGE_WITH_URL, code="unsafe_url", params={"url": _shown(url)})


def _shown(url: Any) -> str:
    text = _IGNORED.sub(" ", str(url)).strip()
    return text if len(text) <= 80 else text[:79] + "…"


# --- Links inside HTML (rich text, translated strings) ---------------------------------------------


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name.lower() in URL_ATTRIBUTES and value is not None and not is_safe_url(value):
                self.unsafe.append(value)

    handle_startendtag = handle_starttag


def unsafe_links(html_text: str | None) -> list[str]:
    """The link targets in ``html_text`` (``href``, ``src`` … of any tag) that are not safe."""
    if not html_text or ("=" not in html_text):
        return []
    collector = _LinkCollector()
    collector.feed(html_text)
    collector.close()
    return collector.unsafe


def strip_unsafe_links(html_text: str) -> str:
    """``html_text`` without link attributes whose target is unsafe (the text stays).

    Returns the input unchanged (same string) when it has no unsafe link, which is the rule.
    """
    if not unsafe_links(html_text):
        return html_text
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    for tag in soup.find_all(True):
        for name in list(tag.attrs):
            if name.lower() in URL_ATTRIBUTES and not is_safe_url(tag.attrs[name]):
                del tag.attrs[name]
    return str(soup)


# --- Link targets of a model instance -------------------------------------------------------------


@dataclass(frozen=True)
class UnsafeUrl:
    """An unsafe link target found in ``field`` (a model field or child relation name)."""

    field: str
    url: str


def _block_has_urls(block: blocks.Block, seen: set[int] | None = None) -> bool:
    seen = seen if seen is not None else set()
    if id(block) in seen:
        return False
    seen.add(id(block))
    if isinstance(block, blocks.URLBlock | EmbedBlock | blocks.RichTextBlock):
        return True
    children: Iterable[blocks.Block] = ()
    if isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        children = block.child_blocks.values()
    elif isinstance(block, blocks.ListBlock):
        children = (block.child_block,)
    return any(_block_has_urls(child, seen) for child in children)


@cache
def url_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The fields of ``model`` that can hold a link target: URL fields, rich text fields and
    stream fields with URL, embed or rich text blocks."""
    found = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.URLField | RichTextField):
            found.append(field)
        elif isinstance(field, StreamField) and _block_has_urls(field.stream_block):
            found.append(field)
    return tuple(found)


@cache
def _url_child_relations(model: type[models.Model]) -> tuple[str, ...]:
    """Accessor names of inline (``ParentalKey``) children whose model can hold link targets."""
    try:
        from modelcluster.models import ClusterableModel, get_all_child_relations
    except ImportError:  # pragma: no cover - modelcluster comes with Wagtail
        return ()
    if not issubclass(model, ClusterableModel):
        return ()
    return tuple(
        relation.get_accessor_name()
        for relation in get_all_child_relations(model)
        if url_fields(relation.related_model) or _url_child_relations(relation.related_model)
    )


def block_urls(block: blocks.Block, raw: Any) -> list[str]:
    """Unsafe link targets in the raw (JSON) value of ``block``."""
    found: list[str] = []
    _walk(block, raw, found)
    return found


def _walk(block: blocks.Block | None, raw: Any, found: list[str]) -> None:
    if block is None or raw is None:
        return
    if isinstance(block, blocks.URLBlock | EmbedBlock):
        if not is_safe_url(raw):
            found.append(raw if isinstance(raw, str) else repr(raw))
    elif isinstance(block, blocks.RichTextBlock):
        found.extend(unsafe_links(raw if isinstance(raw, str) else ""))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child in block.child_blocks.items():
                _walk(child, raw.get(name), found)
    elif isinstance(block, blocks.ListBlock):
        for item in raw if isinstance(raw, list) else ():
            is_wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            _walk(block.child_block, item["value"] if is_wrapped else item, found)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else ():
            if isinstance(item, dict):
                _walk(block.child_blocks.get(item.get("type")), item.get("value"), found)


def sanitized_block_raw(block: blocks.Block | None, raw: Any) -> Any:
    """A copy of the raw (JSON) value of ``block`` without unsafe link targets: URL blocks
    emptied, embeds dropped (``None``), unsafe ``href`` attributes removed from rich text.
    For output of data stored before the rule existed; the stored value is not changed."""
    if block is None or raw is None:
        return raw
    if isinstance(block, blocks.URLBlock):
        return raw if is_safe_url(raw) else ""
    if isinstance(block, EmbedBlock):
        return raw if is_safe_url(raw) else None
    if isinstance(block, blocks.RichTextBlock):
        return strip_unsafe_links(raw) if isinstance(raw, str) else raw
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: sanitized_block_raw(block.child_blocks.get(name), value)
            for name, value in raw.items()
        }
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        child = block.child_block
        return [
            {**item, "value": sanitized_block_raw(child, item["value"])}
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item
            else sanitized_block_raw(child, item)
            for item in raw
        ]
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [
            {
                **item,
                "value": sanitized_block_raw(
                    block.child_blocks.get(item.get("type")), item.get("value")
                ),
            }
            if isinstance(item, dict)
            else item
            for item in raw
        ]
    return raw


def _stream_raw(field: StreamField, value: Any) -> list:
    """The stream's JSON as it would be stored: changed blocks count (``raw_data`` may still
    hold the values read from the database), unchanged ones are not converted."""
    if value is None:
        return []
    if not isinstance(value, StreamValue):
        value = field.to_python(value)
    return list(value.get_prep_value())


def unsafe_urls(instance: models.Model) -> list[UnsafeUrl]:
    """Every unsafe link target of ``instance``: its URL, rich text and stream fields and its
    inline children (in memory, so unsaved form data counts). Fetches nothing for the fields;
    inline children are read only for models that have URL fields themselves."""
    found: list[UnsafeUrl] = []
    for field in url_fields(type(instance)):
        value = field.value_from_object(instance)
        if isinstance(field, StreamField):
            urls = block_urls(field.stream_block, _stream_raw(field, value))
        elif isinstance(field, RichTextField):
            urls = unsafe_links(value)
        else:
            urls = [] if is_safe_url(value) else [value]
        found.extend(UnsafeUrl(field.name, url) for url in urls)
    for accessor in _url_child_relations(type(instance)):
        for child in getattr(instance, accessor).all():
            found.extend(UnsafeUrl(accessor, u.url) for u in unsafe_urls(child))
    return found


def new_unsafe_urls(instance: models.Model) -> list[UnsafeUrl]:
    """The unsafe link targets of ``instance`` that its stored row does not hold already.

    An address stored before this rule existed is left in place (readers never get it, see the
    module docstring) so that saving, moving or publishing such an object does not fail on text
    nobody touched; every new one is refused.
    """
    found = unsafe_urls(instance)
    if not found or instance.pk is None:
        return found
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    known = {item.url for item in unsafe_urls(stored)} if stored is not None else set()
    return [item for item in found if item.url not in known]


def validate_urls(instance: models.Model) -> None:
    """Raise ``ValidationError`` (German messages) for every new unsafe link target of
    ``instance`` (see :func:`new_unsafe_urls`), keyed by its field; targets in inline children
    are not errors of one form field and are keyed ``NON_FIELD_ERRORS``."""
    field_names = {field.name for field in url_fields(type(instance))}
    errors: dict[str, list[ValidationError]] = {}
    for item in new_unsafe_urls(instance):
        key = item.field if item.field in field_names else NON_FIELD_ERRORS
        errors.setdefault(key, []).append(
            ValidationError(MESSAGE_WITH_URL, code="unsafe_url", params={"url": _shown(item.url)})
        )
    if errors:
        raise ValidationError(errors)


class SafeUrlsMixin:
    """For snippet models with link targets: ``clean()`` applies the URL rule, so that admin
    forms show the German message on the field (pages get it from ``cms.content.pages.CmsPage``).

    ``cms.plugin.checks`` requires it on every registered snippet type that has URL, rich text or
    stream fields with links; the ``pre_save`` guard applies the rule to every save anyway.
    """

    def clean(self) -> None:
        """The model's own validation and :func:`validate_urls` together: raises one
        ``ValidationError`` whose dict holds the errors of both, each unsafe URL keyed to its
        field (``NON_FIELD_ERRORS`` when the field is not on the form's model).
        """
        errors: dict = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            validate_urls(self)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


# --- The guard on every save ----------------------------------------------------------------------


@cache
def _guarded_models() -> tuple[type, ...]:
    from cms.content.pages import CmsPage
    from cms.plugin.registry import registry

    return (CmsPage, *registry.models("snippet"))


def refuse_unsafe_urls(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    """``pre_save``: no page or snippet is stored with a new unsafe link target, whatever wrote
    it (admin forms validate first and show the message on the field; imports, demo content,
    wagtail-localize and scripts get the ``ValidationError``)."""
    if raw or not isinstance(instance, _guarded_models()):
        return
    fields = url_fields(type(instance))
    if update_fields is not None and not {f.name for f in fields} & set(update_fields):
        return
    if not fields and not _url_child_relations(type(instance)):
        return
    validate_urls(instance)


def connect() -> None:
    """Called from ``CmsConfig.ready``."""
    from django.db.models.signals import pre_save

    pre_save.connect(refuse_unsafe_urls, dispatch_uid="cms_safe_urls_guard")
