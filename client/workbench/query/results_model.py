"""Query results that arrive a page at a time as the user scrolls.

Qt asks ``canFetchMore``/``fetchMore`` when the view nears the end of what it
has; the next keyset page is fetched in the background (never on the Qt thread)
and appended. Only what was scrolled through is held, and held by column
(result_rows.py), so a million rows scrolled through fit in about 200 MB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from client.api import ApiClient
from client.core.labels import kind_name, status_name
from client.core.ops import QueryOp
from client.widgets import look
from client.workbench.query.result_rows import ResultRows
from common.money import format_money
from common.schemas.documents import DocumentSummaryOut
from common.schemas.search import DocumentQuery, SearchPageOut, SearchRowOut, SortKey

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
SORT_COLUMNS = {2: SortKey.DOC_DATE, 3: SortKey.AMOUNT}  # clicking these headers sorts
FILES_COLUMN = 7  # 附件: the files attached
UNIT_COLUMN = 8  # after cells(): the printed list places the unit itself


def headers() -> list[str]:
    return [
        QCoreApplication.translate("Query", "编号"),
        QCoreApplication.translate("Query", "类别"),
        QCoreApplication.translate("Query", "日期"),
        QCoreApplication.translate("Query", "金额"),
        QCoreApplication.translate("Query", "对方 / 摘要"),
        QCoreApplication.translate("Query", "状态"),
        QCoreApplication.translate("Query", "制单人"),
        QCoreApplication.translate("Query", "附件"),
    ]


def cells(row: SearchRowOut) -> list[str]:
    """A row as the table shows it (and the printed list prints it)."""
    return [
        row.number or "",
        kind_name(row.kind),
        row.doc_date.isoformat(),
        format_money(row.amount),
        " / ".join(part for part in (row.counterparty, row.summary) if part),
        status_name(row.status),
        row.maker_name,
        str(row.files) if row.files else "",
    ]


def files_tip(row: DocumentSummaryOut) -> str:
    """The 附件 column's tooltip: the files, and the 附件张数 declared (paper kept
    outside makes it larger than the files' pages)."""
    return QCoreApplication.translate("Query", "附件文件 {files} 个,附件张数 {count}").format(
        files=row.files, count=row.attachment_count
    )


class ResultsModel(QAbstractTableModel):
    failed = Signal(object)  # an exception from a page fetch
    loaded = Signal()  # a page has arrived

    def __init__(
        self, api: Callable[[], ApiClient | None], unit_name: Callable[[int], str] = str
    ) -> None:
        super().__init__()
        self._api = api
        self.unit_name = unit_name  # the last column: which 预算单位 the row belongs to
        self.rows = ResultRows()
        self.query = DocumentQuery()
        self.next: str | None = None
        self.loading = False
        self.generation = 0  # a new query makes answers for the old one stale
        self._errand: tuple[int, int, Callable[[], None]] | None = None  # see fetch_up_to

    def clear(self) -> None:
        """No rows; answers on their way for the old query are dropped."""
        self._reset(DocumentQuery())

    def start(self, query: DocumentQuery) -> None:
        self._reset(query)
        self._fetch(None)

    def _reset(self, query: DocumentQuery) -> None:
        self.beginResetModel()
        self.generation += 1
        self.rows, self.query, self.next, self.loading = ResultRows(), query, None, False
        self._errand = None
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.next is not None and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(self.next)

    def fetch_up_to(self, count: int, done: Callable[[], None]) -> None:
        """Fetch the next pages, one after another and each in the background, until
        ``count`` rows are held or none are left; then call ``done``. Starting a new
        query drops the errand; a failed page drops it too (and is reported as usual)."""
        self._errand = (self.generation, count, done)
        self._go_on()

    def _go_on(self) -> None:
        if self._errand is None:
            return
        generation, count, done = self._errand
        if generation != self.generation:
            self._errand = None
        elif self.loading:
            return  # the page on its way comes back here
        elif self.next is None or len(self.rows) >= count:
            self._errand = None
            done()
        else:
            self._fetch(self.next)

    def _fetch(self, after: str | None) -> None:
        api = self._api()
        if api is None:
            self._errand = None
            return
        self.loading = True
        generation, query = self.generation, self.query

        def got(page: SearchPageOut) -> None:
            if generation != self.generation:
                return
            self.loading = False
            self.next = page.next  # before the view hears of the rows and asks for more
            if page.rows:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self.rows.extend(page.rows)
                self.endInsertRows()
            self.loaded.emit()
            self._go_on()

        def failed(error: Exception) -> None:
            if generation == self.generation:
                self.loading = False
                self._errand = None
                self.failed.emit(error)

        QueryOp(
            parent=self,
            op=lambda: api.search.documents(query, limit=PAGE, after=after),
            success=got,
            failure=failed,
        ).run()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else UNIT_COLUMN + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return [*headers(), QCoreApplication.translate("Query", "预算单位")][section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.unit_name(row.unit_id) if column == UNIT_COLUMN else cells(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, FILES_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.amount < 0:
            return look.ERROR
        if role == Qt.ItemDataRole.ToolTipRole and column == FILES_COLUMN:
            return files_tip(row)
        return None
