"""查询: find documents by DOMAIN.md's filters, scroll through them a page at a
time, see the totals of the whole filtered set, open one with its approval
timeline, and export the set to Excel with a progress dialog that can cancel.

The filters are remembered per user on this computer. Every call runs in the
background; the server applies the user's unit scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.api.transport import DownloadCancelled
from client.core.ops import QueryOp
from client.login.controller import LoginController
from client.widgets.errors import describe
from client.widgets.money_edit import MoneyEdit
from client.workbench.entry.reference import ReferenceCache
from client.workbench.names import kind_name, status_name
from client.workbench.query import saved_filters
from client.workbench.query.results_model import ResultsModel
from client.workbench.review.document_detail import DocumentDetail
from common.enums import DocumentKind, DocumentStatus
from common.money import format_money
from common.schemas.documents import DocumentOut
from common.schemas.reviews import TimelineOut
from common.schemas.search import DocumentQuery, SearchTotalsOut

NO_DATE = QDate(2000, 1, 1)  # shown as "不限"


class _Progress(QObject):
    """Carries download progress from the worker thread to the dialog."""

    advanced = Signal(int)


class QueryPage(QWidget):
    def __init__(
        self,
        api: Callable[[], ApiClient | None],
        login: LoginController,
        reference: ReferenceCache,
        *,
        filters_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("queryPage")
        self._api = api
        self._login = login
        self._filters_dir = filters_dir
        self.username: str | None = None
        self.model = ResultsModel(api)
        self.model.failed.connect(self._failed)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold")
        self.kind = QComboBox()
        self.kind.setObjectName("queryKind")
        self.kind.addItem("", None)
        for kind in DocumentKind:
            self.kind.addItem(kind_name(kind), kind)
        self.status = QComboBox()
        self.status.setObjectName("queryStatus")
        self.status.addItem("", None)
        for status in DocumentStatus:
            self.status.addItem(status_name(status), status)
        self.date_from, self.date_to = self._date_edit(), self._date_edit()
        self.amount_min, self.amount_max = MoneyEdit(), MoneyEdit()
        for edit in (self.amount_min, self.amount_max):
            edit.setMaximumWidth(180)
        self.text = QLineEdit()
        self.text.setObjectName("queryText")
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(self.run)
        self.search_button = QPushButton()
        self.search_button.setObjectName("querySearch")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.run)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset)
        self.export_button = QPushButton()
        self.export_button.setObjectName("queryExport")
        self.export_button.clicked.connect(self.choose_export_file)
        self.captions = [QLabel() for _ in range(6)]
        bar = QGridLayout()
        for column, (caption, widget) in enumerate(
            zip(self.captions[:3], (self.kind, self.date_from, self.amount_min), strict=True)
        ):
            bar.addWidget(caption, 0, column * 2)
            bar.addWidget(widget, 0, column * 2 + 1)
        for column, (caption, widget) in enumerate(
            zip(self.captions[3:], (self.status, self.date_to, self.amount_max), strict=True)
        ):
            bar.addWidget(caption, 1, column * 2)
            bar.addWidget(widget, 1, column * 2 + 1)
        self.text_caption = QLabel()
        bar.addWidget(self.text_caption, 2, 0)
        bar.addWidget(self.text, 2, 1, 1, 3)
        buttons = QHBoxLayout()
        for button in (self.search_button, self.reset_button, self.export_button):
            buttons.addWidget(button)
        bar.addLayout(buttons, 2, 4, 1, 2)
        bar.setColumnStretch(6, 1)  # the filters keep their size; the room goes right
        self.table = QTableView()
        self.table.setObjectName("queryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.totals = QLabel()
        self.totals.setObjectName("queryTotals")
        self.message = QLabel()
        self.message.setObjectName("queryMessage")
        self.message.setWordWrap(True)
        self.detail_dialog: QDialog | None = None
        self.progress: QProgressDialog | None = None
        self.reference = reference
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.message)
        login.auth.logged_in.connect(lambda me: self.user_changed(me.username))
        self.retranslate()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(" ")
        edit.setDate(NO_DATE)
        return edit

    def retranslate(self) -> None:
        self.title.setText(self.tr("查询"))
        self.kind.setItemText(0, self.tr("全部类别"))
        self.status.setItemText(0, self.tr("全部状态"))
        for caption, text in zip(
            self.captions,
            (
                self.tr("类别"),
                self.tr("日期从"),
                self.tr("金额从"),
                self.tr("状态"),
                self.tr("到"),
                self.tr("到"),
            ),
            strict=True,
        ):
            caption.setText(text)
        self.text_caption.setText(self.tr("摘要或对方"))
        self.text.setPlaceholderText(self.tr("词语之间用空格分开,顺序不限"))
        self.search_button.setText(self.tr("查询"))
        self.reset_button.setText(self.tr("清空条件"))
        self.export_button.setText(self.tr("导出 Excel…"))

    # -- filters ------------------------------------------------------------
    def query(self) -> DocumentQuery:
        def day(edit: QDateEdit) -> dt.date | None:
            value = edit.date()
            return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())

        return DocumentQuery(
            kind=self.kind.currentData(),
            statuses=[self.status.currentData()] if self.status.currentData() else [],
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            amount_min=self.amount_min.value(),
            amount_max=self.amount_max.value(),
            text=self.text.text().strip(),
        )

    def show_query(self, query: DocumentQuery) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(query.kind), 0))
        status = query.statuses[0] if query.statuses else None
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        for edit, value in ((self.date_from, query.date_from), (self.date_to, query.date_to)):
            edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        self.amount_min.set_value(query.amount_min)
        self.amount_max.set_value(query.amount_max)
        self.text.setText(query.text)

    def user_changed(self, username: str) -> None:
        self.username = username
        self.show_query(saved_filters.load(username, self._filters_dir))

    def reset(self) -> None:
        self.show_query(DocumentQuery())

    # -- results ------------------------------------------------------------
    def run(self) -> None:
        api = self._api()
        if api is None:
            return
        query = self.query()
        if self.username is not None:
            saved_filters.save(self.username, query, self._filters_dir)
        self.message.clear()
        self.totals.setText(self.tr("正在统计…"))
        self.model.start(query)

        def show(totals: SearchTotalsOut) -> None:
            if self.model.query != query:
                return
            if len(totals.by_kind) <= 1:
                text = self.tr("共 {count} 笔,金额合计 {amount}").format(
                    count=totals.count, amount=format_money(totals.amount)
                )
            else:  # income and expenditure are not added up; a voucher repeats its record
                parts = [
                    self.tr("{kind} {count} 笔 {amount}").format(
                        kind=kind_name(part.kind),
                        count=part.count,
                        amount=format_money(part.amount),
                    )
                    for part in totals.by_kind
                ]
                text = self.tr("共 {count} 笔:").format(count=totals.count) + ";".join(parts)
            self.totals.setText(text)

        self._run(lambda api: api.search.totals(query), show)

    def open_row(self, row: int) -> None:
        document_id = self.model.rows[row].id

        def fetch(api: ApiClient) -> tuple[DocumentOut, TimelineOut]:
            return api.documents.get(document_id), api.reviews.timeline(document_id)

        def show(found: tuple[DocumentOut, TimelineOut]) -> None:
            dialog = QDialog(self)
            dialog.setObjectName("queryDetail")
            dialog.setWindowTitle(found[0].number or self.tr("单据"))
            detail = DocumentDetail(self.reference)
            detail.show_document(*found)
            layout = QVBoxLayout(dialog)
            layout.addWidget(detail)
            dialog.resize(560, 640)
            self.detail_dialog = dialog
            dialog.open()

        self._run(fetch, show)

    # -- export -------------------------------------------------------------
    def choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出 Excel"), "countersign.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        """Export the current filters' whole result (not only what was scrolled)."""
        api = self._api()
        if api is None:
            return
        query = self.query()
        dialog = QProgressDialog(self.tr("正在导出…"), self.tr("取消"), 0, 0, self)
        dialog.setObjectName("exportProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        self.progress = dialog
        relay = _Progress(self)
        relay.advanced.connect(
            lambda size: dialog.setLabelText(self.tr("已接收 {kb} KB").format(kb=size // 1024))
        )
        cancelled = {"yes": False}
        dialog.canceled.connect(lambda: cancelled.update(yes=True))

        def keep_going(size: int) -> bool:
            relay.advanced.emit(size)
            return not cancelled["yes"]

        def done(_size: int) -> None:
            dialog.reset()
            self.progress = None
            self._say(self.tr("已导出到 {path}").format(path=target))

        def failed(error: Exception) -> None:
            dialog.reset()
            self.progress = None
            if isinstance(error, DownloadCancelled):
                self._say(self.tr("导出已取消"))
            else:
                self._failed(error)

        dialog.show()
        QueryOp(
            parent=self,
            op=lambda: api.search.export(query, target, progress=keep_going),
            success=done,
            failure=failed,
        ).run()

    # -- plumbing -----------------------------------------------------------
    def _run(self, op: Callable[[ApiClient], Any], done: Callable[[Any], None]) -> None:
        api = self._api()
        if api is None:
            return
        QueryOp(parent=self, op=lambda: op(api), success=done, failure=self._failed).run()

    def _failed(self, error: Exception) -> None:
        if self._login.report_failure(error):
            return
        self.message.setStyleSheet("color: #c0392b")
        self.message.setText(describe(error))

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #1e8449")
        self.message.setText(text)
