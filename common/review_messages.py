"""Messages of review and approval (审核 / 审批); ``common.errors`` merges them."""

from __future__ import annotations

REVIEW_MESSAGES: dict[str, tuple[str, str]] = {
    "review.no_rule": (
        "没有适用于该单据的审批规则,请联系系统管理员",
        "No approval rule applies to this document; ask an administrator",
    ),
    "review.not_open": (
        "单据状态为“{status}”,不在审批中",
        "The document is '{status}' and is not awaiting review",
    ),
    "review.already_decided": (
        "该单据已被他人处理,请刷新列表",
        "Someone else has already acted on this item; refresh the list",
    ),
    "review.reason_required": (
        "请填写{field_name}:驳回或退回必须写明具体原因",
        "{field_name} is required: say specifically why the item is rejected or returned",
    ),
    "review.not_reviewer": ("只有审核员可以审批单据", "Only reviewers can act on items"),
    "review.admin_cannot_act": (
        "系统管理员不能审批业务单据",
        "Administrators cannot act on business items",
    ),
    "review.own_item": ("不能审批自己录入的单据", "You cannot act on an item you made"),
    "review.second_step": (
        "您已审批过该单据的另一级,同一单据不能由一人审批两级",
        "You acted on another step of this item; one person cannot approve two levels",
    ),
    "review.no_authority": (
        "您没有该单据当前环节({level_zh})的审批权限",
        "You have no authority for this item's current step ({level_en})",
    ),
    "review.delegate_unfit": (
        "不能委托给该用户:其没有当前环节({level_zh})的审批权限,或与该单据有利害关系",
        "This item cannot be delegated to that user: they lack the authority for its "
        "current step ({level_en}) or may not act on it",
    ),
}

LEVEL_NAMES = {
    "supervisor": ("业务主管", "department supervisor"),
    "manager": ("管理岗", "manager"),
    "leader": ("分管领导", "leader in charge"),
}
