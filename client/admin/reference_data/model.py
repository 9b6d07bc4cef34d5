"""Models of the reference data page: the rows of one kind as a tree (预算单位 by
上级单位, 收支项目 and 会计科目 by code; 入账规则 flat), the filter over it, and the
dry run's report of an import (what would be added or changed, and what is wrong)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from client.admin.reference_data.names import column_title, shown
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.enums import Language
from common.errors import render_message
from common.reference_admin import CHOICES, COLUMNS, RefKind, parent_code, row_key
from common.schemas.imports import ImportProblem
from common.schemas.reference_admin import RefChange, RefRowOut

GREY = look.MUTED
_Index = QModelIndex | QPersistentModelIndex
_ITEM_KINDS = tuple(CHOICES["item_kind"])  # 收入分类, 支出功能分类, 支出经济分类


@dataclass(eq=False)
class RefNode:
    """One row in the tree; the invisible root has none."""

    row: RefRowOut | None
    parent: RefNode | None = None
    number: int = 0  # its place among its siblings
    children: list[RefNode] = field(default_factory=list)


def parent_key(kind: RefKind, row: RefRowOut) -> str | None:
    """The key of the row's parent: a unit's 上级单位; an item's or account's code
    less its last level (an item's within its own 类别). None at the top level and
    for 入账规则, which are no tree."""
    values = row.values
    if kind is RefKind.UNITS:
        above = values.get("parent_code", "")
        return row_key(kind, {"code": above}) if above else None
    if kind is RefKind.MAPPINGS:
        return None
    code = parent_code(kind, values.get("code", ""))
    return None if code is None else row_key(kind, {**values, "code": code})


def _order(row: RefRowOut) -> tuple[int, str]:
    item_kind = row.values.get("item_kind", "")
    rank = _ITEM_KINDS.index(item_kind) if item_kind in _ITEM_KINDS else len(_ITEM_KINDS)
    return rank, row.values.get("code", "")


def build_tree(kind: RefKind, rows: list[RefRowOut]) -> tuple[RefNode, dict[str, RefNode]]:
    """The root and each row's node by key. Siblings in code order (items by 类别
    first); 入账规则 in the server's order. A row whose parent is not among the rows,
    or that would be its own ancestor (bad data), stands at the top level, so
    every row is shown once."""
    ordered = rows if kind is RefKind.MAPPINGS else sorted(rows, key=_order)
    nodes = {row.key: RefNode(row) for row in ordered}
    above = {row.key: parent_key(kind, row) for row in ordered}

    def in_a_loop(key: str) -> bool:
        seen, step = {key}, above[key]
        while step is not None and step in nodes:
            if step in seen:
                return True
            seen.add(step)
            step = above[step]
        return False

    root = RefNode(None)
    for row in ordered:
        node, wanted = nodes[row.key], above[row.key]
        parent = nodes.get(wanted) if wanted is not None else None
        if parent is None or in_a_loop(row.key):
            parent = root
        node.parent, node.number = parent, len(parent.children)
        parent.children.append(node)
    return root, nodes


class RefTreeModel(QAbstractItemModel):
    """The rows of one kind under their parents, in code order; inactive ones grey."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = RefKind.UNITS
        self.COLUMNS = tuple(c.key for c in COLUMNS[self.kind])
        self.rows: list[RefRowOut] = []
        self._root = RefNode(None)
        self._nodes: dict[str, RefNode] = {}

    @property
    def is_tree(self) -> bool:
        return self.kind is not RefKind.MAPPINGS

    def set_kind(self, kind: RefKind, rows: list[RefRowOut]) -> None:
        old = self._root, self._nodes  # indexes point at these until the reset ends
        self.beginResetModel()
        self.kind = kind
        self.COLUMNS = tuple(c.key for c in COLUMNS[kind])
        self.rows = rows
        self._root, self._nodes = build_tree(kind, rows)
        self.endResetModel()
        del old

    def _node(self, index: _Index) -> RefNode:
        return cast(RefNode, index.internalPointer()) if index.isValid() else self._root

    def row_of(self, index: _Index) -> RefRowOut | None:
        return self._node(index).row if index.isValid() else None

    def has_children(self, key: str) -> bool:
        node = self._nodes.get(key)
        return node is not None and bool(node.children)

    def index_of(self, key: str, column: int = 0) -> QModelIndex:
        """The row with this key (an invalid index when there is none)."""
        node = self._nodes.get(key)
        return QModelIndex() if node is None else self.createIndex(node.number, column, node)

    # -- QAbstractItemModel --------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: _Index, /) -> QModelIndex: ...
    def parent(self, child: _Index | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        above = self._node(child).parent if child.isValid() else None
        if above is None or above is self._root:
            return QModelIndex()
        return self.createIndex(above.number, 0, above)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.column() > 0 else len(self._node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return column_title(self.COLUMNS[section])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_of(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.COLUMNS[index.column()]
            return shown(column, row.values.get(column, ""))
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if row.is_active else GREY
        return None

    def retranslate(self) -> None:
        if self.COLUMNS:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        last = len(self.COLUMNS) - 1
        for node in (self._root, *self._nodes.values()):
            if not node.children:
                continue
            first, end = node.children[0], node.children[-1]
            self.dataChanged.emit(
                self.createIndex(0, 0, first), self.createIndex(end.number, last, end)
            )


class RefFilter(QSortFilterProxyModel):
    """Rows whose code, name or other column contains the words (as stored or as
    shown), case aside. A match keeps its ancestors, so its path stays visible, and
    its descendants (a unit found by name shows its units below)."""

    def __init__(self, tree: RefTreeModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self.setSourceModel(tree)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    @property
    def words(self) -> str:
        return self.filterRegularExpression().pattern()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        wanted = self.filterRegularExpression()
        if not wanted.pattern():
            return True
        row = self.tree.row_of(self.tree.index(source_row, 0, source_parent))
        if row is None:
            return False
        values = row.values.items()
        text = " ".join([*(v for _, v in values), *(shown(k, v) for k, v in values)])
        return wanted.match(text).hasMatch()

    def row_of(self, index: _Index) -> RefRowOut | None:
        return self.tree.row_of(self.mapToSource(index))

    def index_of(self, key: str) -> QModelIndex:
        """The row with this key as the view shows it (invalid when filtered out)."""
        return self.mapFromSource(self.tree.index_of(key))


class ChangesModel(RowsModel[RefChange]):
    """One line per row of the file that adds or changes something."""

    COLUMNS = ("row", "action", "key", "what")

    def titles(self) -> dict[str, str]:
        return {
            "row": self.tr("行号"),
            "action": self.tr("操作"),
            "key": self.tr("编码"),
            "what": self.tr("内容"),
        }

    def text(self, row: RefChange, column: str) -> str:
        if column == "row":
            return str(row.row)
        if column == "action":
            return self.tr("新增") if row.action == "add" else self.tr("修改")
        if column == "key":
            return row.key
        if column == "what":
            if row.before is None:
                return ";".join(
                    f"{column_title(k)}={shown(k, v)}" for k, v in row.after.items() if v
                )
            changed = [k for k, v in row.after.items() if row.before.get(k, "") != v]
            return ";".join(
                f"{column_title(k)}:{shown(k, row.before.get(k, ''))} → {shown(k, row.after[k])}"
                for k in changed
            )
        return ""


class ProblemsModel(RowsModel[ImportProblem]):
    COLUMNS = ("row", "column", "message")

    def __init__(self) -> None:
        super().__init__()
        self.language = Language.ZH_CN

    def titles(self) -> dict[str, str]:
        return {"row": self.tr("行号"), "column": self.tr("列"), "message": self.tr("问题")}

    def text(self, row: ImportProblem, column: str) -> str:
        if column == "row":
            return str(row.row)
        if column == "column":
            return column_title(row.column)
        if column == "message":
            return render_message(row.code, row.params, self.language)
        return ""

    def colour(self, row: ImportProblem, column: str) -> QColor | None:
        return look.ERROR
