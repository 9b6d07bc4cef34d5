"""Give a reviewer an approval post (审批岗位), or change one.

A post is a level (业务主管 / 管理岗 / 分管领导) at a unit, covering its subtree,
with an optional monthly limit. The early checks here save a round trip; the
server decides, and what it refuses is shown here naming the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.admin.approval_rules.dialog import Problem, fill_units, read_amount, select_data
from client.core.labels import level_name
from client.widgets.fields_dialog import FieldsDialog
from client.widgets.look import hint_label
from common.enums import Language, ReviewLevel
from common.errors import render_message
from common.money import format_money
from common.schemas.admin import UnitOut, UserOut
from common.schemas.approval_admin import ReviewerPostIn, ReviewerPostOut


class PostDialog(FieldsDialog):
    """``submitted(user_id, ReviewerPostIn)`` once the early checks pass."""

    submitted = Signal(int, object)

    def __init__(
        self,
        reviewers: list[UserOut],
        units: list[UnitOut],
        language: Callable[[], Language],
        *,
        post: ReviewerPostOut | None = None,
        user_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("postDialog", parent)
        self.post = post
        self._language = language
        self._units = units
        self.person = QComboBox()
        self.person.setObjectName("postPerson")
        for user in reviewers:
            self.person.addItem(f"{user.display_name}({user.username})", user.id)
        self.level = QComboBox()
        self.level.setObjectName("postLevel")
        for level in ReviewLevel:
            self.level.addItem(level_name(level), level)
        self.unit = QComboBox()
        self.unit.setObjectName("postUnit")
        fill_units(self.unit, units, everything=None)
        self.limit = QLineEdit()
        self.limit.setObjectName("postLimit")
        self.buttons.accepted.connect(self.check_and_submit)
        self.labels = {name: QLabel() for name in self.fields()}
        form = QFormLayout()
        for name, widget in self.fields().items():
            form.addRow(self.labels[name], widget)
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if post is not None:
            if self.person.findData(post.user_id) < 0:  # no longer an active reviewer
                self.person.addItem(f"{post.display_name}({post.username})", post.user_id)
            select_data(self.person, post.user_id)
            select_data(self.level, post.level)
            select_data(self.unit, post.unit_id)
            if post.monthly_limit is not None:
                self.limit.setText(format_money(post.monthly_limit))
            self.person.setEnabled(False)  # a post changes hands by ending it
        elif user_id is not None:
            select_data(self.person, user_id)
        self.retranslate()

    def fields(self) -> dict[str, QWidget]:
        """The widget of each field (a server error names one)."""
        return {
            "user_id": self.person,
            "level": self.level,
            "unit_id": self.unit,
            "monthly_limit": self.limit,
        }

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("修改审批岗位") if self.post else self.tr("新增审批岗位"))
        names = {
            "user_id": self.tr("审批人:"),
            "level": self.tr("岗位:"),
            "unit_id": self.tr("单位(含下级):"),
            "monthly_limit": self.tr("月度限额(元,空为不限):"),
        }
        for name, label in self.labels.items():
            label.setText(names[name])
        for number, level in enumerate(ReviewLevel):
            self.level.setItemText(number, level_name(level))
        self.limit.setPlaceholderText(self.tr("不限"))
        self.hint.setText(
            self.tr(
                "岗位决定能审批哪一级的单据(高一级可代低一级审批);月度限额是本月已审批金额的上限。"
                "保存需要重新验证动态口令,并记入操作日志。"
            )
        )

    def collect(self) -> tuple[int, ReviewerPostIn]:
        user_id = self.person.currentData()
        if user_id is None:
            raise Problem("approval_post.unknown_user", field="user_id")
        limit = read_amount(self.limit.text(), "monthly_limit", blank=None)
        post = ReviewerPostIn(
            unit_id=self.unit.currentData(), level=self.level.currentData(), monthly_limit=limit
        )
        return int(user_id), post

    def check_and_submit(self) -> None:
        self.clear_errors()
        try:
            user_id, post = self.collect()
        except Problem as problem:
            message = render_message(problem.code, problem.params, self._language())
            self.show_error(message, problem.params.get("field"))
            return
        self.submitted.emit(user_id, post)
