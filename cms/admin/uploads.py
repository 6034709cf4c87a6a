"""Checks every uploaded image and document before anything is stored.

Wagtail already limits file size and pixel count; these checks run first and add what it lacks,
each with a German message an editor can act on:

- images: size, extension (SVG refused by name: it can carry scripts), content sniffed from the
  first bytes (``filetype``, the library Wagtail's image layer uses) must match the extension, the
  pixel count is read from the header only (Pillow opens lazily), so a decompression bomb is
  refused before a single pixel is decoded, and the file must not be truncated or corrupt;
- documents: size, extension, content must match the extension (PDF signature, Office Open XML
  package with its main part), PDFs must open with pypdf and have at least one page.

Memory stays bounded: images are never decoded here, PDFs are parsed by pypdf (whose own limits
guard against compressed-stream bombs), Office files are checked through the ZIP directory only.
The checks raise :class:`django.core.exceptions.ValidationError` from the form field, so a refused
upload saves neither a database row nor a file.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage

#: Image format detected from the content -> extensions that may carry it.
IMAGE_EXTENSIONS_BY_FORMAT = {
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
    "gif": {"gif"},
    "webp": {"webp"},
    "avif": {"avif"},
    "heic": {"heic"},
}

#: The main part an Office Open XML package of each extension must contain.
OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

#: The most ZIP members an Office file may list (a real document has a few dozen).
OOXML_MAX_MEMBERS = 2000


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _head(file: IO[bytes], size: int = 8192) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


def check_file_size(file, limit: int | None) -> None:
    """Raise ``ValidationError`` (German, code ``file_too_large``) when ``file.size`` (bytes)
    exceeds ``limit`` (bytes); ``None`` means no limit.
    """
    if limit is not None and file.size > limit:
        _refuse(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            "file_too_large",
        )


def check_image_upload(file) -> None:
    """Refuse an image upload that is too big, of the wrong kind, disguised, a bomb or broken."""
    allowed = [ext.lower() for ext in settings.WAGTAILIMAGES_EXTENSIONS]
    check_file_size(file, getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None))
    extension = _extension(file.name)
    if extension == "svg":
        _refuse(
            _(
                "SVG-Grafiken können nicht hochgeladen werden, weil sie Programmcode enthalten "
                "können. Bitte speichern Sie die Grafik als PNG oder JPEG."
            ),
            "svg_refused",
        )
    if extension not in allowed:
        _refuse(
            _("Dieses Dateiformat wird nicht unterstützt. Erlaubt sind: %(formats)s.")
            % {"formats": ", ".join(ext.upper() for ext in allowed)},
            "invalid_image_extension",
        )

    head = _head(file)
    kind = filetype.guess(head)
    detected = kind.extension if kind else None
    if detected not in IMAGE_EXTENSIONS_BY_FORMAT:
        _refuse(
            _("Die Datei ist kein Bild oder beschädigt. Erlaubt sind: %(formats)s.")
            % {"formats": ", ".join(ext.upper() for ext in allowed)},
            "invalid_image",
        )
    if extension not in IMAGE_EXTENSIONS_BY_FORMAT[detected]:
        _refuse(
            _(
                "Der Inhalt der Datei passt nicht zu ihrer Endung „.%(extension)s“: es ist ein "
                "%(detected)s-Bild. Bitte laden Sie die Datei mit der richtigen Endung hoch."
            )
            % {"extension": extension, "detected": detected.upper()},
            "invalid_image_known_format",
        )
    if detected in ("jpg", "png", "gif", "webp"):
        check_image_pixels(file)


def check_image_pixels(file) -> None:
    """Read the dimensions from the header and refuse too many pixels, before any decoding."""
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or PILImage.MAX_IMAGE_PIXELS
    too_many = _(
        "Das Bild hat zu viele Bildpunkte (%(pixels)s). Erlaubt sind höchstens %(limit)s "
        "Bildpunkte, z. B. 6000 × 4000. Bitte verkleinern Sie das Bild."
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1) if width * height <= limit else 1
                pixels = width * height * frames
                if pixels > limit:
                    _refuse(
                        too_many % {"pixels": f"{pixels:,}".replace(",", "."), "limit": _n(limit)},
                        "file_too_many_pixels",
                    )
                image.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        _refuse(
            too_many % {"pixels": _("mehr als %s") % _n(limit), "limit": _n(limit)},
            "file_too_many_pixels",
        )
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any decoder error means the file is unusable
        _refuse(
            _("Die Bilddatei ist beschädigt oder unvollständig und kann nicht verwendet werden."),
            "invalid_image",
        )
    finally:
        file.seek(0)


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_document_upload(file) -> int | None:
    """Refuse a document of a disallowed kind, with disguised content, or an unreadable PDF.

    Returns the page count of a PDF (None for other kinds), so a caller can reuse it.
    """
    allowed = [ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS]
    check_file_size(file, getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None))
    extension = _extension(file.name)
    if extension not in allowed:
        _refuse(
            _("Dieses Dateiformat wird nicht unterstützt. Erlaubt sind: %(formats)s.")
            % {"formats": ", ".join(ext.upper() for ext in allowed)},
            "invalid_document_extension",
        )
    mismatch = _(
        "Der Inhalt der Datei passt nicht zu ihrer Endung „.%(extension)s“. Bitte laden Sie die "
        "Originaldatei hoch."
    ) % {"extension": extension}
    head = _head(file, 1024)
    if extension == "pdf":
        kind = filetype.guess(head)
        if (kind is None or kind.extension != "pdf") and b"%PDF-" not in head:
            _refuse(mismatch, "document_content_mismatch")
        return check_pdf(file)
    if extension in OOXML_MAIN_PARTS:
        check_ooxml(file, OOXML_MAIN_PARTS[extension], mismatch)
    return None


def check_pdf(file) -> int:
    """Open the PDF with pypdf and count its pages; refuse it with a German message otherwise."""
    from pypdf import PdfReader

    unreadable = _(
        "Die PDF-Datei kann nicht gelesen werden (beschädigt oder kein gültiges PDF). Bitte "
        "speichern Sie sie neu, z. B. mit „Als PDF exportieren“, und laden Sie sie noch einmal hoch."
    )
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure means a password is needed
                _refuse(
                    _(
                        "Die PDF-Datei ist mit einem Passwort geschützt. Bitte laden Sie sie ohne Passwort hoch."
                    ),
                    "pdf_encrypted",
                )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
        _refuse(unreadable, "pdf_unreadable")
    finally:
        file.seek(0)
    if pages < 1:
        _refuse(unreadable, "pdf_unreadable")
    return pages


def check_ooxml(file, main_part: str, mismatch: str) -> None:
    """An Office Open XML file is a ZIP package with content types and its main part."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(mismatch, "document_content_mismatch")
    finally:
        file.seek(0)
    if len(names) > OOXML_MAX_MEMBERS:
        _refuse(
            _("Die Datei enthält ungewöhnlich viele Teile und wird abgelehnt."), "ooxml_too_many"
        )
    if "[Content_Types].xml" not in names or main_part not in names:
        _refuse(mismatch, "document_content_mismatch")
