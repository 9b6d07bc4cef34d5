"""Messages of budget quotas (预算指标), code -> (zh_CN, en).

An expenditure refused for its quota names the four numbers a clerk needs
(quota, used, in review, left) and the amount asked for, all in yuan with
thousands separators; the server fills them (server/services/budget/quotas.py).
"""

from __future__ import annotations

QUOTA_MESSAGES: dict[str, tuple[str, str]] = {
    "quota.exceeded": (
        "超出预算指标:{year} 年{unit}“{functional} / {economic}”指标 {quota} 元,"
        "已用 {used} 元,审核中 {in_review} 元,剩余 {left} 元,本单 {amount} 元",
        "Over the budget quota: the {year} quota of {unit} for {functional} / {economic} "
        "is {quota}, used {used}, in review {in_review}, left {left}; this document "
        "asks for {amount}",
    ),
    "quota.missing": (
        "{year} 年{unit}“{functional} / {economic}”尚未设置预算指标,不能提交支出",
        "{unit} has no {year} budget quota for {functional} / {economic}; "
        "an expenditure cannot be submitted",
    ),
    "quota.not_set": (
        "{year} 年{unit}“{functional} / {economic}”尚未设置预算指标,不能追加或调减",
        "{unit} has no {year} budget quota for {functional} / {economic} to adjust",
    ),
    "quota.below_used": (
        "调减后指标不能低于已用与审核中之和:指标 {quota} 元,已用 {used} 元,"
        "审核中 {in_review} 元,最多可调减 {left} 元,本单调减 {amount} 元",
        "The quota cannot go below what is used and in review: quota {quota}, used "
        "{used}, in review {in_review}, at most {left} can be taken off; this "
        "document takes off {amount}",
    ),
    "quota.initial_below_used": (
        "年初指标不能低于已用与审核中之和扣除已批准的追加调减:最少 {minimum} 元",
        "The initial quota cannot be below what is used and in review, net of approved "
        "adjustments: at least {minimum}",
    ),
    "quota.not_reversible": (
        "指标调整单不能红字冲销,请另填一张相反方向的调整单",
        "A quota adjustment is not reversed; enter an adjustment the other way instead",
    ),
    "quota.year_range": ("年度应在 2000 到 2999 之间", "The year is between 2000 and 2999"),
    "quota.import_rejected": (
        "导入的指标有 {count} 处错误(涉及 {rows} 行),全部未导入",
        "The quota file has {count} problems in {rows} rows; nothing was imported",
    ),
    "quota.import_duplicate": (
        "与第 {other} 行的单位和科目相同",
        "The same unit and items as row {other}",
    ),
    "quota.import_unknown": (
        "{field_name}“{code}”不存在、已停用或不是末级",
        "{field_name} '{code}' does not exist, is inactive or is not a leaf",
    ),
    "quota.import_amount": (
        "{field_name}必须是不小于零的金额,最多两位小数",
        "{field_name} must be an amount of zero or more with at most two decimals",
    ),
}
