"""Messages of the approval-rule dialog's early checks (the server decides again;
its own codes are in common/review_messages.py). Each names the field."""

from __future__ import annotations

APPROVAL_CONSOLE_MESSAGES: dict[str, tuple[str, str]] = {
    "approval_rule.name_required": ("请填写规则名称", "The rule name is required"),
    "approval_rule.steps_required": (
        "审批步骤至少要有一步",
        "Approval steps: give at least one step",
    ),
    "approval_rule.unit_required": (
        "请选择预算单位再预览",
        "Budget unit: choose one before the preview",
    ),
}
