"""Small pictures of attached files: an image scaled down, a PDF's first page.

``render_thumbnail`` reads the disk and runs off the Qt thread (in a QueryOp);
it returns a QImage (safe to make outside the GUI thread) and the main thread
turns it into an icon. Other types (OFD, an unreadable file) get None, and the
strip shows an icon of the set (icons.py) instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter
from PySide6.QtPdf import QPdfDocument

THUMB = QSize(96, 96)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


EDGE = QColor(150, 150, 150)  # a white page on a white strip still shows its outline


def render_thumbnail(path: Path, size: QSize = THUMB) -> QImage | None:
    """The first page or the picture, scaled into ``size`` and centred on a canvas of
    exactly that size (so every name below the strip's pictures lines up), outlined;
    None when it cannot be drawn."""
    found = _pdf_page(path, size) if is_pdf(path) else _picture(path, size)
    return None if found is None else framed(found, size)


def framed(image: QImage, size: QSize) -> QImage:
    """``image`` on white paper (a PDF page renders transparent where nothing is
    printed), centred on a transparent ``size`` canvas with a thin outline (a QImage
    may be painted off the Qt thread)."""
    canvas = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    left = (size.width() - image.width()) // 2
    top = (size.height() - image.height()) // 2
    painter = QPainter(canvas)
    try:
        painter.fillRect(left, top, image.width(), image.height(), Qt.GlobalColor.white)
        painter.drawImage(left, top, image)
        painter.setPen(EDGE)
        painter.drawRect(left, top, image.width() - 1, image.height() - 1)
    finally:
        painter.end()
    return canvas


def _picture(path: Path, size: QSize) -> QImage | None:
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
