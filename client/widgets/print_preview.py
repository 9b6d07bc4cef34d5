"""The one print preview every screen opens (voucher, query list, report).

QPrintPreviewDialog does not own its printer, and a printer or document collected
while the preview paints on it kills the client with no message: this dialog holds
both for as long as it lives.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

Paint = Callable[[QPrinter], None]


class PrintPreview(QPrintPreviewDialog):
    """A non-modal preview; the user prints or saves a PDF from it."""

    def __init__(
        self, parent: QWidget, *, name: str, title: str, layout: QPageLayout, paint: Paint
    ) -> None:
        self.paper = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.paper.setPageLayout(layout)
        if title:
            self.paper.setDocName(title)
        super().__init__(self.paper, parent)
        self.setObjectName(name)
        if title:
            self.setWindowTitle(title)
        self.paint_with = paint  # holds the document painted, too
        self.paintRequested.connect(self._paint)

    def _paint(self, device: QPrinter) -> None:
        self.paint_with(device)


def open_preview(
    parent: QWidget, *, name: str, title: str, layout: QPageLayout, paint: Paint
) -> PrintPreview:
    dialog = PrintPreview(parent, name=name, title=title, layout=layout, paint=paint)
    dialog.open()
    return dialog
