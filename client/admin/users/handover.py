"""交接工作: move a leaver's pending work to a successor (DOMAIN.md "Leavers").

The administrator picks the successor; the dialog shows what the leaver holds and,
for that successor, which items would move and why the others cannot (the server
checks roles, unit scope, authority and separation of duties — the dialog only
shows its answer). Confirming moves what can move, optionally disables the
leaver, and shows the result; items that stayed keep their reason in the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.widgets.errors import describe
from client.widgets.look import set_state
from common.enums import Language
from common.errors import render_message
from common.money import format_money
from common.schemas.admin import UserOut
from common.schemas.handover import PendingItemOut, PendingKind, PendingWorkOut, TransferOut

# The page's background call: (op, success, failure).
Run = Callable[
    [Callable[[ApiClient], Any], Callable[[Any], None], Callable[[Exception], None]], None
]


Moved = set[tuple[PendingKind, int]]


class HandoverDialog(QDialog):
    """Opened from the users page for one leaver; ``run`` sends a call in the
    background (the page's own, so a stale code is asked for there)."""

    transferred = Signal(object)  # the TransferOut

    def __init__(
        self,
        leaver: UserOut,
        users: list[UserOut],
        *,
        run: Run,
        language: Callable[[], Language],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.leaver = leaver
        self._run = run
        self._language = language
        self._generation = 0
        self.work: PendingWorkOut | None = None
        self.outcome: TransferOut | None = None
        self.setWindowTitle(self.tr("交接工作:{name}").format(name=leaver.display_name))

        self.intro = QLabel(
            self.tr(
                "将 {name} 的待办审批事项和草稿、退回修改的单据移交给接手人。接手人须有相应的"
                "岗位、单位范围和审批权限;不能接手的事项列出原因,原样保留。原制单人和审批记录不变。"
            ).format(name=leaver.display_name)
        )
        self.intro.setWordWrap(True)
        self.successor = QComboBox()
        self.successor.setObjectName("handoverSuccessor")
        self.successor.addItem(self.tr("(请选择接手人)"), None)
        for user in users:
            if user.id != leaver.id and user.is_active and not user.locked:
                self.successor.addItem(f"{user.display_name}({user.username})", user.id)
        self.successor.currentIndexChanged.connect(lambda _index: self.load())
        self.counts = QLabel()
        self.counts.setObjectName("handoverCounts")
        self.counts.setWordWrap(True)
        self.items = QTableWidget(0, 6)
        self.items.setObjectName("handoverItems")
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.verticalHeader().setVisible(False)
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("事项"),
                self.tr("单据"),
                self.tr("预算单位"),
                self.tr("金额"),
                self.tr("摘要"),
                self.tr("能否移交"),
            ]
        )
        self.disable_box = QCheckBox(self.tr("移交后停用该账号(离职)"))
        self.disable_box.setObjectName("handoverDisable")
        self.disable_box.setChecked(leaver.is_active)
        self.disable_box.setEnabled(leaver.is_active)
        self.result_label = QLabel()
        self.result_label.setObjectName("handoverResult")
        self.result_label.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.transfer_button = QPushButton(self.tr("确认移交"))
        self.transfer_button.setObjectName("handoverTransfer")
        self.transfer_button.setEnabled(False)
        self.buttons.addButton(self.transfer_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.transfer_button.clicked.connect(self.transfer)

        form = QFormLayout()
        form.addRow(self.tr("接手人:"), self.successor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.disable_box)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.resize(760, 480)

    # -- loading ---------------------------------------------------------------
    def chosen(self) -> int | None:
        value = self.successor.currentData()
        return int(value) if value is not None else None

    def load(self) -> None:
        """What the leaver holds; with a successor chosen, what would move to them."""
        self._generation += 1
        generation = self._generation
        leaver_id, successor_id = self.leaver.id, self.chosen()
        self.work = None
        self.transfer_button.setEnabled(False)

        def loaded(work: PendingWorkOut) -> None:
            if generation != self._generation:
                return  # another successor was chosen meanwhile
            self.work = work
            self._show(work.items)
            self._show_counts(work)
            movable = [i for i in work.items if i.problem is None]
            self.transfer_button.setEnabled(
                successor_id is not None and bool(movable) and self.outcome is None
            )

        self._run(lambda api: api.admin.pending_work(leaver_id, successor_id), loaded, self._failed)

    def _failed(self, error: Exception) -> None:
        set_state(self.result_label, "error")
        self.result_label.setText(describe(error))
        self.successor.setEnabled(self.outcome is None)

    def _show_counts(self, work: PendingWorkOut) -> None:
        text = self.tr("待办审批 {steps} 项,草稿和退回单据 {documents} 张。").format(
            steps=work.review_steps, documents=work.documents
        )
        if work.successor_id is not None:
            movable = sum(i.problem is None for i in work.items)
            text += self.tr("可移交 {movable} 项,不能移交 {left} 项。").format(
                movable=movable, left=len(work.items) - movable
            )
        if work.in_review:
            text += self.tr("另有 {count} 张本人提交的单据仍在审批中,不移交。").format(
                count=work.in_review
            )
        if not work.items:
            text = self.tr("没有需要交接的工作。") + (text if work.in_review else "")
        self.counts.setText(text)

    def _show(self, items: list[PendingItemOut], moved: Moved | None = None) -> None:
        self.items.setRowCount(len(items))
        for row, item in enumerate(items):
            values = (
                self.tr("审批事项(第 {step} 步)").format(step=item.step_no)
                if item.kind is PendingKind.REVIEW_STEP
                else self.tr("单据"),
                item.number or f"#{item.document_id}",
                item.unit_name,
                format_money(item.amount),
                item.summary,
                self._verdict(item, moved),
            )
            for column, value in enumerate(values):
                self.items.setItem(row, column, QTableWidgetItem(value))
        self.items.resizeColumnsToContents()

    def _verdict(self, item: PendingItemOut, moved: Moved | None) -> str:
        if moved is not None and (item.kind, item.document_id) in moved:
            return self.tr("已移交")
        if item.problem is not None:
            return render_message(item.problem, item.problem_params, self._language())
        return self.tr("可移交") if self.chosen() is not None else ""

    # -- transfer --------------------------------------------------------------
    def transfer(self) -> None:
        successor_id = self.chosen()
        if successor_id is None or self.work is None:
            return
        leaver_id, disable = self.leaver.id, self.disable_box.isChecked()
        self.transfer_button.setEnabled(False)
        self.successor.setEnabled(False)

        def done(result: TransferOut) -> None:
            self.outcome = result
            moved = {(i.kind, i.document_id) for i in result.moved}
            self._show([*result.moved, *result.left], moved)
            text = self.tr("已移交 {moved} 项,未能移交 {left} 项。").format(
                moved=len(result.moved), left=len(result.left)
            )
            if disable and not result.user.is_active:
                text += self.tr("账号已停用。")
            set_state(self.result_label, "ok")
            self.result_label.setText(text)
            self.disable_box.setEnabled(False)
            self.transferred.emit(result)

        def failed(error: Exception) -> None:
            self._failed(error)
            self.load()  # someone may have acted on the items meanwhile

        self._run(
            lambda api: api.admin.transfer_work(leaver_id, successor_id, disable=disable),
            done,
            failed,
        )
