"""What an uploaded file is, decided from its bytes and never from its name.

A file is accepted only when its first bytes are those of an accepted type
(magic numbers) *and* a real parser of that type opens it: pypdf reads a PDF's
page tree, Pillow opens an image (a JPEG is decoded at 1/8 scale, a PNG's every
chunk is checked, a TIFF's every page is walked), and an OFD is a zip whose
``OFD.xml`` at its root parses as an OFD. So a renamed .exe, an HTML page, a
truncated scan or a PDF with an opening password is refused, naming the file.

The page count (附件张数 is the sum of them) is read from the file: a PDF's
pages, a TIFF's frames, 1 for a JPEG or PNG, and for an OFD the pages its first
document's ``Document.xml`` lists — 1 when that cannot be read simply (no
DocRoot, an odd path, a DTD, a part too large), since the file did open.
"""

from __future__ import annotations

import logging
import warnings
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image
from pypdf import PasswordType, PdfReader

from common.errors import DomainError
from common.schemas.attachments import AttachmentType

log = logging.getLogger(__name__)

_HEAD = 16
_MAGIC: tuple[tuple[bytes, AttachmentType], ...] = (
    (b"%PDF-", AttachmentType.PDF),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
    (b"II*\x00", AttachmentType.TIFF),
    (b"MM\x00*", AttachmentType.TIFF),
    (b"PK\x03\x04", AttachmentType.OFD),  # a zip; OFD only if OFD.xml is at its root
)
_KIND_WORDS = {
    AttachmentType.PDF: "PDF",
    AttachmentType.JPEG: "JPEG",
    AttachmentType.PNG: "PNG",
    AttachmentType.TIFF: "TIFF",
    AttachmentType.OFD: "OFD",
}
_PIL_FORMATS = {AttachmentType.JPEG: "JPEG", AttachmentType.PNG: "PNG", AttachmentType.TIFF: "TIFF"}
_XML_PART_MAX = 8 * 1024 * 1024  # an OFD's OFD.xml or Document.xml, uncompressed

PageCounter = Callable[[BinaryIO], int]


@dataclass(frozen=True)
class Recognised:
    media_type: AttachmentType
    pages: int


class _Unreadable(Exception):
    """The file has an accepted type's magic number but its parser refused it."""


class _Encrypted(Exception):
    """A PDF that opens only with a password."""


class _NotOfd(Exception):
    """A zip, but not an OFD (no OFD.xml at its root): refused as another type."""


def recognise(stream: BinaryIO, *, name: str) -> Recognised:
    """The file's type and pages; a 4xx DomainError naming field ``file`` and the
    file's ``name`` when it is not a PDF, JPEG, PNG, TIFF or OFD that opens."""
    stream.seek(0)
    head = stream.read(_HEAD)
    stream.seek(0)
    kind = next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)
    if kind is None:
        raise refused(name)
    try:
        pages = _PAGES[kind](stream)
    except _Encrypted:
        raise DomainError("attachment.encrypted", status=422, field="file", name=name) from None
    except _NotOfd:
        raise refused(name) from None
    except Exception as exc:  # any parser failure on untrusted bytes means "does not open"
        log.info("attachment %r (%s) does not open: %r", name, kind.value, exc)
        raise DomainError(
            "attachment.unreadable", status=422, field="file", name=name, kind=_KIND_WORDS[kind]
        ) from None
    finally:
        stream.seek(0)
    return Recognised(kind, pages)


def refused(name: str) -> DomainError:
    """The refusal of a file that is none of the accepted types."""
    return DomainError("attachment.type_refused", status=415, field="file", name=name)


def _pdf_pages(stream: BinaryIO) -> int:
    reader = PdfReader(stream)
    if reader.is_encrypted and reader.decrypt("") is PasswordType.NOT_DECRYPTED:
        raise _Encrypted
    pages = len(reader.pages)
    if pages < 1:
        raise _Unreadable("a PDF without pages")
    return pages


def _image_pages(kind: AttachmentType) -> PageCounter:
    def count(stream: BinaryIO) -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream, formats=[_PIL_FORMATS[kind]]) as image:
                if kind is AttachmentType.JPEG:
                    image.draft("RGB", (image.width // 8 or 1, image.height // 8 or 1))
                    image.load()  # decoded, cheaply: a truncated scan fails here
                    return 1
                if kind is AttachmentType.PNG:
                    image.verify()  # every chunk's checksum, without decoding
                    return 1
                frames = int(getattr(image, "n_frames", 1))  # walks every page's directory
                if frames < 1:
                    raise _Unreadable("a TIFF without pages")
                return frames

    return count


def _ofd_pages(stream: BinaryIO) -> int:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:  # not even a zip: nothing says it was meant as an OFD
        raise _NotOfd from None
    with archive:
        names = set(archive.namelist())
        if "OFD.xml" not in names:
            raise _NotOfd
        root = _xml(archive, "OFD.xml")
        if root is None or _local(root.tag) != "OFD":
            raise _Unreadable("OFD.xml is not an OFD")
        return _ofd_document_pages(archive, root, names) or 1


def _ofd_document_pages(
    archive: zipfile.ZipFile, root: ElementTree.Element, names: set[str]
) -> int | None:
    """The pages the first document's Document.xml lists; None when not simple."""
    doc_root = next((el for el in root.iter() if _local(el.tag) == "DocRoot"), None)
    path = (doc_root.text or "").strip().lstrip("/") if doc_root is not None else ""
    if not path or ".." in path.split("/") or path not in names:
        return None
    document = _xml(archive, path)
    if document is None:
        return None
    pages = [
        page
        for holder in document.iter()
        if _local(holder.tag) == "Pages"
        for page in holder
        if _local(page.tag) == "Page"
    ]
    return len(pages) or None


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A part of the zip parsed as XML; None for one too large or with a DTD
    (entities are how XML bombs work, and an OFD has no use for them)."""
    if archive.getinfo(name).file_size > _XML_PART_MAX:
        return None
    data = archive.read(name)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        if name == "OFD.xml":
            raise _Unreadable("OFD.xml does not parse") from exc
        return None


def _local(tag: str) -> str:
    """``{http://www.ofdspec.org/2016}Page`` -> ``Page``."""
    return tag.rpartition("}")[2]


_PAGES: dict[AttachmentType, PageCounter] = {
    AttachmentType.PDF: _pdf_pages,
    AttachmentType.JPEG: _image_pages(AttachmentType.JPEG),
    AttachmentType.PNG: _image_pages(AttachmentType.PNG),
    AttachmentType.TIFF: _image_pages(AttachmentType.TIFF),
    AttachmentType.OFD: _ofd_pages,
}
