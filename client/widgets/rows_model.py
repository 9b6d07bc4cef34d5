"""The table models of every list screen: rows as the server sent them, replaced
by a reload or extended by the next page (client/core/whole_list.py)."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

_Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # what a column sorts by (amounts as numbers)


class ListModel(QAbstractTableModel, Generic[Row]):
    """Rows, a reload and the next page; columns are the subclass's."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def append_rows(self, rows: list[Row]) -> None:
        """The next page below what is shown (the selection stays where it is)."""
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows = self.rows + rows
        self.endInsertRows()

    def row_at(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)


class RowsModel(ListModel[Row]):
    """A table of rows by named columns: subclasses give ``titles`` and ``text``."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.titles()[self.COLUMNS[section]]

    def titles(self) -> dict[str, str]:
        raise NotImplementedError

    def text(self, row: Row, column: str) -> str:
        raise NotImplementedError

    def colour(self, row: Row, column: str) -> QColor | None:
        return None

    def sort_key(self, row: Row, column: str) -> object | None:
        """What the column sorts by where its text would sort wrongly (sizes,
        amounts); None sorts by the text."""
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row, column)
        if role == SORT_ROLE:
            return self.sort_key(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("debit", "credit", "open"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)


class ListView(QSortFilterProxyModel):
    """A list screen's view of its model: sorted by a header click (on SORT_ROLE
    where the model gives it, else on the text) and narrowed by a filter text
    matched against every column. Rows are found back in the model with ``row``."""

    def __init__(self, model: ListModel[Row], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)  # any column

    def lessThan(self, left: _Index, right: _Index) -> bool:
        model = self.sourceModel()
        a, b = model.data(left, SORT_ROLE), model.data(right, SORT_ROLE)
        if a is None or b is None:  # the model has no sort key here: by the text
            a = model.data(left, Qt.ItemDataRole.DisplayRole) or ""
            b = model.data(right, Qt.ItemDataRole.DisplayRole) or ""
        return bool(a < b)

    def source_row(self, view_row: int) -> int:
        return self.mapToSource(self.index(view_row, 0)).row()

    def view_row(self, source_row: int) -> int:
        """Where a model row is shown, or -1 when the filter hides it."""
        return self.mapFromSource(self.sourceModel().index(source_row, 0)).row()
