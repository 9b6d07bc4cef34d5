"""双人复核: administrative acts waiting for a second administrator.

Reopening a period (and, as they arrive, role grants, second-factor resets and
restores) takes effect only when another administrator approves. Approving a
grant of administrator or auditor (or a privileged account's second-factor
reset) shows the account's new initial password once, to the approver. Waiting
requests come first; approving needs a fresh authenticator code (asked for when
the server wants one), refusing needs a note, and only the requester withdraws.
The server refuses an administrator's approval of their own request and says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from client.admin.initial_password import show_initial_password
from client.admin.page_base import AdminPage
from client.admin.periods.dialogs import TextDialog
from client.admin.periods.models import RequestsModel, pending_first
from client.admin.periods.names import (
    GRANT,
    PARAMETERS,
    REOPEN,
    RESET_SECOND_FACTOR,
    action_name,
    state_name,
    target_name,
    when,
)
from client.api import ApiClient
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.confirm import confirm
from client.widgets.list_table import ListTable
from common.schemas.admin_requests import AdminRequestOut, RequestState
from common.schemas.restores import RESTORE_PLAN

_DETAIL_FIELDS = (
    "id",
    "action",
    "target",
    "reason",
    "requested_by",
    "requested_at",
    "state",
    "decided_by",
    "decided_at",
    "decision_note",
)


# what the decision of a request changes, beside the request itself
TOUCHES: dict[str, Changed] = {
    REOPEN: Changed.PERIODS,
    GRANT: Changed.USERS,
    RESET_SECOND_FACTOR: Changed.USERS,
    RESTORE_PLAN: Changed.BACKUPS,
    PARAMETERS: Changed.PARAMETERS,
}


class RequestsPage(AdminPage):
    # an approved restore plan started: the server is in maintenance, and only
    # 数据备份 is answered (it follows the restore); other pages would be refused
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("requestsMessage")
        self._generation = 0
        self.pending_dialog: TextDialog | None = None
        self.pending_confirm: QMessageBox | None = None
        self.shown_password: QMessageBox | None = None  # an approval's new password, once

        self.filter = QComboBox()
        self.filter.setObjectName("requestsFilter")
        for state in (None, *RequestState):
            self.filter.addItem("", state)
        self.filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.model = RequestsModel()
        self.table = ListTable(self.model, "requestsTable")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        self.filter_label = QLabel()
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter)
        bar.addWidget(self.table.filter_edit)
        bar.addSpacing(16)
        for key in ("approve", "refuse", "withdraw"):
            button = QPushButton()
            button.setObjectName(f"requests_{key}")
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.buttons["refresh"] = QPushButton()
        self.buttons["refresh"].setObjectName("requests_refresh")
        bar.addWidget(self.buttons["refresh"])
        self.buttons["refresh"].clicked.connect(lambda: self.refresh())
        self.buttons["approve"].setProperty("ownTip", True)  # says why it is off on one's own
        self.buttons["approve"].clicked.connect(self.approve)
        self.buttons["refuse"].clicked.connect(self.refuse)
        self.buttons["withdraw"].clicked.connect(self.withdraw)

        self.detail = QGroupBox()
        self.detail.setObjectName("requestDetail")
        form = QFormLayout(self.detail)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.detail_labels: dict[str, QLabel] = {}
        self.detail_values: dict[str, QLabel] = {}
        for key in _DETAIL_FIELDS:
            label, value = QLabel(), QLabel()
            value.setObjectName(f"request_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[key], self.detail_values[key] = label, value
            form.addRow(label, value)
        self.count_label = QLabel()
        self.count_label.setObjectName("pendingCount")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_label.setText(self.tr("状态:"))
        self.table.retranslate(self.tr("筛选:事项、对象、申请人…"))
        self.filter.setItemText(0, self.tr("全部(待审批在前)"))
        for index in range(1, self.filter.count()):
            self.filter.setItemText(index, state_name(self.filter.itemData(index)))
        texts = {
            "approve": self.tr("批准"),
            "refuse": self.tr("拒绝"),
            "withdraw": self.tr("撤回"),
            "refresh": self.tr("刷新"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.detail.setTitle(self.tr("申请详情"))
        names = {
            "id": self.tr("编号:"),
            "action": self.tr("事项:"),
            "target": self.tr("对象:"),
            "reason": self.tr("原因:"),
            "requested_by": self.tr("申请人:"),
            "requested_at": self.tr("申请时间:"),
            "state": self.tr("状态:"),
            "decided_by": self.tr("处理人:"),
            "decided_at": self.tr("处理时间:"),
            "decision_note": self.tr("处理意见:"),
        }
        for key, text in names.items():
            self.detail_labels[key].setText(text)
        self.model.retranslate()
        self._show_count()
        self._selection_changed()

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self.message.clear()
        self._show_count()
        self._selection_changed()

    def refresh(self, select: int | None = None) -> None:
        """The newest requests (of the chosen state), waiting ones first; the
        selected request stays selected."""
        self._generation += 1
        generation = self._generation
        chosen = self.selected()
        keep = select if select is not None else (chosen.id if chosen else None)
        state: RequestState | None = self.filter.currentData()

        def loaded(requests: list[AdminRequestOut]) -> None:
            if generation != self._generation:
                return
            self.model.set_rows(pending_first(requests))
            self._show_count()
            if keep is not None:
                self.select_request(keep)
            else:
                self.table.select_shown(0)
            self._selection_changed()

        self.run(lambda api: api.admin.requests(state), loaded)

    def _show_count(self) -> None:
        waiting = sum(r.state is RequestState.PENDING for r in self.model.rows)
        self.count_label.setText(
            self.tr("待审批 {count} 项").format(count=waiting) if self.model.rows else ""
        )

    # -- selection -----------------------------------------------------------
    def selected(self) -> AdminRequestOut | None:
        return self.table.selected()

    def select_request(self, request_id: int) -> None:
        self.table.select_where(lambda request: request.id == request_id)

    def is_mine(self, request: AdminRequestOut) -> bool:
        me = self._login.auth.me
        return me is not None and request.requested_by_id == me.id

    def _selection_changed(self, *_: object) -> None:
        request = self.selected()
        waiting = request is not None and request.state is RequestState.PENDING
        mine = request is not None and self.is_mine(request)
        self.buttons["approve"].setEnabled(waiting and not mine)  # four eyes: never one's own
        self.buttons["approve"].setToolTip(
            self.tr("不能审批自己提出的申请,须由另一位管理员审批")
            if waiting and mine
            else self.buttons["approve"].text()
        )
        self.buttons["refuse"].setEnabled(waiting)
        self.buttons["withdraw"].setEnabled(waiting and mine)
        values: dict[str, str] = dict.fromkeys(_DETAIL_FIELDS, "")
        if request is not None:
            own = self.tr("(本人)") if mine else ""
            values = {
                "id": str(request.id),
                "action": action_name(request.action),
                "target": target_name(request),
                "reason": request.reason,
                "requested_by": request.requested_by + own,
                "requested_at": when(request.requested_at),
                "state": state_name(request.state),
                "decided_by": request.decided_by or "—",
                "decided_at": when(request.decided_at),
                "decision_note": request.decision_note or "—",
            }
        for key, value in values.items():
            self.detail_values[key].setText(value)

    # -- decisions -----------------------------------------------------------
    def _ask(self, *, title: str, prompt: str, required: bool, go: Callable[[str], None]) -> None:
        """A note first (required for a refusal), then ``go(note)``."""
        dialog = TextDialog(
            object_name="decisionDialog", title=title, prompt=prompt, required=required, parent=self
        )
        self.pending_dialog = dialog

        def done(result: int) -> None:
            self.pending_dialog = None
            dialog.deleteLater()
            if result == TextDialog.DialogCode.Accepted:
                go(dialog.text())

        dialog.finished.connect(done)
        dialog.open()

    def _describe(self, request: AdminRequestOut) -> str:
        return self.tr("{action} {target}(编号 {id})").format(
            action=action_name(request.action), target=target_name(request), id=request.id
        )

    def _decided(self, done: str) -> Callable[[AdminRequestOut], None]:
        def show(request: AdminRequestOut) -> None:
            if request.action == RESTORE_PLAN and request.state is RequestState.APPROVED:
                self._restore_started(request)
                return
            self.say(done.format(request=self._describe(request)))
            if request.initial_password:
                self._show_password(request, request.initial_password)
            self.refresh(select=request.id)  # this page: with the decided request kept selected
            self.context.changes.announce(TOUCHES.get(request.action, Changed.REQUESTS))

        return show

    def _show_password(self, request: AdminRequestOut, password: str) -> None:
        """An approved grant of administrator or auditor issues the account's
        credentials to the approver, not the requester: its new initial password
        is shown here once (the server never shows it again)."""
        username = str(request.payload.get("username") or request.target)
        self.shown_password = show_initial_password(
            self,
            self.tr("初始密码"),
            self.tr(
                "已批准。账号 {username} 的新初始密码(只显示这一次,请交给本人;"
                "首次登录时须修改密码并绑定动态口令):\n\n{password}"
            ).format(username=username, password=password),
        )

    def _restore_started(self, request: AdminRequestOut) -> None:
        """An approved restore plan starts at once and the server goes into
        maintenance: the list is not asked again (it would be refused); the row
        shows the approval and 数据备份 follows the restore."""
        rows = [request if row.id == request.id else row for row in self.model.rows]
        self.model.set_rows(rows)
        self._show_count()
        self.select_request(request.id)
        self._selection_changed()
        self.say(
            self.tr("已批准:{request}。恢复已开始,系统进入维护模式;进度见“数据备份”").format(
                request=self._describe(request)
            )
        )
        self.context.changes.announce(Changed.BACKUPS)

    def _refresh_after_failure(self, _error: Exception) -> None:
        self.refresh()  # someone else may have decided it meanwhile

    def approve(self) -> None:
        request = self.selected()
        if request is None:
            return
        request_id = request.id
        prompt = self.tr("批准 {request} 后立即生效。审批意见(可不填):")
        if request.action == RESTORE_PLAN:
            prompt = self.tr(
                "批准 {request} 后恢复立即开始:服务器进入维护模式,所有用户暂停使用,"
                "直到恢复完成并切换到恢复后的数据。审批意见(可不填):"
            )
        self._ask(
            title=self.tr("批准申请"),
            prompt=prompt.format(request=self._describe(request)),
            required=False,
            go=lambda note: self._send(
                lambda api: api.admin.approve_request(request_id, note),
                self._decided(self.tr("已批准:{request}")),
            ),
        )

    def refuse(self) -> None:
        request = self.selected()
        if request is None:
            return
        request_id = request.id
        self._ask(
            title=self.tr("拒绝申请"),
            prompt=self.tr("拒绝 {request}:请填写拒绝理由。").format(
                request=self._describe(request)
            ),
            required=True,
            go=lambda note: self._send(
                lambda api: api.admin.refuse_request(request_id, note),
                self._decided(self.tr("已拒绝:{request}")),
            ),
        )

    def withdraw(self) -> None:
        request = self.selected()
        if request is None:
            return
        request_id = request.id
        self.pending_confirm = confirm(
            self,
            name="withdrawConfirm",
            title=self.tr("撤回申请"),
            text=self.tr("撤回 {request}?撤回后须重新提出申请。").format(
                request=self._describe(request)
            ),
            then=lambda: self._send(
                lambda api: api.admin.withdraw_request(request_id),
                self._decided(self.tr("已撤回:{request}")),
            ),
        )

    def _send(
        self,
        op: Callable[[ApiClient], AdminRequestOut],
        success: Callable[[AdminRequestOut], None],
    ) -> None:
        self.message.clear()
        self.run(op, success, failure=self._refresh_after_failure)
