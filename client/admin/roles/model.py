"""The roles matrix: permissions as rows, roles as columns, ✓ where the role
gives the permission (as the server sends its own enforcement table)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from client.admin.roles.names import permission_details, permission_name
from client.widgets import look
from client.widgets.roles import role_name
from common.enums import Role
from common.schemas.roles import PermissionRowOut, RolesMatrixOut

_Index = QModelIndex | QPersistentModelIndex
YES = "✓"


class RolesMatrixModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.matrix: RolesMatrixOut | None = None

    def set_matrix(self, matrix: RolesMatrixOut | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    @property
    def roles(self) -> list[Role]:
        return [holders.role for holders in self.matrix.roles] if self.matrix else []

    @property
    def rows(self) -> list[PermissionRowOut]:
        return list(self.matrix.permissions) if self.matrix else []

    def holders(self, role: Role) -> int:
        found = [
            h.active_users for h in (self.matrix.roles if self.matrix else []) if h.role is role
        ]
        return found[0] if found else 0

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.roles)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if role != Qt.ItemDataRole.DisplayRole or section >= len(self.roles):
                return None
            holder = self.roles[section]
            return self.tr("{role}\n{n} 人").format(role=role_name(holder), n=self.holders(holder))
        if section >= len(self.rows):
            return None
        permission = self.rows[section].permission
        if role == Qt.ItemDataRole.DisplayRole:
            return permission_name(permission)
        if role == Qt.ItemDataRole.ToolTipRole:
            return permission_details(permission)
        return None

    def cell(self, row: PermissionRowOut, role: Role) -> str:
        return YES if role in row.roles and role not in row.never_with else ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, holder = self.rows[index.row()], self.roles[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, holder)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.cell(row, holder):
            return look.OK
        if role == Qt.ItemDataRole.ToolTipRole and holder in row.never_with:
            return self.tr("职责分离:担任{role}的用户不具备此权限,即使兼任其他岗位").format(
                role=role_name(holder)
            )
        return None

    def notes(self) -> list[str]:
        """Separation of duties, one sentence per permission that has it."""
        return [
            self.tr("{permission}:兼任{roles}的用户不具备此权限(职责分离)").format(
                permission=permission_name(row.permission),
                roles="、".join(role_name(r) for r in row.never_with),
            )
            for row in self.rows
            if row.never_with
        ]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(self.rowCount() - 1, 0))
        if self.rows:
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
