"""角色权限: which role may do what, as a matrix (DOMAIN.md "Roles and separation
of duties"), and how many enabled accounts hold each role.

The matrix is the server's own enforcement table (common/permissions.py), sent by
GET /admin/roles, so what is shown is what the server checks. Roles are granted
per user on the 用户管理 page; unit scope and the per-item rules (not one's own
item, within one's authority) are checked on top of the matrix.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from client.admin.page_base import AdminPage, page_bar, page_title
from client.admin.roles.model import RolesMatrixModel
from client.shell.page_context import PageContext
from client.widgets.look import hint_label
from common.schemas.roles import RolesMatrixOut


class RolesPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("rolesMessage")
        self._generation = 0
        self.loaded = False

        self.title = page_title("rolesTitle")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("roles_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())

        self.model = RolesMatrixModel()
        self.table = QTableView()
        self.table.setObjectName("rolesMatrix")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes = QLabel()
        self.notes.setObjectName("rolesNotes")
        self.notes.setWordWrap(True)
        self.hint = hint_label()

        top = page_bar([self.title], [self.refresh_button])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.hint)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("角色权限"))
        self.refresh_button.setText(self.tr("刷新"))
        self.hint.setText(
            self.tr(
                "此表即服务器检查权限所用的表。人数为持有该岗位的启用账号;一人可兼任多个岗位,"
                "岗位在“用户管理”中授予。数据范围(预算单位)和逐单规则(不审批本人单据、"
                "以审批权限为限)另行检查。将鼠标停在权限上可看到它包括的操作。"
            )
        )
        self.model.retranslate()
        self._show_notes()

    def clear(self) -> None:
        """Logged out: nothing of the last view stays on screen."""
        self._generation += 1
        self.loaded = False
        self.model.set_matrix(None)
        self.message.clear()
        self._show_notes()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def loaded(matrix: RolesMatrixOut) -> None:
            if generation == self._generation:
                self.loaded = True
                self.message.clear()
                self.model.set_matrix(matrix)
                self._show_notes()

        def refused(_: Exception) -> None:
            if generation == self._generation:
                self.loaded = False
                self.model.set_matrix(None)
                self._show_notes()

        self.run(lambda api: api.admin.roles(), loaded, failure=refused)

    def _show_notes(self) -> None:
        self.notes.setText("\n".join(self.model.notes()))
