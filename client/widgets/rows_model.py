"""The table models of every list screen: rows as the server sent them, replaced
by a reload or extended by the next page (client/core/whole_list.py)."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

_Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("debit", "credit", "open"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
