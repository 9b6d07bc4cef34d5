"""Dialogs of user administration: new account, roles and unit scope."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.widgets.look import set_state
from client.widgets.roles import role_name
from common.enums import Role
from common.schemas.admin import UnitOut


class AccessEditor(QWidget):
    """Role check boxes and a checkable list of budget units."""

    def __init__(
        self,
        units: list[UnitOut],
        roles: list[Role],
        unit_ids: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.role_boxes: dict[Role, QCheckBox] = {}
        roles_group = QGroupBox(self.tr("岗位"))
        roles_layout = QVBoxLayout(roles_group)
        for role in Role:
            box = QCheckBox(role_name(role))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role in roles)
            self.role_boxes[role] = box
            roles_layout.addWidget(box)
        self.units_list = QListWidget()
        self.units_list.setObjectName("unitScope")
        depth: dict[int, int] = {}
        for unit in units:
            depth[unit.id] = depth.get(unit.parent_id, -1) + 1 if unit.parent_id else 0
            item = QListWidgetItem("    " * depth[unit.id] + f"{unit.code} {unit.name}")
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if unit.id in unit_ids else Qt.CheckState.Unchecked
            )
            self.units_list.addItem(item)
        units_group = QGroupBox(self.tr("单位范围(含下级单位)"))
        QVBoxLayout(units_group).addWidget(self.units_list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(roles_group)
        layout.addWidget(units_group)

    def roles(self) -> list[Role]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def unit_ids(self) -> list[int]:
        items = (self.units_list.item(i) for i in range(self.units_list.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]


class _Form(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        set_state(self.error_label, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)

    def problem(self) -> str | None:
        return None

    def _accept_if_valid(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            return
        self.accept()


class CreateUserDialog(_Form):
    def __init__(self, units: list[UnitOut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createUserDialog")
        self.setWindowTitle(self.tr("新建用户"))
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("newUsername")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newDisplayName")
        self.access = AccessEditor(units, [Role.CLERK], [])
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("newUserReason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(
            self.tr("授予系统管理员或审计员岗位须另一位管理员批准,请写明理由供其审核")
        )
        form = QFormLayout(self)
        form.addRow(self.tr("用户名:"), self.username_edit)
        form.addRow(self.tr("姓名:"), self.name_edit)
        form.addRow(self.access)
        form.addRow(self.tr("申请理由:"), self.reason_edit)
        form.addRow(self.error_label)
        form.addRow(self.buttons)

    def problem(self) -> str | None:
        username = self.username_edit.text().strip()
        if not (3 <= len(username) <= 64) or not all(
            c.isascii() and (c.isalnum() or c in "._-") for c in username
        ):
            return self.tr("用户名不符合规则:3~64 位字母、数字、点、下划线或连字符")
        if not self.name_edit.text().strip():
            return self.tr("姓名不能为空")
        if not self.access.roles():
            return self.tr("岗位:至少选择一个")
        return None


class AccessDialog(_Form):
    def __init__(
        self,
        username: str,
        units: list[UnitOut],
        roles: list[Role],
        unit_ids: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accessDialog")
        self.setWindowTitle(self.tr("岗位与单位范围:{username}").format(username=username))
        self.access = AccessEditor(units, roles, unit_ids)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("accessReason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(
            self.tr("授予系统管理员或审计员岗位须另一位管理员批准,请写明理由供其审核")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.access)
        layout.addWidget(QLabel(self.tr("申请理由:")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def problem(self) -> str | None:
        return None if self.access.roles() else self.tr("岗位:至少选择一个")
