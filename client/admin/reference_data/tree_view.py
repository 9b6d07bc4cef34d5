"""The tree of the reference data page: rows under their parents, the branches the
administrator opened kept across a reload, a filter's matches opened with their path."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from client.admin.reference_data.model import RefFilter
from common.reference_admin import RefKind
from common.schemas.reference_admin import RefRowOut


class RefTreeView(QTreeView):
    """Like the console's read-only lists (page_base.list_table): whole rows, one
    selected at a time, columns sized to their contents. A double click changes the
    row, as in every list; the arrows (or ←/→) open and close a branch."""

    def __init__(self, proxy: RefFilter, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.proxy = proxy
        self.opened: set[str] | None = None  # the keys left open, unfiltered
        self.setModel(proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(False)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def follow_kind(self) -> None:
        """After the kind changed: an item's branches are drawn in its code column,
        after its 类别; 入账规则 have none."""
        tree = self.proxy.tree
        self.setRootIsDecorated(tree.is_tree)
        self.setTreePosition(tree.COLUMNS.index("code") if "code" in tree.COLUMNS else 0)

    def forget(self) -> None:
        """Another kind, or logged out: the next rows open as at first."""
        self.opened = None

    def filter_by(self, words: str) -> None:
        """Matches open with their path; an emptied box brings back what was open."""
        if words and not self.proxy.words:
            self.remember()
        self.proxy.setFilterFixedString(words)
        if words:
            self.expandAll()
        else:
            self._restore()

    def remember(self) -> None:
        """The open branches, before a reload (not while filtered: all are open)."""
        if self.proxy.words:
            return
        tree = self.proxy.tree
        keys = (row.key for row in tree.rows if tree.has_children(row.key))
        self.opened = {key for key in keys if self.isExpanded(self.proxy.index_of(key))}

    def _restore(self) -> None:
        """What the administrator left open; at first every unit (an office has a
        few dozen) and the first two levels of items and accounts."""
        self.collapseAll()
        if self.opened is None:
            if self.proxy.tree.kind is RefKind.UNITS:
                self.expandAll()
            else:
                self.expandToDepth(0)
            return
        for key in self.opened:
            index = self.proxy.index_of(key)
            if index.isValid():
                self.expand(index)

    def selected_row(self) -> RefRowOut | None:
        rows = self.selectionModel().selectedRows()
        return self.proxy.row_of(rows[0]) if rows else None

    def select_key(self, key: str) -> None:
        """Select the row and open the branches above it (nothing if filtered out)."""
        index = self.proxy.index_of(key)
        if not index.isValid():
            return
        above = index.parent()
        while above.isValid():
            self.expand(above)
            above = above.parent()
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
