"""The attachments of a document, read inside the client (DOMAIN.md: a reviewer sees
the papers beside the document before deciding).

PDFs page by page (QtPdf), images (a TIFF frame by frame) with zoom and
rotation; PageUp/PageDown move through the pages and on to the next or the
previous file. A file is fetched when first shown — by ``fetch``, which the page
gives: it downloads in the background (the server then records that the user
opened it) and answers with :func:`load_file`'s result. OFD, which Qt cannot draw,
is offered to be saved and opened in an OFD reader.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QShortcut, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.widgets.icons import dress
from client.widgets.look import set_state
from common.schemas.attachments import AttachmentListedOut, AttachmentType

ZOOM_STEP = 1.25


@dataclass(frozen=True)
class LoadedFile:
    """A downloaded file, ready to show: a PDF's path, or an image's frames."""

    path: Path
    media_type: AttachmentType
    frames: list[QImage] = field(default_factory=list)


def load_file(path: Path, media_type: AttachmentType) -> LoadedFile:
    """Read an image's frames (QImage is safe off the Qt thread); a PDF is opened
    by the viewer itself, OFD not at all."""
    frames: list[QImage] = []
    if media_type in (AttachmentType.JPEG, AttachmentType.PNG, AttachmentType.TIFF):
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        for _ in range(max(reader.imageCount(), 1)):
            image = reader.read()
            if image.isNull():
                break
            frames.append(image)
    return LoadedFile(path, media_type, frames)


Fetch = Callable[
    [AttachmentListedOut, Callable[[LoadedFile], None], Callable[[str], None]], None
]  # (file, done, failed): starts the download in the background


class AttachmentViewer(QDialog):
    opened = Signal(int)  # an attachment's id, once its bytes are here

    def __init__(
        self, files: list[AttachmentListedOut], fetch: Fetch, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.files_shown = list(files)
        self.fetch = fetch
        self.loaded: dict[int, LoadedFile] = {}
        self.page = 0  # within the current file
        self.zoom = 1.0
        self.rotation = 0
        self.save_dialog_path: Callable[[str], str] = self._ask_target  # seam for tests
        self.list = QListWidget()
        self.list.setObjectName("viewerFiles")
        self.list.setMaximumWidth(220)
        for row in files:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(lambda _row: self._show_current(first_page=True))
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setObjectName("viewerPdf")
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.image = QLabel()
        self.image.setObjectName("viewerImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        image_area = QScrollArea()
        image_area.setWidget(self.image)
        image_area.setWidgetResizable(True)
        self.note = QLabel()
        self.note.setObjectName("viewerNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.stack = QStackedWidget()
        for widget in (self.pdf_view, image_area, self.note):
            self.stack.addWidget(widget)
        self.position = QLabel()
        self.position.setObjectName("viewerPosition")
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for name, slot in (
            ("viewerPrevious", self.previous),
            ("viewerNext", self.next),
            ("viewerZoomIn", lambda: self.zoom_by(ZOOM_STEP)),
            ("viewerZoomOut", lambda: self.zoom_by(1 / ZOOM_STEP)),
            ("viewerRotateLeft", lambda: self.rotate(-90)),
            ("viewerRotateRight", lambda: self.rotate(90)),
            ("viewerSave", self.save_copy),
        ):
            button = QPushButton()
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons[name] = button
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.position)
        for keys, slot in (
            ("PgUp", self.previous),
            ("PgDown", self.next),
            ("Ctrl++", lambda: self.zoom_by(ZOOM_STEP)),
            ("Ctrl+=", lambda: self.zoom_by(ZOOM_STEP)),
            ("Ctrl+-", lambda: self.zoom_by(1 / ZOOM_STEP)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(980, 700)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("附件查看"))
        for name, text in (
            ("viewerPrevious", self.tr("上一页")),
            ("viewerNext", self.tr("下一页")),
            ("viewerZoomIn", self.tr("放大")),
            ("viewerZoomOut", self.tr("缩小")),
            ("viewerRotateLeft", self.tr("向左旋转")),
            ("viewerRotateRight", self.tr("向右旋转")),
            ("viewerSave", self.tr("另存为…")),
        ):
            self.buttons[name].setText(text)
        for row, file in enumerate(self.files_shown):
            self._label(row, file)
        dress(self)

    def _label(self, row: int, file: AttachmentListedOut) -> None:
        seen = file.opened or file.id in self.loaded
        mark = self.tr("已看") if seen else self.tr("未看")
        pages = self.tr("{pages} 页 · {mark}").format(pages=file.pages, mark=mark)
        self.list.item(row).setText(f"{file.name}\n{pages}")

    # -- which file, which page -----------------------------------------------
    def show_file(self, row: int) -> None:
        """Show file ``row`` from its first page — also when the list already has it
        as its current row (Qt may make the first row current as the window shows,
        and then setCurrentRow signals nothing)."""
        if not 0 <= row < self.list.count():
            return
        if row == self.list.currentRow():
            self._show_current(first_page=True)
        else:
            self.list.setCurrentRow(row)

    def current_file(self) -> AttachmentListedOut | None:
        row = self.list.currentRow()
        return self.files_shown[row] if 0 <= row < len(self.files_shown) else None

    def page_count(self) -> int:
        file = self.current_file()
        loaded = self.loaded.get(file.id) if file else None
        if loaded is None:
            return 0
        if loaded.media_type is AttachmentType.PDF:
            return self.pdf.pageCount()
        return len(loaded.frames)

    def next(self) -> None:
        """PageDown: the next page, or the next file's first page."""
        if self.page + 1 < self.page_count():
            self.page += 1
            self._show_page()
        elif self.list.currentRow() + 1 < self.list.count():
            self.show_file(self.list.currentRow() + 1)

    def previous(self) -> None:
        """PageUp: the previous page, or the previous file."""
        if self.page > 0:
            self.page -= 1
            self._show_page()
        elif self.list.currentRow() > 0:
            self.show_file(self.list.currentRow() - 1)

    def zoom_by(self, factor: float) -> None:
        self.zoom = min(8.0, max(0.1, self.zoom * factor))
        self._show_page()

    def rotate(self, degrees: int) -> None:
        self.rotation = (self.rotation + degrees) % 360
        self._show_page()

    # -- showing ----------------------------------------------------------------
    def _show_current(self, *, first_page: bool) -> None:
        file = self.current_file()
        if file is None:
            return
        if first_page:
            self.page, self.zoom, self.rotation = 0, 1.0, 0
        loaded = self.loaded.get(file.id)
        if loaded is None:
            self._say(self.tr("正在下载“{name}”…").format(name=file.name))
            shown = file

            def fetched(got: LoadedFile) -> None:
                self._fetched(shown, got)

            self.fetch(file, fetched, self._failed)
            return
        if loaded.media_type is AttachmentType.PDF:
            self.pdf.close()
            if self.pdf.load(str(loaded.path)) != QPdfDocument.Error.None_:
                self._say(self.tr("无法显示这个 PDF,可另存后查看"), error=True)
                return
        self._show_page()

    def _fetched(self, file: AttachmentListedOut, loaded: LoadedFile) -> None:
        self.loaded[file.id] = loaded
        self.opened.emit(file.id)
        self._label(self.files_shown.index(file), file)
        if self.current_file() is file:
            self._show_current(first_page=False)

    def _failed(self, text: str) -> None:
        self._say(text, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        set_state(self.note, "error" if error else None)
        self.note.setText(text)
        self.stack.setCurrentWidget(self.note)

    def _show_page(self) -> None:
        file = self.current_file()
        loaded = self.loaded.get(file.id) if file else None
        if file is None or loaded is None:
            return
        rotatable = loaded.media_type is not AttachmentType.PDF
        for name in ("viewerRotateLeft", "viewerRotateRight"):
            self.buttons[name].setEnabled(rotatable)
        if loaded.media_type is AttachmentType.PDF:
            if self.zoom == 1.0:  # a whole page in view until the reader zooms
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
            else:
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
                self.pdf_view.setZoomFactor(self.zoom)
            self.pdf_view.pageNavigator().jump(self.page, QPointF(), self.zoom)
            self.stack.setCurrentWidget(self.pdf_view)
        elif loaded.frames:
            frame = loaded.frames[min(self.page, len(loaded.frames) - 1)]
            shown = frame.transformed(QTransform().rotate(self.rotation))
            width = max(1, int(shown.width() * self.zoom))
            scaled = shown.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            self.image.setPixmap(QPixmap.fromImage(scaled))
            self.stack.setCurrentIndex(1)
        else:
            self._say(self.tr("此格式(OFD)不能在此显示:请“另存为…”后用 OFD 阅读器打开"))
        count = self.page_count()
        self.position.setText(
            self.tr("第 {page} / {count} 页").format(page=self.page + 1, count=max(count, 1))
        )

    # -- a copy on disk ----------------------------------------------------------
    def _ask_target(self, name: str) -> str:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), name)
        return chosen

    def save_copy(self) -> None:
        file = self.current_file()
        loaded = self.loaded.get(file.id) if file else None
        if file is None or loaded is None:
            return
        target = self.save_dialog_path(file.name)
        if target:
            source = loaded.path
            QThreadPool.globalInstance().start(lambda: shutil.copyfile(source, target))
