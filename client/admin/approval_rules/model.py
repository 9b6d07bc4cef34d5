"""The rules table: one row per approval rule, in the order the server tries them."""

from __future__ import annotations

from PySide6.QtGui import QColor

from client.admin.approval_rules.names import amount_range, any_kind_name, steps_text, unit_name
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.schemas.admin import UnitOut
from common.schemas.approval_admin import ApprovalRuleOut

MUTED = look.MUTED


class RulesModel(RowsModel[ApprovalRuleOut]):
    COLUMNS = ("priority", "name", "kind", "unit", "amounts", "steps", "major", "active")

    def __init__(self) -> None:
        super().__init__()
        self.units: dict[int, UnitOut] = {}

    def titles(self) -> dict[str, str]:
        return {
            "priority": self.tr("优先顺序"),
            "name": self.tr("规则名称"),
            "kind": self.tr("单据类型"),
            "unit": self.tr("适用单位"),
            "amounts": self.tr("金额范围(审批权限)"),
            "steps": self.tr("审批步骤(岗位与期限)"),
            "major": self.tr("重大事项"),
            "active": self.tr("状态"),
        }

    def set_data(self, rules: list[ApprovalRuleOut], units: list[UnitOut]) -> None:
        self.units = {unit.id: unit for unit in units}
        self.set_rows(sorted(rules, key=lambda rule: rule.priority))

    def text(self, row: ApprovalRuleOut, column: str) -> str:
        if column == "priority":
            return str(row.priority)
        if column == "name":
            return row.name
        if column == "kind":
            return any_kind_name(row.document_kind)
        if column == "unit":
            return unit_name(row.unit_id, self.units)
        if column == "amounts":
            return amount_range(row.min_amount, row.max_amount)
        if column == "steps":
            return steps_text(row.steps)
        if column == "major":
            return self.tr("是") if row.major else ""
        if column == "active":
            return self.tr("启用") if row.is_active else self.tr("停用")
        return ""

    def colour(self, row: ApprovalRuleOut, column: str) -> QColor | None:
        return None if row.is_active else MUTED  # a rule switched off routes nothing

    def sort_key(self, row: ApprovalRuleOut, column: str) -> object | None:
        if column == "priority":
            return row.priority
        if column == "amounts":
            return (row.min_amount, row.max_amount is None, row.max_amount or 0)  # None: no top
        return None
