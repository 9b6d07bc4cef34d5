"""An item read-only in a window of its own (from 查询 or the search box), with
its 审批记录; an overdue item can be urged (督办) from here by its maker or by a
post above the step's — the server decides who may."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.shell.page_context import PageContext
from client.widgets.icons import dress
from client.widgets.message_line import MessageLine
from client.workbench.review.archive_export import export_archive
from client.workbench.review.attachments_box import open_viewer
from client.workbench.review.document_detail import DocumentDetail
from common.enums import DeadlineState
from common.schemas.documents import DocumentOut
from common.schemas.reviews import TimelineOut


class DetailDialog(QDialog):
    def __init__(
        self,
        context: PageContext,
        document: DocumentOut,
        timeline: TimelineOut,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentDetailDialog")
        self.context = context
        self.document = document
        self.setWindowTitle(document.number or self.tr("单据"))
        self.detail = DocumentDetail(context.reference)
        self.detail.show_document(document, timeline)
        self.viewer: QDialog | None = None
        box = self.detail.attachments_box
        box.open_requested.connect(self.open_attachments)
        context.run(
            self,
            lambda api: api.attachments.listing(document.id),
            box.show_rows,
            say=lambda text: self.message.say_error(text),
        )
        self.urge_button = QPushButton(self.tr("督办…"))
        self.urge_button.setObjectName("detail_urge")
        self.urge_button.clicked.connect(self.ask_urge)
        overdue = any(
            step.status == "active" and step.deadline_state is DeadlineState.RED
            for step in timeline.steps
        )
        self.urge_button.setVisible(overdue)
        self.archive_button = QPushButton(self.tr("导出电子档案"))
        self.archive_button.setObjectName("detail_archive")
        self.archive_button.clicked.connect(self.export_archive)
        self.note_dialog: QInputDialog | None = None
        self.message = MessageLine("detailMessage")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.urge_button)
        bottom.addWidget(self.archive_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail, 1)
        layout.addLayout(bottom)
        self.resize(560, 680)
        dress(self)

    def open_attachments(self, start: int = 0) -> None:
        self.viewer = open_viewer(self, self.context, self.detail.attachments_box, start)

    def export_archive(self) -> None:
        """导出电子档案 (from 查询 and the search box)."""
        export_archive(
            self,
            self.context,
            document_id=self.document.id,
            number=self.document.number or "",
            say=self.message.say,
            say_error=self.message.say_error,
        )

    def ask_urge(self) -> None:
        """督办: a word to the reviewers, then the reminder (in red on their home)."""
        dialog = QInputDialog(self)
        dialog.setObjectName("urgeDialog")
        dialog.setWindowTitle(self.tr("督办"))
        dialog.setLabelText(self.tr("给审批人的话(可不填):"))
        self.note_dialog = dialog

        def finished(result: int) -> None:
            self.note_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.urge(dialog.textValue().strip())

        dialog.finished.connect(finished)
        dialog.open()

    def urge(self, note: str) -> None:
        doc = self.document
        self.context.run(
            self,
            lambda api: api.reviews.urge(doc.id, opinion=note),
            lambda _out: self.message.say(self.tr("已督办,审批人会在首页看到")),
            say=self.message.say_error,
        )


def open_detail_dialog(
    parent: QWidget, context: PageContext, document: DocumentOut, timeline: TimelineOut
) -> DetailDialog:
    dialog = DetailDialog(context, document, timeline, parent)
    dialog.open()
    return dialog
