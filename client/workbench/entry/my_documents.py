"""我的单据: the clerk's own documents, with what may be done to each.

Edit opens a draft or returned item in its entry screen; recall (收回) takes back
a submitted item no reviewer has touched; delete (drafts only) asks for a
reason; reverse (红字冲销) makes a red draft of an approved document. Beside the
list, the selected item's approval timeline, and for a rejected or returned item
the reviewer's reason, so the clerk knows what to correct before opening it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.core.labels import kind_name, status_name
from client.core.whole_list import PAGE_SIZE, WholeList
from client.shell.page_context import PageContext
from client.widgets import look
from client.widgets.confirm import confirm
from client.widgets.list_table import ListTable
from client.widgets.look import set_look, set_state
from client.widgets.message_line import MessageLine
from client.widgets.rows_model import SORT_ROLE, ListModel
from client.workbench.query.results_model import files_tip
from client.workbench.review.archive_export import export_archive
from client.workbench.review.timeline_view import TimelineView
from common.enums import DocumentStatus, ReviewAction
from common.money import format_money
from common.rules.document_actions import (
    DELETABLE,
    EDITABLE,
    RECALLABLE,
    UNDER_REVIEW,
    may_reverse,
)
from common.schemas.documents import DocumentOut, DocumentSummaryOut
from common.schemas.reviews import TimelineOut

Index = QModelIndex | QPersistentModelIndex


class DocumentsModel(ListModel[DocumentSummaryOut]):
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("类别"),
            self.tr("编号"),
            self.tr("日期"),
            self.tr("金额"),
            self.tr("对方 / 摘要"),
            self.tr("状态"),
            self.tr("最近修改"),
            self.tr("附件"),
        )[section]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                kind_name(row.kind),
                row.number or "",
                row.doc_date.isoformat(),
                format_money(row.amount),
                " / ".join(p for p in (row.counterparty, row.summary) if p),
                status_name(row.status),
                row.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                str(row.files) if row.files else "",
            )[column]
        if role == SORT_ROLE and column in (3, 6, 7):  # as numbers and as time, not as text
            return {3: row.amount, 6: row.updated_at, 7: row.files}[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return files_tip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.amount < 0:
            return look.ERROR  # red for a reversal
        return None


class MyDocumentsView(QWidget):
    edit_requested = Signal(object)  # DocumentOut

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.setObjectName("myDocuments")
        self.context = context
        self.model = DocumentsModel()
        self.table = ListTable(self.model, "documentsTable", stretch=4)  # 4: counterparty
        self.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # last changed first
        self.table.horizontalHeader().setMinimumSectionSize(80)
        self.filter_edit, self.count_label = self.table.filter_edit, self.table.count_label
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.message = MessageLine("documentsMessage")
        self.dialog: QDialog | None = None
        self.confirm: QMessageBox | None = None
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, slot in (
            ("refresh", lambda: self.refresh()),
            ("edit", self.edit),
            ("recall", self.recall),
            ("delete", self.delete),
            ("reverse", self.reverse),
            ("urge", self.urge),
            ("archive", self.export_archive),
        ):
            button = QPushButton()
            button.setObjectName(f"documents_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.filter_edit)
        self._select: int | None = None
        self.loader = WholeList[DocumentSummaryOut](
            self,
            shown=self._page_shown,
            done=self._all_loaded,
            failure=lambda error: context.report(error, say=self.message.say_error),
        )
        self.title = QLabel()
        set_look(self.title, "title")
        self.timeline_title = QLabel()
        self.reason = QLabel()
        self.reason.setObjectName("documentsReason")
        self.reason.setWordWrap(True)
        set_state(self.reason, "warn")
        self.timeline = TimelineView()
        self.timeline.setObjectName("documentsTimeline")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.timeline_title)
        side_layout.addWidget(self.reason)
        side_layout.addWidget(self.timeline, 1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_timeline())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._offer_actions())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        context.login.auth.logged_in.connect(lambda _me: self.refresh())
        context.login.auth.logged_out.connect(lambda *_: self.clear())
        self.retranslate()
        self._offer_actions()

    def retranslate(self) -> None:
        self.title.setText(self.tr("我的单据"))
        self.timeline_title.setText(self.tr("审批记录"))
        for key, text in (
            ("refresh", self.tr("刷新")),
            ("edit", self.tr("打开修改")),
            ("recall", self.tr("收回")),
            ("delete", self.tr("删除草稿")),
            ("reverse", self.tr("红字冲销")),
            ("urge", self.tr("督办")),
            ("archive", self.tr("导出电子档案")),
        ):
            self.buttons[key].setText(text)
        self.table.retranslate(self.tr("筛选:编号、对方、摘要、状态…"))

    def clear(self) -> None:
        """Logged out: nothing of the last user's documents stays on screen."""
        self.loader.stop()
        self.table.total = None
        self.model.set_rows([])
        self.timeline.clear()
        self.reason.clear()
        self.message.clear()

    def selected(self) -> DocumentSummaryOut | None:
        return self.table.selected()

    def select_id(self, document_id: int) -> None:
        self.table.select_where(lambda doc: doc.id == document_id)

    def _show_timeline(self) -> None:
        doc = self.table.current()
        self.timeline.clear()
        self.reason.clear()
        if doc is None:
            return

        def show(timeline: TimelineOut) -> None:
            now = self.table.current()
            if now is None or now.id != doc.id:
                return  # the clerk moved on meanwhile
            self.timeline.show_timeline(timeline)
            self.reason.setText(self.reason_text(doc.status, timeline))

        self._run(lambda api: api.reviews.timeline(doc.id), show)

    def reason_text(self, status: DocumentStatus, timeline: TimelineOut) -> str:
        """Why a rejected or returned item came back, in the reviewer's words."""
        wanted = {
            DocumentStatus.REJECTED: (ReviewAction.REJECTED, self.tr("驳回原因:{reason}")),
            DocumentStatus.RETURNED: (ReviewAction.RETURNED, self.tr("退回原因:{reason}")),
        }.get(status)
        if wanted is None:
            return ""
        action, text = wanted
        decisions = [entry for entry in timeline.entries if entry.action is action]
        if not decisions:
            return ""
        last = decisions[-1]
        return text.format(reason=last.opinion) + f"({last.actor_name})"

    def _run(self, op: Callable[[ApiClient], Any], done: Callable[[Any], None]) -> None:
        self.context.run(self, op, done, say=self.message.say_error)

    def refresh(self, select: int | None = None) -> None:
        """The whole list (WholeList), then ``select`` selected if given."""
        api = self.context.api()
        if api is None:
            return  # not connected yet: the login refreshes
        self._select = select
        self.loader.load(lambda after: api.documents.mine_page(limit=PAGE_SIZE, after=after))

    def _page_shown(self, rows: list[DocumentSummaryOut], total: int, first: bool) -> None:
        self.table.total = total
        if first:
            self.model.set_rows(rows)
        else:
            self.model.append_rows(rows)
        self._offer_actions()

    def _all_loaded(self) -> None:
        self.table.show_count()
        if self._select is not None:
            self.select_id(self._select)
            self._select = None

    def _offer_actions(self) -> None:
        """Only what the selected document's status allows (common/rules)."""
        doc = self.selected()
        status = doc.status if doc is not None else None
        self.buttons["edit"].setEnabled(status in EDITABLE)
        self.buttons["recall"].setEnabled(status in RECALLABLE)
        self.buttons["delete"].setEnabled(status in DELETABLE)
        reversible = doc is not None and may_reverse(doc.status, doc.reverses_id)
        self.buttons["reverse"].setEnabled(reversible)
        self.buttons["urge"].setEnabled(status in UNDER_REVIEW)  # overdue: the server says
        self.buttons["archive"].setEnabled(doc is not None)

    def export_archive(self) -> None:
        """导出电子档案: the document and its attachments as one PDF."""
        doc = self.selected()
        if doc is not None:
            export_archive(
                self,
                self.context,
                document_id=doc.id,
                number=doc.number or "",
                say=self.message.say,
                say_error=self.message.say_error,
            )

    def _changed(self, document: DocumentOut, text: str) -> None:
        self.message.say(text.format(number=document.number or f"#{document.id}"))
        self.refresh(select=document.id)

    def edit(self) -> None:
        doc = self.selected()
        if doc is not None:
            self._run(lambda api: api.documents.get(doc.id), self.edit_requested.emit)

    def recall(self) -> None:
        doc = self.selected()
        if doc is not None:
            self._run(
                lambda api: api.documents.recall(doc.id, version=doc.version),
                lambda out: self._changed(out, self.tr("已收回 {number},可修改后重新提交")),
            )

    def delete(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("deleteReasonDialog")
        dialog.setWindowTitle(self.tr("删除草稿"))
        dialog.setLabelText(self.tr("删除原因(必填,将记入操作日志):"))
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            reason = dialog.textValue().strip()
            if result == QDialog.DialogCode.Accepted:
                self._run(
                    lambda api: api.documents.delete(doc.id, version=doc.version, reason=reason),
                    lambda out: self._changed(out, self.tr("已删除草稿 {number}")),
                )

        dialog.finished.connect(finished)
        dialog.open()

    def urge(self) -> None:
        """督办: remind the reviewers of an overdue item of mine (with a word to them)."""
        doc = self.selected()
        if doc is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("urgeDialog")
        dialog.setWindowTitle(self.tr("督办"))
        dialog.setLabelText(self.tr("给审批人的话(可不填):"))
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            note = dialog.textValue().strip()
            if result == QDialog.DialogCode.Accepted:
                self._run(
                    lambda api: api.reviews.urge(doc.id, opinion=note),
                    lambda out: self.message.say(
                        self.tr("已督办 {number},审批人会在首页看到").format(
                            number=out.number or f"#{out.id}"
                        )
                    ),
                )

        dialog.finished.connect(finished)
        dialog.open()

    def reverse(self) -> None:
        """A red reversal is a new document against an approved one: asked first."""
        doc = self.selected()
        if doc is None:
            return
        self.confirm = confirm(
            self,
            name="reverseConfirm",
            title=self.tr("红字冲销"),
            text=self.tr(
                "为 {number}(金额 {amount})生成红字冲销草稿?提交审核通过后原单据即被冲销。"
            ).format(number=doc.number or f"#{doc.id}", amount=format_money(doc.amount)),
            then=lambda: self._run(
                lambda api: api.documents.reverse(doc.id),
                lambda out: self._changed(out, self.tr("已生成红字冲销草稿,请核对后提交")),
            ),
        )
