"""Approval rules in words (the server sends kinds, unit ids, levels and deadlines)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from client.core.labels import kind_name, level_name
from common.enums import DocumentKind
from common.money import format_money
from common.schemas.admin import UnitOut
from common.schemas.approval_admin import StepSpec


def any_kind_name(kind: DocumentKind | None) -> str:
    return (
        kind_name(kind)
        if kind is not None
        else QCoreApplication.translate("ApprovalRules", "全部类型")
    )


def unit_label(unit: UnitOut) -> str:
    return f"{unit.code} {unit.name}"


def unit_name(unit_id: int | None, units: dict[int, UnitOut]) -> str:
    """A rule's unit covers its subtree; no unit is every unit."""
    if unit_id is None:
        return QCoreApplication.translate("ApprovalRules", "全部单位")
    unit = units.get(unit_id)
    return (
        unit_label(unit)
        if unit is not None
        else QCoreApplication.translate("ApprovalRules", "单位 {id}").format(id=unit_id)
    )


def amount_range(low: Decimal, high: Decimal | None) -> str:
    """'100,000.01 – 500,000.00', or '500,000.01 以上' with no upper limit."""
    if high is None:
        return QCoreApplication.translate("ApprovalRules", "{low} 以上").format(
            low=format_money(low)
        )
    return f"{format_money(low)} – {format_money(high)}"


def deadline_text(step: StepSpec) -> str:
    if step.hours is not None:
        return QCoreApplication.translate("ApprovalRules", "{n} 小时").format(n=step.hours)
    return QCoreApplication.translate("ApprovalRules", "{n} 个工作日").format(n=step.working_days)


def step_text(step: StepSpec) -> str:
    """'管理岗(2 个工作日)'."""
    return QCoreApplication.translate("ApprovalRules", "{post}({deadline})").format(
        post=level_name(step.level), deadline=deadline_text(step)
    )


def steps_text(steps: list[StepSpec]) -> str:
    return " → ".join(step_text(step) for step in steps)


def units_in_tree_order(units: list[UnitOut]) -> list[tuple[int, UnitOut]]:
    """Each unit with its depth, parents before their children, siblings by code."""
    children: dict[int | None, list[UnitOut]] = {}
    known = {unit.id for unit in units}
    for unit in sorted(units, key=lambda u: u.code):
        parent = unit.parent_id if unit.parent_id in known else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[int, UnitOut]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            ordered.append((depth, unit))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered
