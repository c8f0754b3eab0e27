"""Which files editors may upload, checked by name and by content.

Uploaded files are served from the portal's own address, so a file a browser would run (HTML, SVG,
JavaScript, XML) could act with the portal's cookies and origin. Every FileField and ImageField
therefore takes a ``FileTypeValidator`` with an allow-list of extensions, and the validator looks
at the first bytes too: a ``.pdf`` that is really an HTML page is refused like an ``.html`` file.
The same table tells ``portal.media`` which content type a stored file is served with.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Enough for every signature below; ZIP containers are opened as a whole.
HEAD_BYTES = 2048
# Text files (plain-text versions, captions) must not smuggle markup a browser would render.
MARKUP_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"javascript:")


def _is_pdf(file, head):
    return head.startswith(b"%PDF-")


def _is_ole(file, head):
    # Word 97-2003, Excel 97-2003 and PowerPoint 97-2003 are OLE compound files.
    return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _office_open_xml(folder):
    """Return a check for a Word/Excel/PowerPoint file: a ZIP with [Content_Types].xml and its folder."""

    def check(file, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return check


def _zip_with_mimetype(mimetype):
    """Return a check for OpenDocument and EPUB files: a ZIP whose ``mimetype`` member names the type."""

    def check(file, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(file) as archive:
                return archive.read("mimetype").strip() == mimetype
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False

    return check


def _image(pillow_format):
    def check(file, head):
        try:
            with Image.open(file) as image:
                found = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return False
        return found == pillow_format

    return check


def _is_mp4(file, head):
    return head[4:8] == b"ftyp"


def _is_webm(file, head):
    # Matroska's EBML header, with "webm" as its document type.
    return head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]


def _text(file):
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lowered = text.lower().encode()
    if "\x00" in text or any(marker in lowered for marker in MARKUP_MARKERS):
        return None
    return text


def _is_plain_text(file, head):
    return _text(file) is not None


def decode_table(data: bytes) -> str | None:
    """Return a CSV export's text: UTF-8 (with or without byte-order mark), else Windows-1252.

    None for what is no text (NUL bytes, markup). Spreadsheet programs and video-conference tools
    write either encoding, and cp1252 decodes almost any byte, so UTF-8 is tried first.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        lowered = text.lower().encode()
        if "\x00" in text or any(marker in lowered for marker in MARKUP_MARKERS):
            return None
        return text
    return None


def _is_table_text(file, head):
    return decode_table(file.read()) is not None


WEBVTT_HEADERS = ("WEBVTT\n", "WEBVTT\r", "WEBVTT ", "WEBVTT\t")


def _is_webvtt(file, head):
    text = _text(file)
    # The header line is "WEBVTT", optionally followed by a space or tab and a description.
    return text is not None and (text == "WEBVTT" or text[:7] in WEBVTT_HEADERS)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    matches: Callable
    # Images and films appear in pages; everything else is only ever downloaded.
    shown_inline: bool = False


FILE_TYPES = {
    "pdf": FileType("PDF", "application/pdf", _is_pdf),
    "docx": FileType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _office_open_xml("word/"),
    ),
    "xlsx": FileType(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _office_open_xml("xl/")
    ),
    "pptx": FileType(
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _office_open_xml("ppt/"),
    ),
    "doc": FileType("DOC", "application/msword", _is_ole),
    "xls": FileType("XLS", "application/vnd.ms-excel", _is_ole),
    "ppt": FileType("PPT", "application/vnd.ms-powerpoint", _is_ole),
    "odt": FileType(
        "ODT",
        "application/vnd.oasis.opendocument.text",
        _zip_with_mimetype(b"application/vnd.oasis.opendocument.text"),
    ),
    "ods": FileType(
        "ODS",
        "application/vnd.oasis.opendocument.spreadsheet",
        _zip_with_mimetype(b"application/vnd.oasis.opendocument.spreadsheet"),
    ),
    "odp": FileType(
        "ODP",
        "application/vnd.oasis.opendocument.presentation",
        _zip_with_mimetype(b"application/vnd.oasis.opendocument.presentation"),
    ),
    "epub": FileType("EPUB", "application/epub+zip", _zip_with_mimetype(b"application/epub+zip")),
    "txt": FileType("TXT", "text/plain; charset=utf-8", _is_plain_text),
    "csv": FileType("CSV", "text/csv", _is_table_text),
    "jpg": FileType("JPEG", "image/jpeg", _image("JPEG"), shown_inline=True),
    "jpeg": FileType("JPEG", "image/jpeg", _image("JPEG"), shown_inline=True),
    "png": FileType("PNG", "image/png", _image("PNG"), shown_inline=True),
    "webp": FileType("WebP", "image/webp", _image("WEBP"), shown_inline=True),
    "mp4": FileType("MP4", "video/mp4", _is_mp4, shown_inline=True),
    "webm": FileType("WebM", "video/webm", _is_webm, shown_inline=True),
    "vtt": FileType("WebVTT", "text/vtt; charset=utf-8", _is_webvtt),
}

DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "doc", "xls", "ppt", "odt", "ods", "odp", "txt")
IMAGES = ("jpg", "jpeg", "png", "webp")
VIDEOS = ("mp4", "webm")
CAPTIONS = ("vtt",)
TABLES = ("csv",)


def extension(name: str) -> str:
    """Return the lower-case extension of a file name without the dot, "" when it has none."""
    return PurePath(name or "").suffix.lstrip(".").lower()


def file_type_of(name: str) -> FileType | None:
    """Return what the portal knows about a stored file's type, None for any other file."""
    return FILE_TYPES.get(extension(name))


@deconstructible
class FileTypeValidator:
    """Accept only files with one of ``extensions`` whose content is what the extension claims."""

    def __init__(self, extensions):
        unknown = set(extensions) - set(FILE_TYPES)
        if unknown:
            raise ValueError(f"No content check for: {', '.join(sorted(unknown))}")
        self.extensions = tuple(extensions)

    def __call__(self, value):
        allowed = ", ".join(dict.fromkeys(FILE_TYPES[ext].label for ext in self.extensions))
        ext = extension(value.name)
        if ext not in self.extensions:
            raise ValidationError(
                _("Dateien dieses Typs können nicht hochgeladen werden. Erlaubt sind: %(allowed)s."),
                code="file_type",
                params={"allowed": allowed},
            )
        file_type = FILE_TYPES[ext]
        if not self._content_matches(value, file_type):
            raise ValidationError(
                _(
                    "Der Inhalt dieser Datei ist keine %(label)s-Datei, obwohl ihr Name auf .%(extension)s "
                    "endet. Dateien dieses Typs können nicht hochgeladen werden. Erlaubt sind: %(allowed)s."
                ),
                code="file_content",
                params={"label": file_type.label, "extension": ext, "allowed": allowed},
            )

    @staticmethod
    def _content_matches(value, file_type):
        try:
            file = value.file  # the upload itself, or the stored file opened from the storage
        except (FileNotFoundError, OSError, ValueError):
            # A stored file gone from the storage can no longer be served: nothing to check.
            return True
        file.seek(0)
        head = file.read(HEAD_BYTES)
        file.seek(0)
        try:
            return file_type.matches(file, head)
        finally:
            file.seek(0)

    def __eq__(self, other):
        return isinstance(other, FileTypeValidator) and self.extensions == other.extensions
