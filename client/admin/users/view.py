"""User administration: list, create, roles and scope, disable, unlock, resets,
sessions, and the hand-over of a leaver's work (交接工作).

Every change goes to the server in the background; the list refreshes from the
server's answer. Every change needs a fresh authenticator code: when the server
asks for one, the view asks the administrator and retries. Under four eyes a
grant of the administrator or auditor role (a new account's too: it is created
without that role) and a second-factor reset come back as a request for another
administrator; the page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.admin.fresh_code import AsksForFreshCode
from client.admin.initial_password import show_initial_password
from client.admin.users.dialogs import AccessDialog, CreateUserDialog
from client.admin.users.handover import HandoverDialog
from client.admin.users.model import UsersModel
from client.api import ApiClient
from client.core.changes import Changed
from client.shell.mail_settings import MailSettingsDialog, open_mail_settings
from client.shell.page_context import PageContext
from client.widgets.confirm import confirm
from client.widgets.list_table import ListTable
from client.widgets.message_line import MessageLine
from common.enums import Role
from common.schemas.admin import SessionInfoOut, UnitOut, UserCreatedOut, UserOut
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.approval_admin import ReviewerPostOut


class UsersView(AsksForFreshCode):
    add_post_requested = Signal(int)  # a reviewer without a post: to 审批岗位 for this user

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.context = context
        self._login = context.login
        self.units: list[UnitOut] = []
        self.model = UsersModel()
        self.table = ListTable(self.model, "usersTable")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.sessions_table = QTableWidget(0, 4)
        self.sessions_table.setObjectName("sessionsTable")
        self.sessions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions_table.horizontalHeader().setStretchLastSection(True)
        self.sessions: list[SessionInfoOut] = []
        self.message = MessageLine("usersMessage")
        self.shown_password: QMessageBox | None = None
        self.handover_dialog: HandoverDialog | None = None

        self.buttons: dict[str, QPushButton] = {}
        self.pending_confirm: QMessageBox | None = None
        bar = QHBoxLayout()
        for key in (
            "refresh",
            "create",
            "access",
            "disable",
            "enable",
            "unlock",
            "reset_password",
            "reset_factor",
            "handover",
            "mail",
        ):
            button = QPushButton()
            button.setObjectName(f"users_{key}")
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.buttons["refresh"].clicked.connect(self.refresh)
        self.buttons["create"].clicked.connect(self.create_user)
        self.buttons["access"].clicked.connect(self.edit_access)
        self.buttons["disable"].clicked.connect(lambda: self._user_action("disable"))
        self.buttons["enable"].clicked.connect(lambda: self._user_action("enable"))
        self.buttons["unlock"].clicked.connect(lambda: self._user_action("unlock"))
        self.buttons["reset_factor"].clicked.connect(
            lambda: self._user_action("reset_second_factor")
        )
        self.buttons["reset_password"].clicked.connect(self.reset_password)
        self.buttons["handover"].clicked.connect(self.hand_over)
        self.buttons["mail"].clicked.connect(self.edit_mail)
        self.mail_dialog: MailSettingsDialog | None = None
        self.revoke_button = QPushButton()
        self.revoke_button.setObjectName("revokeSession")
        self.revoke_button.clicked.connect(self.revoke_session)

        sessions_box = QWidget()
        sessions_layout = QVBoxLayout(sessions_box)
        self.sessions_title = QLabel()
        sessions_layout.addWidget(self.sessions_title)
        sessions_layout.addWidget(self.sessions_table)
        sessions_layout.addWidget(self.revoke_button, alignment=Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(sessions_box)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(self.table.filter_row())
        layout.addWidget(self.message)
        layout.addWidget(splitter)
        self.retranslate()
        self._selection_changed()

    def retranslate(self) -> None:
        texts = {
            "refresh": self.tr("刷新"),
            "create": self.tr("新建用户"),
            "access": self.tr("岗位与范围"),
            "disable": self.tr("停用"),
            "enable": self.tr("启用"),
            "unlock": self.tr("解锁"),
            "reset_password": self.tr("重置密码"),
            "reset_factor": self.tr("重置动态口令"),
            "handover": self.tr("交接工作"),
            "mail": self.tr("邮件通知…"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.revoke_button.setText(self.tr("强制下线"))
        self.table.retranslate(self.tr("筛选:用户名、姓名、岗位、单位…"))
        self.sessions_title.setText(self.tr("在线会话"))
        self.sessions_table.setHorizontalHeaderLabels(
            [self.tr("登录时间"), self.tr("最近活动"), self.tr("客户端主机"), self.tr("地址")]
        )
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )

    # -- plumbing ------------------------------------------------------------
    def _run(
        self,
        op: Callable[[ApiClient], Any],
        success: Callable[[Any], None],
        failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """In the background; a stale code is asked for and the call retried, other
        refusals go to ``failure`` (a dialog's own line) or the message line."""

        def told(error: Exception) -> bool:
            if failure is None:
                return False
            failure(error)
            return True

        self.context.run(self, op, success, say=self.message.say_error, failure=told)

    def selected(self) -> UserOut | None:
        return self.table.selected()

    def select_username(self, username: str) -> None:
        self.table.select_where(lambda user: user.username == username)

    # -- loading -------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected()
        keep = selected.username if selected else None

        def loaded(result: tuple[list[UserOut], list[UnitOut]]) -> None:
            users, units = result
            self.units = units
            self.model.set_users(users, units)
            if keep:
                self.select_username(keep)
            self._selection_changed()

        self._run(lambda api: (api.admin.users(), api.admin.units()), loaded)

    def _selection_changed(self, *_: object) -> None:
        user = self.selected()
        for key in (
            "access",
            "disable",
            "enable",
            "unlock",
            "reset_password",
            "reset_factor",
            "handover",
            "mail",
        ):
            self.buttons[key].setEnabled(user is not None)
        if user is not None:
            self.buttons["disable"].setEnabled(user.is_active)
            self.buttons["enable"].setEnabled(not user.is_active)
            self.buttons["unlock"].setEnabled(user.locked)
            user_id = user.id
            self._run(lambda api: api.admin.sessions(user_id), self._show_sessions)
        else:
            self._show_sessions([])

    def _show_sessions(self, sessions: list[SessionInfoOut]) -> None:
        self.sessions = sessions
        self.sessions_table.setRowCount(len(sessions))
        for row, info in enumerate(sessions):
            values = (
                info.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                info.last_seen_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                info.client_host,
                info.client_address,
            )
            for column, value in enumerate(values):
                self.sessions_table.setItem(row, column, QTableWidgetItem(value))
        self.revoke_button.setEnabled(bool(sessions))

    # -- actions -------------------------------------------------------------
    def _updated(self, result: UserOut | AdminRequestOut) -> None:
        """Saved — or, for a role grant or a second-factor reset under four eyes,
        filed for another administrator: nothing changed yet, and the page says so."""
        if isinstance(result, AdminRequestOut):
            self.message.say(
                self.tr("已提交,等待另一位管理员审批 (申请编号 {id})").format(id=result.id)
            )
        else:
            self.message.say(self.tr("已保存:{username}").format(username=result.username))
            self.offer_post_if_missing(result)
        filed = (Changed.REQUESTS,) if isinstance(result, AdminRequestOut) else ()
        self.context.changes.announce(Changed.USERS, *filed)

    def offer_post_if_missing(self, user: UserOut) -> None:
        """A reviewer approves nothing without an approval post: say so, and offer
        to add one (审批岗位)."""
        if Role.REVIEWER not in user.roles or not user.is_active:
            return

        def answered(posts: list[ReviewerPostOut]) -> None:
            if any(post.user_id == user.id for post in posts):
                return
            self.pending_confirm = confirm(
                self,
                name="addPostQuestion",
                title=self.tr("还没有审批岗位"),
                text=self.tr(
                    "{name}({username})是审核员,但还没有审批岗位,目前什么也不能审批。"
                    "现在为其添加审批岗位吗?"
                ).format(name=user.display_name, username=user.username),
                then=lambda: self.add_post_requested.emit(user.id),
            )

        self._run(lambda api: api.admin.reviewer_posts(), answered)

    def _user_action(self, action: str) -> None:
        user = self.selected()
        if user is None:
            return
        user_id = user.id

        def go() -> None:
            self._run(lambda api: getattr(api.admin, action)(user_id), self._updated)

        if action != "disable":
            go()
            return
        self.pending_confirm = confirm(
            self,
            name="disableConfirm",
            title=self.tr("停用用户"),
            text=self.tr(
                "停用 {name}({username})?停用后该用户不能登录;"
                "其待办和草稿请先用“移交工作”交给他人。"
            ).format(name=user.display_name, username=user.username),
            then=go,
        )

    def create_user(self) -> None:
        dialog = CreateUserDialog(self.units, self)

        def accepted() -> None:
            username = dialog.username_edit.text().strip()
            name = dialog.name_edit.text().strip()
            roles, unit_ids = dialog.access.roles(), dialog.access.unit_ids()
            reason = dialog.reason_edit.text().strip()
            self._run(
                lambda api: api.admin.create_user(username, name, roles, unit_ids, reason=reason),
                self._created,
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    def _created(self, created: UserCreatedOut) -> None:
        """The initial password, once; an administrator or auditor role asked under
        four eyes waits for another administrator (the account exists without it)."""
        if created.request is not None:
            self.message.say(
                self.tr("账号已创建;管理员/审计员岗位等待另一位管理员审批 (申请编号 {id})").format(
                    id=created.request.id
                )
            )
            self.context.changes.announce(Changed.REQUESTS)
        self._show_password(created.user.username, created.initial_password)
        if self.shown_password is not None:  # the password first, then the question
            self.shown_password.finished.connect(lambda _: self.offer_post_if_missing(created.user))

    def edit_access(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = AccessDialog(user.username, self.units, user.roles, user.unit_ids, self)

        def accepted() -> None:
            roles, unit_ids = dialog.access.roles(), dialog.access.unit_ids()
            reason = dialog.reason_edit.text().strip()
            self._run(
                lambda api: api.admin.set_access(
                    user.id, roles=roles, unit_ids=unit_ids, version=user.version, reason=reason
                ),
                self._updated,
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    def edit_mail(self) -> MailSettingsDialog | None:
        """The selected user's e-mail notifications (address, switch, kinds)."""
        user = self.selected()
        if user is None or self.mail_dialog is not None:
            return self.mail_dialog

        def run(
            op: Callable[[ApiClient], Any],
            success: Callable[[Any], None],
            failure: Callable[[Exception], bool],
        ) -> None:
            def failed(error: Exception) -> None:
                failure(error)  # said on the dialog's own line

            self._run(op, success, failed)

        user_id = user.id
        dialog = open_mail_settings(
            self.context,
            self,
            fetch=lambda api: api.mail.user_settings(user_id),
            store=lambda api, body: api.mail.save_user_settings(user_id, body),
            runner=run,
            title=self.tr("邮件通知:{name}").format(name=user.display_name),
        )
        self.mail_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "mail_dialog", None))
        return dialog

    def hand_over(self) -> None:
        """交接工作: the selected user's pending work to a successor."""
        user = self.selected()
        if user is None:
            return

        dialog = HandoverDialog(
            user, self.model.rows, run=self._run, language=self.context.language, parent=self
        )
        self.handover_dialog = dialog

        def closed(_result: int) -> None:
            self.handover_dialog = None
            dialog.deleteLater()

        dialog.transferred.connect(lambda _result: self.refresh())
        dialog.finished.connect(closed)
        dialog.open()
        dialog.load()

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        user_id, username = user.id, user.username
        self._run(
            lambda api: api.admin.reset_password(user_id),
            lambda password: self._show_password(username, password),
        )

    def _show_password(self, username: str, password: str) -> None:
        """The initial password is shown once; the server never shows it again."""
        self.shown_password = show_initial_password(
            self,
            self.tr("初始密码"),
            self.tr(
                "用户 {username} 的初始密码(只显示这一次,首次登录时必须修改):\n\n{password}"
            ).format(username=username, password=password),
        )
        self.refresh()

    def revoke_session(self) -> None:
        rows = self.sessions_table.selectionModel().selectedRows()
        if not rows:
            return
        session_id = self.sessions[rows[0].row()].id
        self._run(lambda api: api.admin.revoke_session(session_id), lambda _: self.refresh())
