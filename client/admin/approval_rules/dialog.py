"""Add or change an approval rule (审批规则).

Amounts are typed as text and read as exact decimals (common/money.py); the early
checks here only save a round trip — the server checks again and decides, and
what it refuses is shown in the dialog, in the UI language, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from client.admin.approval_rules.names import any_kind_name, unit_label, units_in_tree_order
from client.core.labels import level_name
from client.widgets.fields_dialog import FieldsDialog
from client.widgets.look import set_state
from common.enums import DocumentKind, Language, ReviewLevel
from common.errors import render_message
from common.money import MoneyError, format_money, to_money
from common.schemas.admin import UnitOut
from common.schemas.approval_admin import ApprovalRuleIn, ApprovalRuleOut, StepSpec

STEPS_MAX = 5  # ApprovalRuleIn.steps
DAYS, HOURS = "working_days", "hours"


class Problem(Exception):
    """An early check failed: an error code and its params (the field among them)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def read_amount(text: str, field: str, *, blank: Decimal | None) -> Decimal | None:
    """The amount typed in ``field``; ``blank`` when nothing was typed."""
    if not text.strip():
        return blank
    try:
        amount = to_money(text)
    except MoneyError as exc:
        raise Problem("document.amount_format", field=field) from exc
    if amount < 0:
        raise Problem("document.amount_negative", field=field)
    return amount


def fill_units(box: QComboBox, units: list[UnitOut], *, everything: str | None) -> None:
    """Units as a tree (indented), optionally after an entry for every unit."""
    box.clear()
    if everything is not None:
        box.addItem(everything, None)
    for depth, unit in units_in_tree_order(units):
        box.addItem("    " * depth + unit_label(unit), unit.id)


