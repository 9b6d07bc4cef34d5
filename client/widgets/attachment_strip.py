"""The attachments strip of an entry screen: the files as thumbnails, the buttons
that add them (file picker, scanner folder) and take one off, a drop target for
files dragged from the desktop, and the progress of the upload in hand.

Only shows and tells: what a click or a drop means (spool, upload, remove) is
decided by client/workbench/entry/attachments_panel.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.widgets.icons import dress, icon
from client.widgets.look import set_state
from client.widgets.thumbnails import THUMB, is_image, is_pdf

KEY_ROLE = Qt.ItemDataRole.UserRole


def fallback_icon(name: str) -> QIcon:
    """An icon of the set for a file without a picture (OFD, not drawn yet)."""
    path = Path(name)
    if is_pdf(path):
        return icon("mdi6.file-pdf-box")
    if is_image(path):
        return icon("mdi6.file-image-outline")
    return icon("mdi6.file-document-outline")


def dropped_files(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """The local files carried by a drag (folders and web links are left out)."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile() and u.toLocalFile()]


class AttachmentStrip(QWidget):
    files_dropped = Signal(list)  # list[Path]
    add_clicked = Signal()
    scanner_clicked = Signal()
    remove_clicked = Signal(int)  # the item's key
    cancel_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("attachmentStrip")
        self.setAcceptDrops(True)
        self.title = QLabel()
        self.files = QListWidget()
        self.files.setObjectName("attachmentFiles")
        self.files.setViewMode(QListView.ViewMode.IconMode)
        self.files.setFlow(QListView.Flow.LeftToRight)
        self.files.setWrapping(False)
        self.files.setMovement(QListView.Movement.Static)
        self.files.setIconSize(THUMB)
        self.files.setGridSize(QSize(THUMB.width() + 40, THUMB.height() + 44))
        self.files.setWordWrap(True)
        self.files.setFixedHeight(THUMB.height() + 64)
        self.files.setAcceptDrops(False)  # the strip takes the drop, whatever is under it
        self.files.currentItemChanged.connect(lambda *_: self._offer())
        self.add_button = QPushButton()
        self.add_button.setObjectName("attachmentAdd")
        self.add_button.clicked.connect(self.add_clicked)
        self.scanner_button = QPushButton()
        self.scanner_button.setObjectName("attachmentScanner")
        self.scanner_button.clicked.connect(self.scanner_clicked)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("attachmentRemove")
        self.remove_button.clicked.connect(self._remove)
        self.progress = QProgressBar()
        self.progress.setObjectName("attachmentProgress")
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("attachmentCancel")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.note = QLabel()
        self.note.setObjectName("attachmentNote")
        self.note.setWordWrap(True)
        self.changeable = True
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title)
        for button in (self.add_button, self.scanner_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.files)
        layout.addWidget(self.note)
        self.hide_progress()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("附件(可拖入文件):"))
        self.add_button.setText(self.tr("添加附件…"))
        self.scanner_button.setText(self.tr("从扫描文件夹添加"))
        self.remove_button.setText(self.tr("删除附件"))
        self.cancel_button.setText(self.tr("取消上传"))
        dress(self)

    # -- items ----------------------------------------------------------------
    def put(self, key: int, name: str, state: str) -> None:
        """Show (or update) the file ``key`` with its state under its name."""
        item = self._item(key)
        if item is None:
            item = QListWidgetItem(fallback_icon(name), "")
            item.setData(KEY_ROLE, key)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.files.addItem(item)
        item.setText(f"{name}\n{state}" if state else name)
        item.setToolTip(item.text())
        self._offer()

    def set_thumbnail(self, key: int, image: QImage | None) -> None:
        item = self._item(key)
        if item is not None and image is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    def take(self, key: int) -> None:
        item = self._item(key)
        if item is not None:
            self.files.takeItem(self.files.row(item))
        self._offer()

    def clear_items(self) -> None:
        self.files.clear()
        self.note.clear()
        self._offer()

    def item_keys(self) -> list[int]:
        return [int(self.files.item(row).data(KEY_ROLE)) for row in range(self.files.count())]

    def _item(self, key: int) -> QListWidgetItem | None:
        for row in range(self.files.count()):
            item = self.files.item(row)
            if item.data(KEY_ROLE) == key:
                return item
        return None

    # -- what may be done -------------------------------------------------------
    def set_changeable(self, changeable: bool) -> None:
        """Files are added and removed only while the document may change."""
        self.changeable = changeable
        self.setAcceptDrops(changeable)
        self.add_button.setEnabled(changeable)
        self.scanner_button.setEnabled(changeable)
        self._offer()

    def _offer(self) -> None:
        self.remove_button.setEnabled(self.changeable and self.files.currentItem() is not None)

    def _remove(self) -> None:
        item = self.files.currentItem()
        if item is not None:
            self.remove_clicked.emit(int(item.data(KEY_ROLE)))

    def tell(self, text: str, *, error: bool = False) -> None:
        set_state(self.note, "error" if error else None)
        self.note.setText(text)

    # -- progress -------------------------------------------------------------
    def show_progress(self, name: str, sent: int, total: int) -> None:
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(sent, total))
        self.progress.setFormat(f"{name} %p%")

    def hide_progress(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)

    # -- drops ----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.changeable and dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event)  # a folder is refused when it is copied, off this thread
        if self.changeable and paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()
