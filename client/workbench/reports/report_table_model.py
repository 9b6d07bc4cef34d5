"""A report's rows as a table: the columns come from the report's definition,
money is Decimal formatted with format_money and right-aligned, the account tree
is indented by level, a ledger's opening balance comes first and the 合计 line
(if the report has one) last, both bold.

The printed report reads its cells from here, so paper shows what the screen does."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from client.widgets import look
from client.workbench.reports.report_spec import Column, ColumnKind
from common.money import format_money

Index = QModelIndex | QPersistentModelIndex
INDENT = "    "  # per level of the account tree
NEGATIVE = look.ERROR


def cell_text(kind: ColumnKind, value: object) -> str:
    if value is None:
        return ""
    if kind is ColumnKind.MONEY:
        assert isinstance(value, Decimal)
        return format_money(abs(value) if value == 0 else value)  # never "-0.00"
    if kind is ColumnKind.COUNT:
        assert isinstance(value, int)
        return f"{value:,}"
    if kind is ColumnKind.HOURS:
        assert isinstance(value, int | float)
        return f"{value:,.2f}"
    if kind is ColumnKind.RATIO:
        assert isinstance(value, int | float)
        return f"{value * 100:.2f}%"
    return str(value)


class ReportTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.columns: tuple[Column, ...] = ()
        self.rows: list[Any] = []
        self.levels: list[int] = []
        self.first = False  # the first row is an opening balance, not data
        self.total: tuple[object, ...] | None = None

    def show_rows(
        self,
        columns: tuple[Column, ...],
        rows: Sequence[Any],
        *,
        first: Any | None = None,
        levels: list[int] | None = None,
        total: tuple[object, ...] | None = None,
    ) -> None:
        """``first`` goes above the rows (bold, not indented); ``levels`` are the rows'."""
        self.beginResetModel()
        self.first = first is not None
        self.columns = columns
        self.rows = ([first] if first is not None else []) + list(rows)
        self.levels = ([0] if self.first else []) + (levels or [0] * len(rows))
        self.total = total if self.rows else None
        self.endResetModel()

    def clear(self) -> None:
        self.show_rows((), [])

    # -- what a cell holds ------------------------------------------------------
    def is_total(self, row: int) -> bool:
        return self.total is not None and row == len(self.rows)

    def raw(self, row: int, column: int) -> object:
        if self.is_total(row):
            assert self.total is not None
            return self.total[column]
        return self.columns[column].value(self.rows[row])

    def text(self, row: int, column: int) -> str:
        return cell_text(self.columns[column].kind, self.raw(row, column))

    def level(self, row: int) -> int:
        return 0 if self.is_total(row) else self.levels[row]

    def is_bold(self, row: int) -> bool:
        """The 合计 line, the opening balance and the top-level accounts of a tree."""
        return self.is_total(row) or (self.first and row == 0) or self._is_top(row)

    def headers(self) -> list[str]:
        return [column.title() for column in self.columns]

    # -- Qt -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.rows) + (1 if self.total is not None else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or section >= len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title()
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].kind.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        kind = self.columns[column].kind
        if role == Qt.ItemDataRole.DisplayRole:
            indent = INDENT * self.level(row) if column == 0 else ""
            return indent + self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and kind.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and kind is ColumnKind.TEXT:
            return self.text(row, column) or None  # a long 摘要 cut short by its column
        if role == Qt.ItemDataRole.FontRole and self.is_bold(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and kind is ColumnKind.MONEY:
            value = self.raw(row, column)
            if isinstance(value, Decimal) and value < 0:
                return NEGATIVE
        return None

    def _is_top(self, row: int) -> bool:
        """A top-level account of a tree (a report without levels has no tree)."""
        return any(self.levels) and self.levels[row] == 0
