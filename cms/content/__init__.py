"""The content model: the bases a plugin's pages, snippets and blocks build on, and the rules
every write obeys (alt text, link targets, references, file facts, image and document texts).

This face is what a plugin's models, blocks and forms import; it loads models, so import it from
``models.py``/``blocks.py``, not from ``apps.py``. Inside: :mod:`~cms.content.pages` (``CmsPage``),
:mod:`~cms.content.blocks` (the shared block library, atoms to organisms), :mod:`~cms.content.hero`,
:mod:`~cms.content.per_locale`, and the rules :mod:`~cms.content.alt_text`,
:mod:`~cms.content.safe_urls`, :mod:`~cms.content.references`, :mod:`~cms.content.documents`,
:mod:`~cms.content.media_texts` and :mod:`~cms.content.redirects`.
"""

from cms.content.alt_text import AltTextPageForm, AltTextRequiredMixin
from cms.content.blocks import (
    RICH_TEXT_FEATURES,
    AccordionBlock,
    BodyBlock,
    CallToActionBlock,
    CmsStreamBlock,
    DocumentListBlock,
    GalleryBlock,
    HeadingBlock,
    ImageBlock,
    KeyFiguresBlock,
    LinkBlock,
    LinkColumnBlock,
    LocationBlock,
    MenuItemBlock,
    PageTeasersBlock,
    QuoteBlock,
    RichTextBlock,
    TableBlock,
    VideoBlock,
)
from cms.content.hero import HeroImageMixin
from cms.content.media_texts import FIELD_NAME as MEDIA_TEXTS_FIELD
from cms.content.pages import CmsPage
from cms.content.per_locale import OnePerLocale
from cms.content.safe_urls import SafeUrlsMixin

__all__ = [
    "MEDIA_TEXTS_FIELD",
    "RICH_TEXT_FEATURES",
    "AccordionBlock",
    "AltTextPageForm",
    "AltTextRequiredMixin",
    "BodyBlock",
    "CallToActionBlock",
    "CmsPage",
    "CmsStreamBlock",
    "DocumentListBlock",
    "GalleryBlock",
    "HeadingBlock",
    "HeroImageMixin",
    "ImageBlock",
    "KeyFiguresBlock",
    "LinkBlock",
    "LinkColumnBlock",
    "LocationBlock",
    "MenuItemBlock",
    "OnePerLocale",
    "PageTeasersBlock",
    "QuoteBlock",
    "RichTextBlock",
    "SafeUrlsMixin",
    "TableBlock",
    "VideoBlock",
]
