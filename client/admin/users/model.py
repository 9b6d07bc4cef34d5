"""Table model of user accounts (immutable rows from the server)."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from client.widgets import look
from client.widgets.roles import role_name
from client.widgets.rows_model import ListModel
from common.schemas.admin import UnitOut, UserOut

_Index = QModelIndex | QPersistentModelIndex


class UsersModel(ListModel[UserOut]):
    COLUMNS = ("username", "name", "roles", "units", "status", "factor", "last_login")

    def __init__(self) -> None:
        super().__init__()
        self.units: dict[int, UnitOut] = {}

    def set_users(self, rows: list[UserOut], units: list[UnitOut]) -> None:
        self.units = {u.id: u for u in units}
        self.set_rows(rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "username": self.tr("用户名"),
            "name": self.tr("姓名"),
            "roles": self.tr("岗位"),
            "units": self.tr("单位范围"),
            "status": self.tr("状态"),
            "factor": self.tr("动态口令"),
            "last_login": self.tr("最近登录"),
        }[self.COLUMNS[section]]

    def status_text(self, user: UserOut) -> str:
        if not user.is_active:
            return self.tr("已停用")
        if user.locked:
            return self.tr("已锁定")
        return self.tr("在用")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        user = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "username":
                return user.username
            if column == "name":
                return user.display_name
            if column == "roles":
                return "、".join(role_name(r) for r in user.roles)
            if column == "units":
                return "、".join(
                    self.units[u].name if u in self.units else str(u) for u in user.unit_ids
                )
            if column == "status":
                return self.status_text(user)
            if column == "factor":
                return self.tr("已绑定") if user.second_factor_enrolled else self.tr("未绑定")
            if column == "last_login":
                if user.last_login_at is None:
                    return "—"
                return user.last_login_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.ToolTipRole and column == "status" and user.locked:
            return user.lock_reason
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == "status"
            and (not user.is_active or user.locked)
        ):
            return look.ERROR
        return None
