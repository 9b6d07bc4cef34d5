"""Small pictures of attached files: an image scaled down, a PDF's first page.

``render_thumbnail`` reads the disk and runs off the Qt thread (in a QueryOp);
it returns a QImage (safe to make outside the GUI thread) and the main thread
turns it into an icon. Other types (OFD, an unreadable file) get None, and the
strip shows an icon of the set (icons.py) instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtPdf import QPdfDocument

THUMB = QSize(96, 96)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def render_thumbnail(path: Path, size: QSize = THUMB) -> QImage | None:
    """The first page or the picture, at most ``size``; None when it cannot be drawn."""
    if is_pdf(path):
        return _pdf_page(path, size)
    if is_image(path):
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        found = reader.size()
        if found.isValid():
            reader.setScaledSize(found.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return None if image.isNull() else image
    return None


def _pdf_page(path: Path, size: QSize) -> QImage | None:
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
            return None
        page = document.pagePointSize(0).toSize()
        image = document.render(0, page.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
        return None if image.isNull() else image
    finally:
        document.close()
