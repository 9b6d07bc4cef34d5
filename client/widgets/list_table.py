"""The table of every list screen: whole rows, one selected at a time, sorted by a
click on a column header, narrowed by a filter box, and counted (共 N 条).

The rows stay in the page's ListModel in the server's order; the table shows
them through a ListView (sort and filter), so a page never reads a row by the
place it is shown at: ``selected()`` and ``select_where()`` find the row itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
)

from client.core.whole_list import count_text
from client.widgets.rows_model import ListModel, ListView, Row

FILTER_WIDTH = 220  # room for the hint of what the filter matches


def shape_list(table: QTableView, *, stretch: int | None = None) -> None:
    """Every list looks alike: whole rows, one selected at a time, read-only,
    columns sized to their contents and one (the last by default) stretched."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ListTable(QTableView, Generic[Row]):
    """``filter_edit`` and ``count_label`` are the page's to place; ``total`` is
    the server's count while a long list is still arriving (None: all are in)."""

    def __init__(self, model: ListModel[Row], name: str, *, stretch: int | None = None) -> None:
        super().__init__()
        self.setObjectName(name)
        self.rows = model
        self.view = ListView(model, self)
        self.setModel(self.view)
        shape_list(self, stretch=stretch)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # server's order
        self.setSortingEnabled(True)
        self.total: int | None = None
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName(f"{name}Filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(FILTER_WIDTH)
        self.filter_edit.textChanged.connect(self.view.setFilterFixedString)
        self.count_label = QLabel()
        self.count_label.setObjectName(f"{name}Count")
        for signal in (self.view.modelReset, self.view.rowsInserted, self.view.rowsRemoved):
            signal.connect(self.show_count)
        self.filter_edit.textChanged.connect(self.show_count)
        self.retranslate()

    def retranslate(self, hint: str | None = None) -> None:
        """From the page's retranslate: the filter box's hint (what it matches)."""
        self.filter_edit.setPlaceholderText(hint or self.tr("筛选…"))
        self.show_count()

    def filter_row(self) -> QHBoxLayout:
        """The filter box and the count on a row of their own, for a page whose
        buttons fill the row above the list."""
        row = QHBoxLayout()
        row.addWidget(self.filter_edit)
        row.addStretch(1)
        row.addWidget(self.count_label)
        return row

    def show_count(self, *_: object) -> None:
        loaded = len(self.rows.rows)
        total = loaded if self.total is None else self.total
        self.count_label.setText(count_text(total, loaded, shown=self.view.rowCount()))

    def selected(self) -> Row | None:
        chosen = self.selectionModel().selectedRows()
        return self.rows.row_at(self.view.source_row(chosen[0].row())) if chosen else None

    def current(self) -> Row | None:
        """The row with the keyboard focus (it moves before the selection does)."""
        index = self.currentIndex()
        return self.rows.row_at(self.view.source_row(index.row())) if index.isValid() else None

    def select_where(self, test: Callable[[Row], bool]) -> bool:
        """Select (and show) the first row shown that passes ``test``."""
        for shown in range(self.view.rowCount()):
            row = self.rows.row_at(self.view.source_row(shown))
            if row is not None and test(row):
                self.select_shown(shown)
                return True
        return False

    def select_shown(self, shown: int) -> None:
        """Select the ``shown``-th row as it is on screen (clamped; none when empty)."""
        if self.view.rowCount() == 0:
            self.clearSelection()
            return
        shown = max(0, min(shown, self.view.rowCount() - 1))
        self.selectRow(shown)
        self.setCurrentIndex(self.view.index(shown, 0))
