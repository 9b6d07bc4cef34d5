"""导出权限: who may export what (DOMAIN.md "Query, statistics and export").

Each role has a right (by default: clerks what they made, reviewers what they
decided, analysts and auditors their whole unit scope); a person can be set apart
from what their roles give, to take the right away or to widen it. The server
decides on every export; changes need a fresh authenticator code and are in the
operation log.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.admin.page_base import AdminPage, page_bar, page_title
from client.api import ApiClient
from client.core.labels import shown
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable, shape_list
from client.widgets.look import hint_label
from client.widgets.roles import role_name
from client.widgets.rows_model import RowsModel
from common.enums import Role
from common.export_rights import ROLE_DEFAULTS, ExportScope
from common.schemas.admin import UserOut
from common.schemas.export_rights import ExportRightsOut, PersonRightOut


def scope_box(name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for scope in ExportScope:
        box.addItem(shown(scope), scope.value)  # Qt hands enums back as plain str
    return box


class PeopleModel(RowsModel[PersonRightOut]):
    COLUMNS = ("person", "scope")

    def titles(self) -> dict[str, str]:
        return {"person": self.tr("人员"), "scope": self.tr("导出权限(取代其岗位的)")}

    def text(self, row: PersonRightOut, column: str) -> str:
        if column == "person":
            return f"{row.display_name}({row.username})"
        return shown(row.scope)


class PersonDialog(QDialog):
    """Set one person's right apart from their roles'."""

    def __init__(self, users: list[UserOut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportPersonDialog")
        self.setWindowTitle(self.tr("为个人设置导出权限"))
        self.person = QComboBox()
        self.person.setObjectName("exportPerson")
        for user in users:
            self.person.addItem(f"{user.display_name}({user.username})", user.id)
        self.scope = scope_box("exportPersonScope")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("人员:"), self.person)
        form.addRow(self.tr("导出权限:"), self.scope)
        form.addRow(self.buttons)


class ExportRightsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("exportRightsMessage")
        self._generation = 0
        self._showing = False  # filling the role boxes: their changes are not the admin's
        self.users: list[UserOut] = []
        self.dialog: PersonDialog | None = None
        self.title = page_title("exportRightsTitle")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("exportRights_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.roles_box = QGroupBox()
        self.roles_table = QTableWidget(len(Role), 3)
        self.roles_table.setObjectName("exportRoles")
        shape_list(self.roles_table)
        self.role_boxes: dict[Role, QComboBox] = {}
        for row, role in enumerate(Role):
            box = scope_box(f"exportRole_{role.value}")
            box.setCurrentIndex(box.findData(ROLE_DEFAULTS[role].value))
            box.setEnabled(False)  # until the server's settings are in
            box.currentIndexChanged.connect(lambda _i, r=role: self._role_chosen(r))
            self.role_boxes[role] = box
            self.roles_table.setItem(row, 0, QTableWidgetItem(role_name(role)))
            self.roles_table.setItem(row, 1, QTableWidgetItem(shown(ROLE_DEFAULTS[role])))
            self.roles_table.setCellWidget(row, 2, box)
        QVBoxLayout(self.roles_box).addWidget(self.roles_table)
        self.people_box = QGroupBox()
        self.people = PeopleModel()
        self.people_table = ListTable(self.people, "exportPeople")
        self.people_table.selectionModel().selectionChanged.connect(lambda *_: self._offer())
        self.set_person_button = QPushButton()
        self.set_person_button.setObjectName("exportRights_person")
        self.set_person_button.clicked.connect(self.open_person_dialog)
        self.clear_person_button = QPushButton()
        self.clear_person_button.setObjectName("exportRights_clear")
        self.clear_person_button.clicked.connect(self.clear_person)
        people_buttons = QHBoxLayout()
        people_buttons.addWidget(self.set_person_button)
        people_buttons.addWidget(self.clear_person_button)
        people_buttons.addStretch(1)
        people_layout = QVBoxLayout(self.people_box)
        people_layout.addWidget(self.people_table)
        people_layout.addLayout(people_buttons)
        self.hint = hint_label()
        top = page_bar([self.title], [self.refresh_button])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.roles_box)
        layout.addWidget(self.people_box, 1)
        layout.addWidget(self.hint)
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._offer()

    def retranslate(self) -> None:
        self.title.setText(self.tr("导出权限"))
        self.refresh_button.setText(self.tr("刷新"))
        self.roles_box.setTitle(self.tr("按岗位"))
        self.roles_table.setHorizontalHeaderLabels(
            [self.tr("岗位"), self.tr("默认(DOMAIN)"), self.tr("现行导出权限")]
        )
        self.people_box.setTitle(self.tr("个人例外"))
        self.set_person_button.setText(self.tr("为个人设置…"))
        self.clear_person_button.setText(self.tr("恢复按岗位"))
        self.people_table.retranslate()
        self.people.retranslate()
        self.hint.setText(
            self.tr(
                "导出单据时只导出权限覆盖的部分;没有导出权限的人看不到导出按钮,"
                "服务器也拒绝其导出(单据、报表、操作日志)。修改需要重新验证动态口令,并记入操作日志。"
            )
        )
        for row, role in enumerate(Role):
            for column, text in ((0, role_name(role)), (1, shown(ROLE_DEFAULTS[role]))):
                item = self.roles_table.item(row, column)
                if item is not None:
                    item.setText(text)
            box = self.role_boxes[role]
            for index, scope in enumerate(ExportScope):
                box.setItemText(index, shown(scope))

    # -- loading -------------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        for box in self.role_boxes.values():
            box.setEnabled(False)
        self.people.set_rows([])
        self.message.clear()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def loaded(answer: tuple[ExportRightsOut, list[UserOut]]) -> None:
            if generation == self._generation:
                rights, self.users = answer[0], list(answer[1])
                self._show(rights)

        self.run(lambda api: (api.admin.export_rights(), api.admin.users()), loaded)

    def _show(self, rights: ExportRightsOut) -> None:
        self._showing = True
        for row, right in enumerate(rights.roles):
            self.roles_table.setItem(row, 0, QTableWidgetItem(role_name(right.role)))
            self.roles_table.setItem(row, 1, QTableWidgetItem(shown(right.default)))
            box = self.role_boxes[right.role]
            box.setCurrentIndex(box.findData(right.scope.value))
            box.setEnabled(True)
        self._showing = False
        self.people.set_rows(list(rights.people))
        self._offer()

    def _offer(self) -> None:
        self.clear_person_button.setEnabled(self.people_table.selected() is not None)

    # -- changes ---------------------------------------------------------------------
    def _save(self, op: Callable[[ApiClient], ExportRightsOut], done_text: str) -> None:
        def saved(rights: ExportRightsOut) -> None:
            self.say(done_text)
            self._show(rights)

        # refused: the boxes show what the server has again
        self.run(op, saved, failure=lambda _error: self.refresh())

    def _prompt_closed(self) -> None:
        """The code prompt closed: if it was cancelled nothing was saved, so the
        boxes show the server's settings again."""
        super()._prompt_closed()
        self.refresh()

    def _role_chosen(self, role: Role) -> None:
        if self._showing:
            return
        scope = ExportScope(self.role_boxes[role].currentData())

        def op(api: ApiClient) -> ExportRightsOut:
            return api.admin.set_role_export_right(role, scope)

        self._save(
            op,
            self.tr("已设置 {role} 的导出权限:{scope}").format(
                role=role_name(role), scope=shown(scope)
            ),
        )

    def open_person_dialog(self) -> PersonDialog | None:
        if self.dialog is not None:
            return self.dialog
        dialog = PersonDialog(self.users, self)
        self.dialog = dialog

        def chosen() -> None:
            user_id = int(dialog.person.currentData())
            scope = ExportScope(dialog.scope.currentData())
            name = dialog.person.currentText()

            def op(api: ApiClient) -> ExportRightsOut:
                return api.admin.set_person_export_right(user_id, scope)

            self._save(
                op,
                self.tr("已设置 {name} 的导出权限:{scope}").format(name=name, scope=shown(scope)),
            )

        def closed(_: int) -> None:
            self.dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(chosen)
        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def clear_person(self) -> None:
        person = self.people_table.selected()
        if person is None:
            return

        def op(api: ApiClient) -> ExportRightsOut:
            return api.admin.set_person_export_right(person.user_id, None)

        self._save(
            op,
            self.tr("{name} 恢复按岗位的导出权限").format(name=person.display_name),
        )
