"""The posts table: who holds which approval post at which unit, their monthly
limit, and the amount their post lets them approve under today's rules."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from client.admin.approval_rules.names import unit_name
from client.core.labels import level_name
from client.widgets.rows_model import RowsModel
from common.enums import ReviewLevel
from common.money import format_money
from common.schemas.admin import UnitOut
from common.schemas.approval_admin import ApprovalRuleOut, ReviewerPostOut

NO_TOP = Decimal("Infinity")  # a rule without an upper amount


def _asks(rule: ApprovalRuleOut, level: ReviewLevel) -> bool:
    """Does the rule have a step this post can take? A higher post may act for a
    lower one."""
    order = list(ReviewLevel)
    return rule.is_active and any(order.index(s.level) <= order.index(level) for s in rule.steps)


def approves_up_to(level: ReviewLevel, rules: list[ApprovalRuleOut]) -> Decimal | None:
    """The largest amount of an ordinary item (not a major one's fast track) this
    post can approve under the rules: Infinity without an upper limit, None when
    no ordinary rule has a step for it."""
    tops = [
        rule.max_amount if rule.max_amount is not None else NO_TOP
        for rule in rules
        if not rule.major and _asks(rule, level)
    ]
    return max(tops, default=None)


def reach_text(level: ReviewLevel, rules: list[ApprovalRuleOut]) -> str:
    """'至 100,000.00', '不限金额', with '及重大事项的审批步骤' where a fast track asks it."""
    reach = approves_up_to(level, rules)
    if reach is None:
        text = QCoreApplication.translate("ReviewerPosts", "普通事项:无")
    elif reach == NO_TOP:
        text = QCoreApplication.translate("ReviewerPosts", "不限金额")
    else:
        text = QCoreApplication.translate("ReviewerPosts", "至 {amount}").format(
            amount=format_money(reach)
        )
    if any(rule.major and _asks(rule, level) for rule in rules):
        text += QCoreApplication.translate("ReviewerPosts", ",及重大事项的审批步骤")
    return text


class PostsModel(RowsModel[ReviewerPostOut]):
    COLUMNS = ("person", "level", "unit", "limit", "reach")

    def __init__(self) -> None:
        super().__init__()
        self.units: dict[int, UnitOut] = {}
        self.rules: list[ApprovalRuleOut] = []

    def set_data(
        self, posts: list[ReviewerPostOut], units: list[UnitOut], rules: list[ApprovalRuleOut]
    ) -> None:
        self.units = {unit.id: unit for unit in units}
        self.rules = rules
        order = list(ReviewLevel)
        self.set_rows(sorted(posts, key=lambda p: (p.display_name, order.index(p.level))))

    def titles(self) -> dict[str, str]:
        return {
            "person": self.tr("审批人"),
            "level": self.tr("岗位"),
            "unit": self.tr("单位(含下级)"),
            "limit": self.tr("月度限额(元)"),
            "reach": self.tr("可审批金额"),
        }

    def text(self, row: ReviewerPostOut, column: str) -> str:
        if column == "person":
            return f"{row.display_name}({row.username})"
        if column == "level":
            return level_name(row.level)
        if column == "unit":
            return unit_name(row.unit_id, self.units)
        if column == "limit":
            return format_money(row.monthly_limit) if row.monthly_limit is not None else "—"
        return reach_text(row.level, self.rules)

    def sort_key(self, row: ReviewerPostOut, column: str) -> object | None:
        if column == "level":
            return list(ReviewLevel).index(row.level)
        if column == "limit":
            return row.monthly_limit if row.monthly_limit is not None else NO_TOP
        if column == "reach":
            return approves_up_to(row.level, self.rules) or Decimal(-1)
        return None
