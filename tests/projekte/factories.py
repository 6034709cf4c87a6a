"""Factories for the projekte plugin's pages and snippets (wagtail-factories, factory_boy)."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from fpdf import FPDF
from wagtail.models import Locale

from cms.models import CmsDocument
from projekte import models


def default_locale():
    return Locale.get_default()


class ImageFactory(wagtail_factories.ImageFactory):
    """An image with a default alt text; pass ``description=""`` for one without."""

    title = factory.Sequence(lambda n: f"Bild {n}")
    description = "Ein Testbild"
    caption = "Bildunterschrift des Bildes"
    credit = "Foto: Test"


def pdf_bytes(pages: int = 1, text: str = "Protokoll - Kali-Zukunftsforum Roßleben") -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"{text} (Seite {number + 1})")
    return bytes(pdf.output())


def make_document(
    title: str = "Nordthüringer Erklärung",
    pages: int = 2,
    name: str = "erklaerung.pdf",
    content: bytes | None = None,
) -> CmsDocument:
    document = CmsDocument(title=title)
    document.file.save(
        name, ContentFile(content if content is not None else pdf_bytes(pages)), save=False
    )
    document.save()
    return document


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = models.Topic


class PlaceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ort {n}")
    slug = factory.Sequence(lambda n: f"ort-{n}")
    latitude = 51.3667
    longitude = 10.8667
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = models.Place


class FundingProgrammeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Programm {n}")
    slug = factory.Sequence(lambda n: f"programm-{n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = models.FundingProgramme


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projekte"
    slug = "projekte"

    class Meta:
        model = models.ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Projekt {n}")
    teaser = "Ein Projekt des Regionalmanagements Nordthüringen."
    start_date = datetime.date(2024, 1, 1)

    class Meta:
        model = models.ProjectPage


class DocumentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Mediathek"
    slug = "mediathek"

    class Meta:
        model = models.DocumentIndexPage


class DocumentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dokument {n}")
    kind = models.DocumentKind.MINUTES
    date = datetime.date(2024, 3, 1)
    summary = "Zusammenfassung des Dokuments."
    document = factory.LazyFunction(make_document)

    class Meta:
        model = models.DocumentPage


class PartnerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partner"
    slug = "partner"

    class Meta:
        model = models.PartnerIndexPage


class PartnerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Partner {n}")
    kind = models.PartnerKind.REGION

    class Meta:
        model = models.PartnerPage
