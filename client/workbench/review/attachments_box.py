"""The attachments beside a document under review or in its detail window: the
files with whether I have opened them, and the viewer they open in.

Opening a file downloads it in the background; the server records that I
opened it, which approval requires while the parameter says so — so the box
counts the files not yet opened, for the reviewer to see before deciding.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.shell.page_context import PageContext
from client.widgets.attachment_viewer import AttachmentViewer, LoadedFile, load_file
from client.widgets.look import set_state
from common.schemas.attachments import AttachmentListedOut


class AttachmentsBox(QWidget):
    open_requested = Signal(int)  # the row to start at

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AttachmentListedOut] = []
        self.title = QLabel()
        self.title.setObjectName("detailAttachmentsTitle")
        self.files = QListWidget()
        self.files.setObjectName("detailAttachments")
        self.files.setMaximumHeight(110)
        self.files.itemActivated.connect(lambda _item: self._open())
        self.open_button = QPushButton()
        self.open_button.setObjectName("attachmentsOpen")
        self.open_button.clicked.connect(self._open)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.files)
        self.retranslate()
        self.show_rows([])

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("查看附件"))
        self._fill()

    def show_rows(self, rows: list[AttachmentListedOut]) -> None:
        self.rows = list(rows)
        self._fill()

    def mark_opened(self, attachment_id: int) -> None:
        self.rows = [
            row.model_copy(update={"opened": True}) if row.id == attachment_id else row
            for row in self.rows
        ]
        self._fill()

    def unopened(self) -> int:
        return sum(1 for row in self.rows if not row.opened)

    def _fill(self) -> None:
        current = max(self.files.currentRow(), 0)
        self.files.clear()
        for row in self.rows:
            mark = self.tr("✓ 已看") if row.opened else self.tr("● 未看")
            self.files.addItem(
                self.tr("{mark} {name}({pages} 页)").format(
                    mark=mark, name=row.name, pages=row.pages
                )
            )
        if self.rows:
            self.files.setCurrentRow(min(current, len(self.rows) - 1))
        missing = self.unopened()
        if not self.rows:
            self.title.setText(self.tr("附件:无"))
        elif missing:
            self.title.setText(
                self.tr("附件 {total} 个,未看 {missing} 个").format(
                    total=len(self.rows), missing=missing
                )
            )
        else:
            self.title.setText(self.tr("附件 {total} 个,均已查看").format(total=len(self.rows)))
        set_state(self.title, "error" if missing else None)
        self.open_button.setEnabled(bool(self.rows))
        self.files.setVisible(bool(self.rows))

    def _open(self) -> None:
        if self.rows:
            self.open_requested.emit(max(self.files.currentRow(), 0))


def open_viewer(
    owner: QWidget, context: PageContext, box: AttachmentsBox, start: int
) -> AttachmentViewer:
    """The viewer over the box's files, at ``start``; each file is downloaded (into
    a folder of its own, removed when the viewer closes) the first time it shows."""
    folders: list[Path] = []

    def fetch(row: AttachmentListedOut, done: object, failed: object) -> None:
        def download(api: ApiClient) -> LoadedFile:
            folder = Path(tempfile.mkdtemp(prefix="countersign-attachment-"))
            folders.append(folder)
            target = folder / f"file{Path(row.name).suffix.lower()}"
            api.attachments.download(row.id, target)
            return load_file(target, row.media_type)

        context.run(viewer, download, done, say=failed)  # type: ignore[arg-type]

    viewer = AttachmentViewer(box.rows, fetch, owner)
    viewer.opened.connect(box.mark_opened)

    def closed(_result: int) -> None:
        gone = list(folders)

        def remove() -> None:
            for folder in gone:
                shutil.rmtree(folder, ignore_errors=True)

        QThreadPool.globalInstance().start(remove)
        viewer.deleteLater()

    viewer.finished.connect(closed)
    viewer.open()
    viewer.show_file(start)
    return viewer