def select_data(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


class StepRow:
    """One step's widgets: the post (岗位) and its deadline."""

    def __init__(self) -> None:
        self.level = QComboBox()
        for level in ReviewLevel:
            self.level.addItem(level_name(level), level)
        self.amount = QSpinBox()
        self.amount.setRange(1, 240)
        self.amount.setValue(2)
        self.unit = QComboBox()
        self.unit.addItem("", DAYS)
        self.unit.addItem("", HOURS)
        self.unit.currentIndexChanged.connect(self._limit)
        self.retranslate()

    def retranslate(self) -> None:
        for number, level in enumerate(ReviewLevel):
            self.level.setItemText(number, level_name(level))
        self.unit.setItemText(0, QCoreApplication.translate("ApprovalRules", "个工作日"))
        self.unit.setItemText(1, QCoreApplication.translate("ApprovalRules", "小时"))

    def _limit(self) -> None:
        self.amount.setMaximum(30 if self.unit.currentData() == DAYS else 240)

    def set(self, step: StepSpec) -> None:
        select_data(self.level, step.level)
        select_data(self.unit, HOURS if step.hours is not None else DAYS)
        self.amount.setValue(step.hours if step.hours is not None else step.working_days or 2)

    def spec(self) -> StepSpec:
        value = self.amount.value()
        level = ReviewLevel(self.level.currentData())  # Qt hands back a plain str
        if self.unit.currentData() == HOURS:
            return StepSpec(level=level, hours=value)
        return StepSpec(level=level, working_days=value)


class RuleDialog(FieldsDialog):
    """``submitted`` carries the rule once the early checks pass; the page sends
    it and either closes the dialog or shows the server's refusal here."""

    submitted = Signal(object)

    def __init__(
        self,
        units: list[UnitOut],
        language: Callable[[], Language],
        *,
        rule: ApprovalRuleOut | None = None,
        next_priority: int = 50,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("ruleDialog", parent)
        self.setMinimumWidth(560)
        self.rule = rule
        self._language = language
        self.priority = QSpinBox()
        self.priority.setObjectName("rulePriority")
        self.priority.setRange(1, 10_000)
        self.name = QLineEdit()
        self.name.setObjectName("ruleName")
        self.name.setMaxLength(100)
        self.kind = QComboBox()
        self.kind.setObjectName("ruleKind")
        self.kind.addItem("", None)
        for kind in DocumentKind:
            self.kind.addItem("", kind)
        self.unit = QComboBox()
        self.unit.setObjectName("ruleUnit")
        self._units = units
        self.min_amount = QLineEdit()
        self.min_amount.setObjectName("ruleMinAmount")
        self.max_amount = QLineEdit()
        self.max_amount.setObjectName("ruleMaxAmount")
        for edit in (self.min_amount, self.max_amount):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.major = QCheckBox()
        self.major.setObjectName("ruleMajor")
        self.active = QCheckBox()
        self.active.setObjectName("ruleActive")
        self.active.setChecked(True)

        self.steps = QTableWidget(0, 3)
        self.steps.setObjectName("ruleSteps")
        self.steps.verticalHeader().setVisible(True)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.step_rows: list[StepRow] = []
        self.add_step_button = QPushButton()
        self.add_step_button.setObjectName("ruleAddStep")
        self.add_step_button.clicked.connect(lambda: self.add_step())
        self.remove_step_button = QPushButton()
        self.remove_step_button.setObjectName("ruleRemoveStep")
        self.remove_step_button.clicked.connect(self.remove_step)

        self.buttons.accepted.connect(self.check_and_submit)

        self.form = QFormLayout()
        self.labels = {name: QLabel() for name in self._field_order()}
        for name, widget in self.fields().items():
            self.form.addRow(self.labels[name], widget)
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(self.add_step_button)
        step_buttons.addWidget(self.remove_step_button)
        step_buttons.addStretch(1)
        self.steps_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.steps)
        layout.addLayout(step_buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._show(rule, next_priority)

    @staticmethod
    def _field_order() -> tuple[str, ...]:
        return ("priority", "name", "document_kind", "unit_id", "min_amount", "max_amount",
                "major", "is_active")  # fmt: skip

    def fields(self) -> dict[str, QWidget]:
        """The widget of each field of ApprovalRuleIn (a server error names one)."""
        return {
            "priority": self.priority,
            "name": self.name,
            "document_kind": self.kind,
            "unit_id": self.unit,
            "min_amount": self.min_amount,
            "max_amount": self.max_amount,
            "major": self.major,
            "is_active": self.active,
        }

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("修改审批规则") if self.rule else self.tr("新增审批规则"))
        names = {
            "priority": self.tr("优先顺序(小者先匹配):"),
            "name": self.tr("规则名称:"),
            "document_kind": self.tr("单据类型:"),
            "unit_id": self.tr("适用单位(含下级):"),
            "min_amount": self.tr("金额下限(元):"),
            "max_amount": self.tr("金额上限(元,空为不限):"),
            "major": self.tr("重大事项(快速通道)"),
            "is_active": self.tr("启用"),
        }
        for name, label in self.labels.items():
            label.setText(names[name])
        for number in range(self.kind.count()):
            data = self.kind.itemData(number)
            self.kind.setItemText(number, any_kind_name(DocumentKind(data) if data else None))
        current = self.unit.currentData()
        fill_units(self.unit, self._units, everything=self.tr("全部单位"))
        select_data(self.unit, current)
        self.min_amount.setPlaceholderText("0.00")
        self.max_amount.setPlaceholderText(self.tr("不限"))
        self.steps_label.setText(self.tr("审批步骤(按顺序,每步一个岗位):"))
        self.steps.setHorizontalHeaderLabels([self.tr("岗位"), self.tr("期限"), self.tr("单位")])
        self.add_step_button.setText(self.tr("添加步骤"))
        self.remove_step_button.setText(self.tr("删除最后一步"))
        for row in self.step_rows:
            row.retranslate()

    def _show(self, rule: ApprovalRuleOut | None, next_priority: int) -> None:
        if rule is None:
            self.priority.setValue(next_priority)
            self.add_step()
            return
        self.priority.setValue(rule.priority)
        self.name.setText(rule.name)
        select_data(self.kind, rule.document_kind)
        select_data(self.unit, rule.unit_id)
        self.min_amount.setText(format_money(rule.min_amount))
        self.max_amount.setText("" if rule.max_amount is None else format_money(rule.max_amount))
        self.major.setChecked(rule.major)
        self.active.setChecked(rule.is_active)
        for step in rule.steps:
            self.add_step(step)

    # -- steps ----------------------------------------------------------------
    def add_step(self, step: StepSpec | None = None) -> StepRow | None:
        if len(self.step_rows) >= STEPS_MAX:
            return None
        row = StepRow()
        if step is not None:
            row.set(step)
        number = len(self.step_rows)
        self.steps.insertRow(number)
        self.steps.setCellWidget(number, 0, row.level)
        self.steps.setCellWidget(number, 1, row.amount)
        self.steps.setCellWidget(number, 2, row.unit)
        self.step_rows.append(row)
        self.add_step_button.setEnabled(len(self.step_rows) < STEPS_MAX)
        return row

    def remove_step(self) -> None:
        if self.step_rows:
            self.step_rows.pop()
            self.steps.removeRow(self.steps.rowCount() - 1)
        self.add_step_button.setEnabled(True)

    # -- checks ---------------------------------------------------------------
    def collect(self) -> ApprovalRuleIn:
        """The rule typed, or Problem naming the first field that breaks a rule."""
        name = self.name.text().strip()
        if not name:
            raise Problem("approval_rule.name_required", field="name")
        low = read_amount(self.min_amount.text(), "min_amount", blank=Decimal("0.00"))
        assert low is not None
        high = read_amount(self.max_amount.text(), "max_amount", blank=None)
        if high is not None and high < low:
            raise Problem("approval_rule.amount_range", field="max_amount")
        if not self.step_rows:
            raise Problem("approval_rule.steps_required", field="steps")
        kind = self.kind.currentData()
        try:
            return ApprovalRuleIn(
                priority=self.priority.value(),
                name=name,
                document_kind=DocumentKind(kind) if kind else None,
                min_amount=low,
                max_amount=high,
                unit_id=self.unit.currentData(),
                major=self.major.isChecked(),
                steps=[row.spec() for row in self.step_rows],
                is_active=self.active.isChecked(),
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first.get("loc", ()))
            raise Problem("request.field_invalid", field=field, rule=first.get("msg", "")) from exc

    def check_and_submit(self) -> None:
        self.clear_errors()
        try:
            rule = self.collect()
        except Problem as problem:
            self.show_error(
                render_message(problem.code, problem.params, self._language()),
                problem.params.get("field"),
            )
            return
        self.submitted.emit(rule)

    def field_widget(self, field: str) -> QWidget | None:
        """A step's field marks the steps table."""
        return self.steps if field.startswith("steps") else super().field_widget(field)

    def clear_errors(self) -> None:
        super().clear_errors()
        set_state(self.steps, None)
