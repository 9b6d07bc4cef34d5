"""查询: find documents by DOMAIN.md's filters, scroll through them a page at a
time in the order chosen, see the totals of the whole filtered set, open one with
its approval timeline, print the list, and export the set to Excel with a
progress dialog that can cancel; 导出电子档案 saves the selected document with its
attachments as one archival PDF.

The filters (and the order) are remembered per user on this computer. Every call
runs in the background; the server applies the user's unit scope. Print and
export both take the list on screen: the query whose results are shown, not
filters changed since and not yet searched."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.api.transport import DownloadCancelled
from client.core.labels import kind_name
from client.shell.page_context import PageContext
from client.widgets.look import set_look
from client.widgets.message_line import MessageLine
from client.widgets.print_preview import PrintPreview
from client.workbench.query import results_print, saved_filters
from client.workbench.query.filter_bar import FilterBar
from client.workbench.query.results_model import SORT_COLUMNS, ResultsModel
from client.workbench.query.results_print import PrintedList
from client.workbench.review.archive_export import export_archive
from client.workbench.review.detail_dialog import open_detail_dialog
from common.money import format_money
from common.schemas.auth import MeOut
from common.schemas.documents import DocumentOut
from common.schemas.reviews import TimelineOut
from common.schemas.search import DocumentQuery, PersonOut, SearchTotalsOut

log = logging.getLogger(__name__)
PRINT_CAP = 2_000  # rows on paper; past it the list says so and points to the export


class _Progress(QObject):
    """Carries export progress (rows written, rows in all) from the worker thread
    to the dialog."""

    advanced = Signal(int, int)


class QueryPage(QWidget):
    def __init__(self, context: PageContext, *, filters_dir: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("queryPage")
        self.context = context
        self._login = login = context.login
        self._filters_dir = filters_dir
        self.username: str | None = None
        self.reference = reference = context.reference
        self.print_cap = PRINT_CAP
        self.printing: int | None = None  # the result generation being gathered for print
        self.model = ResultsModel(context.api, reference.unit_name)
        self.model.failed.connect(self._failed)
        self.model.loaded.connect(self._print_progress)
        self.title = QLabel()
        set_look(self.title, "title")
        self.filters = FilterBar(reference, self._scope)
        self.filters.submitted.connect(self.run)
        self.filters.sort_changed.connect(self.run)
        self.filters.search_button.clicked.connect(self.run)
        self.filters.reset_button.clicked.connect(self.reset)
        self.filters.print_button.clicked.connect(self.print_results)
        self.filters.export_button.clicked.connect(self.choose_export_file)
        self.filters.people_wanted.connect(self.ask_people)
        reference.loaded.connect(self.filters.reference_loaded)
        self.table = QTableView()
        self.table.setObjectName("queryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._header_clicked)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._offer_archive)
        self.model.modelReset.connect(self._offer_archive)
        self.totals = QLabel()
        self.totals.setObjectName("queryTotals")
        self.archive_button = QPushButton()
        self.archive_button.setObjectName("queryArchive")
        self.archive_button.clicked.connect(self.export_archive)
        self.archive_button.setEnabled(False)
        self.message = MessageLine("queryMessage")
        self.detail_dialog: QDialog | None = None
        self.progress: QProgressDialog | None = None
        self.preview_dialog: PrintPreview | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.archive_button)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        login.auth.logged_in.connect(self._logged_in)
        login.auth.logged_out.connect(self._logged_out)
        self._show_sort()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("查询"))
        self.archive_button.setText(self.tr("导出电子档案…"))
        self.archive_button.setToolTip(self.tr("所选单据及其全部附件,存为一个 PDF"))

    def _logged_out(self, *_: object) -> None:
        """Nothing of one user's results stays on screen, or in print, for the next."""
        self._stop_printing()
        self.model.clear()
        self.totals.clear()
        self.message.clear()
        if self.detail_dialog is not None:
            self.detail_dialog.close()

    def _scope(self) -> set[int] | None:
        me = self._login.auth.me
        return set(me.unit_ids) if me is not None else None

    # -- filters ------------------------------------------------------------
    def query(self) -> DocumentQuery:
        return self.filters.query()

    def show_query(self, query: DocumentQuery, people: list[PersonOut] | None = None) -> None:
        """Put these filters on screen (the saved ones, or another screen's);
        ``people`` names the maker and reviewer."""
        self.filters.show_query(query, people)
        self._show_sort()

    def _logged_in(self, me: MeOut) -> None:
        if self.username not in (None, me.username):  # another user, without a logout
            self._logged_out()
        person = PersonOut(id=me.id, username=me.username, display_name=me.display_name)
        self.filters.people.set_me(person)
        # 导出权限: no right, no button (the server refuses the export anyway)
        self.filters.export_button.setVisible(bool(me.export_scopes))
        self.archive_button.setVisible(bool(me.export_scopes))
        self.user_changed(me.username)

    def user_changed(self, username: str) -> None:
        """The user's remembered filters, and the people they may filter by."""
        self.username = username
        remembered = saved_filters.remembered(username, self._filters_dir)
        self.show_query(remembered.query, remembered.people)
        self.ask_people("")

    def ask_people(self, text: str) -> None:
        """Who matches ``text`` (everyone offered, up to the server's cap, for no
        text), in the background; the pickers offer them when they come."""
        username = self.username

        def found(people: list[PersonOut]) -> None:
            if self.username == username:  # not another user's colleagues
                self.filters.people.found(people)

        # typing goes on after a failure; the picker then names nobody new, and a
        # name that stays unmatched is said when searching
        self.context.quietly(
            self,
            lambda api: api.search.people(text),
            found,
            failure=lambda error: log.warning("people search failed: %s", error),
        )

    def reset(self) -> None:
        self.show_query(DocumentQuery())

    def _checked_query(self) -> DocumentQuery | None:
        """The filters on screen, unless a picker holds text that names nothing
        (a person typed is taken first when the text names one only)."""
        self.filters.people.settle()
        missing = self.filters.unresolved()
        if missing is not None:
            self.message.say_error(
                self.tr("“{field}”没有对上任何一项:请从列表中选择,或清空它").format(field=missing)
            )
            return None
        return self.filters.query()

    def _header_clicked(self, column: int) -> None:
        """Date and amount headers sort by themselves; a second click reverses."""
        key = SORT_COLUMNS.get(column)
        if key is None:
            self._show_sort()  # the other columns cannot be sorted on the server
            return
        shown, descending = self.filters.current_sort()
        self.filters.set_sort(key, not descending if shown is key else True)

    def _show_sort(self) -> None:
        key, descending = self.filters.current_sort()
        columns = {sort: column for column, sort in SORT_COLUMNS.items()}
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(columns.get(key, -1), order)

    # -- results ------------------------------------------------------------
    def run(self) -> None:
        """Search from the first page (filters, or only the order, changed)."""
        if self.context.api() is None:
            return  # not connected yet
        query = self._checked_query()
        if query is None:
            return
        if self.username is not None:
            people = self.filters.people.named(query)
            saved_filters.save(self.username, query, self._filters_dir, people=people)
        self._stop_printing()
        self.message.clear()
        self.totals.setText(self.tr("正在统计…"))
        self.model.start(query)
        self._show_sort()
        generation = self.model.generation

        def show(totals: SearchTotalsOut) -> None:
            if self.model.generation == generation:  # not an earlier run's late answer
                self.totals.setText(self.totals_text(totals))

        self._run(lambda api: api.search.totals(query), show)

    def totals_text(self, totals: SearchTotalsOut) -> str:
        if len(totals.by_kind) <= 1:
            return self.tr("共 {count} 笔,金额合计 {amount}").format(
                count=totals.count, amount=format_money(totals.amount)
            )
        # income and expenditure are not added up; a voucher repeats its record
        parts = [
            self.tr("{kind} {count} 笔 {amount}").format(
                kind=kind_name(part.kind), count=part.count, amount=format_money(part.amount)
            )
            for part in totals.by_kind
        ]
        return self.tr("共 {count} 笔:").format(count=totals.count) + ";".join(parts)

    def open_row(self, row: int) -> None:
        document_id = self.model.rows[row].id

        def fetch(api: ApiClient) -> tuple[DocumentOut, TimelineOut]:
            return api.documents.get(document_id), api.reviews.timeline(document_id)

        def show(found: tuple[DocumentOut, TimelineOut]) -> None:
            self.detail_dialog = open_detail_dialog(self, self.context, *found)

        self._run(fetch, show)

    # -- print --------------------------------------------------------------
    def selected_row(self) -> int | None:
        chosen = self.table.selectionModel().selectedRows()
        return chosen[0].row() if chosen else None

    def _offer_archive(self, *_: object) -> None:
        self.archive_button.setEnabled(self.selected_row() is not None)

    def export_archive(self) -> None:
        """导出电子档案 for the selected row (the detail window has the same button)."""
        chosen = self.selected_row()
        if chosen is None:
            return
        row = self.model.rows[chosen]
        export_archive(
            self,
            self.context,
            document_id=row.id,
            number=row.number or "",
            say=self.message.say,
            say_error=self.message.say_error,
        )

    def print_results(self) -> None:
        self.prepare_print(self._preview)

    def prepare_print(self, done: Callable[[PrintedList], None]) -> None:
        """Gather the list on screen for paper: the rows fetched so far, then the
        following pages in the background up to ``print_cap``, and the totals of the
        whole set; then ``done`` with all of it. Nothing searched yet: search first."""
        if self.printing is not None or self._shown_query() is None:
            return
        generation, query = self.model.generation, self.model.query
        self.printing = generation
        self.filters.print_button.setEnabled(False)
        gathered: dict[str, Any] = {"rows": False, "totals": None}

        def finish() -> None:
            if self.printing != generation or not gathered["rows"] or not gathered["totals"]:
                return
            self._stop_printing()
            self.message.clear()
            done(self._printed_list(query, gathered["totals"]))

        def rows_ready() -> None:
            gathered["rows"] = True
            finish()

        def totals_ready(totals: SearchTotalsOut) -> None:
            gathered["totals"] = totals
            finish()

        self._print_progress()
        self._run(lambda api: api.search.totals(query), totals_ready)
        self.model.fetch_up_to(self.print_cap, rows_ready)

    def _printed_list(self, query: DocumentQuery, totals: SearchTotalsOut) -> PrintedList:
        me = self._login.auth.me
        rows = self.model.rows[: self.print_cap]
        data = self.reference.data
        return PrintedList(
            title=self.tr("查询结果清单"),
            filters=self.filters.describe(query),
            printed_by=f"{me.display_name}({me.username})" if me else "",
            printed_at=dt.datetime.now().astimezone(),
            rows=rows,
            totals=self.totals_text(totals),
            total_count=totals.count,
            capped=len(rows) < len(self.model.rows) or self.model.next is not None,
            unit_names={u.id: u.name for u in data.units} if data else {},
        )

    def _preview(self, data: PrintedList) -> None:
        self.preview_dialog = results_print.preview(self, data)

    def _print_progress(self) -> None:
        if self.printing is not None:
            text = self.tr("正在准备打印:已取得 {count} 笔…")
            self.message.say(text.format(count=len(self.model.rows)))

    def _stop_printing(self) -> None:
        self.printing = None
        self.filters.print_button.setEnabled(True)

    def _shown_query(self) -> DocumentQuery | None:
        """The query whose results are on screen; searched first if none is yet
        (None when the filters cannot be searched)."""
        if self.model.generation == 0:
            self.run()
        return self.model.query if self.model.generation else None

    # -- export -------------------------------------------------------------
    def choose_export_file(self) -> None:
        if self._shown_query() is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出 Excel"), "countersign.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        """Export the whole result of the list on screen (not only what was
        scrolled), in its order: what the user sees, as print does."""
        query = self._shown_query()
        if query is None:
            return
        dialog = QProgressDialog(self.tr("正在导出…"), self.tr("取消"), 0, 0, self)
        dialog.setObjectName("exportProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        self.progress = dialog
        relay = _Progress(self)

        def advanced(written: int, total: int) -> None:
            if self.progress is not dialog:
                return
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(written, max(total, 1)))
            text = self.tr("已写出 {written} / {total} 行")
            dialog.setLabelText(text.format(written=written, total=total))

        relay.advanced.connect(advanced)
        cancelled = {"yes": False}
        dialog.canceled.connect(lambda: cancelled.update(yes=True))

        def keep_going(written: int, total: int) -> bool:
            relay.advanced.emit(written, total)
            return not cancelled["yes"]

        def done(_rows: int) -> None:
            dialog.reset()
            self.progress = None
            self.message.say(self.tr("已导出到 {path}").format(path=target))

        def failed(error: Exception) -> bool:
            dialog.reset()
            self.progress = None
            if not isinstance(error, DownloadCancelled):
                return False
            self.message.say(self.tr("导出已取消"))
            return True

        dialog.show()
        if not self._run(
            lambda api: api.search.export(query, target, progress=keep_going), done, failure=failed
        ):
            dialog.reset()
            self.progress = None

    # -- plumbing -----------------------------------------------------------
    def _run(
        self,
        op: Callable[[ApiClient], Any],
        done: Callable[[Any], None],
        *,
        failure: Callable[[Exception], object] | None = None,
    ) -> bool:
        def failed(error: Exception) -> object:
            self._stop_printing()
            return failure(error) if failure is not None else None

        return self.context.run(self, op, done, say=self.message.say_error, failure=failed)

    def _failed(self, error: Exception) -> None:
        """A page of results did not come (the model fetches them itself)."""
        self._stop_printing()
        self.context.report(error, say=self.message.say_error)
