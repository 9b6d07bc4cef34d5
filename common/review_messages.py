"""Messages of review and approval (审核 / 审批); ``common.errors`` merges them."""

from __future__ import annotations

REVIEW_MESSAGES: dict[str, tuple[str, str]] = {
    "review.no_rule": (
        "没有适用于该单据的审批规则,请联系系统管理员",
        "No approval rule applies to this document; ask an administrator",
    ),
    "review.not_open": (
        "单据状态为“{status_zh}”,不在审批中",
        "The document is {status_en} and is not awaiting review",
    ),
    "review.already_decided": (
        "该单据已被他人处理,请刷新列表",
        "Someone else has already acted on this item; refresh the list",
    ),
    "review.reason_required": (
        "请填写{field_name}:驳回或退回必须写明具体原因(哪一项、错在哪里),“不同意”“有误”之类不算",
        "{field_name} is required: say specifically what is wrong and where; "
        "'no' or 'rejected' is not a reason",
    ),
    "review.no_open_step": (
        "该单据没有待处理的审批环节,请经办人收回后重新提交",
        "This item has no open review step; the maker should recall and submit it again",
    ),
    "review.delegated_to_other": (
        "该单据当前环节已委托他人处理",
        "This item's current step has been delegated to another reviewer",
    ),
    "review.monthly_limit": (
        "超出本月累计审批限额 {limit}(本月已审批 {used}),请交上一级审批或委托",
        "This would exceed your monthly approval limit of {limit} ({used} approved this "
        "month); pass it up or delegate it",
    ),
    "absence.delegate_unfit": (
        "{field_name}不能代为审批:其须为在岗的审核员,并持有不低于您的审批权限",
        "{field_name} cannot stand in: they must be an active reviewer holding at least "
        "your authority over your units",
    ),
    "absence.dates": (
        "{field_name}不能早于开始日期",
        "{field_name} cannot be before the start date",
    ),
    "absence.overlaps": (
        "该期间已有休假委托,请先取消原委托",
        "An absence already covers part of these dates; cancel it first",
    ),
    "absence.not_found": ("没有该休假委托", "No such absence"),
    "approval_rule.amount_range": (
        "{field_name}不能小于金额下限",
        "{field_name} cannot be below the minimum amount",
    ),
    "approval_rule.unknown_unit": (
        "{field_name}:没有该预算单位",
        "{field_name}: no such budget unit",
    ),
    "approval_rule.priority_taken": (
        "{field_name}已被另一条规则使用,请换一个",
        "{field_name} is used by another rule; choose another",
    ),
    "report.date_range": (
        "{field_name}不能早于开始日期",
        "{field_name} cannot be before the start date",
    ),
    "search.bad_token": (
        "{field_name}无效或属于另一组查询条件,请从第一页重新查询",
        "{field_name} is invalid or belongs to other filters; start again from the first page",
    ),
    "approval_rule.not_found": ("没有该审批规则", "No such approval rule"),
    "approval_post.unknown_user": ("没有该用户", "No such user"),
    "approval_post.not_reviewer": (
        "该用户不是审核员,不能授予审批权限",
        "This user is not a reviewer and cannot hold an approval post",
    ),
    "approval_post.duplicate": (
        "同一单位同一级别的审批权限重复",
        "The same unit and level is given twice",
    ),
    "calendar.wrong_year": (
        "日期不在 {year} 年内",
        "A date is not in {year}",
    ),
    "calendar.duplicate_day": ("同一日期出现了两次", "The same date is given twice"),
    "notice.new_work": (
        "新待办:{kind_zh} {number},金额 {amount},经办人 {maker}",
        "New item to review: {kind_en} {number}, {amount}, made by {maker}",
    ),
    "notice.delegated": (
        "{actor} 将 {kind_zh} {number}(金额 {amount})委托给您审批",
        "{actor} delegated {kind_en} {number} ({amount}) to you",
    ),
    "notice.due_soon": (
        "{kind_zh} {number} 将于 {deadline}(北京时间)到期,请及时处理",
        "{kind_en} {number} is due by {deadline} (China time)",
    ),
    "notice.overdue": (
        "{kind_zh} {number} 已于 {deadline}(北京时间)逾期,请尽快处理",
        "{kind_en} {number} has been overdue since {deadline} (China time)",
    ),
    "notice.approved": (
        "您的{kind_zh} {number} 已审核通过({actor})",
        "Your {kind_en} {number} was approved ({actor})",
    ),
    "notice.rejected": (
        "您的{kind_zh} {number} 被驳回({actor}):{opinion}",
        "Your {kind_en} {number} was rejected ({actor}): {opinion}",
    ),
    "notice.taken_back": (
        "{actor} 收回了对您的{kind_zh} {number} 的审批,将重新审核。{opinion}",
        "{actor} took back the approval of your {kind_en} {number} to review it again. {opinion}",
    ),
    "notice.urged": (
        "督办:{actor} 催办 {kind_zh} {number}(金额 {amount}),已逾期,请尽快处理。{opinion}",
        "Urged by {actor}: {kind_en} {number} ({amount}) is overdue; please act now. {opinion}",
    ),
    "notice.feedback": (
        "问题反馈已答复({actor}):“{summary}”——{answer}",
        'Your problem report was answered by {actor}: "{summary}" - {answer}',
    ),
    "review.take_back_too_late": (
        "下一级已处理或单据已审批完毕,不能再收回审批",
        "The next step has acted or the item is approved: the approval can no longer be taken back",
    ),
    "review.not_your_approval": (
        "只能收回自己刚做出的、下一级尚未处理的审批",
        "You can take back only your own approval that the next step has not acted on",
    ),
    "review.not_overdue": ("单据尚未逾期,不能督办", "The item is not overdue: it cannot be urged"),
    "review.urged_recently": (
        "您在 {hours} 小时内已督办过这一步,请稍后再催",
        "You urged this step within the last {hours} hours; try again later",
    ),
    "review.may_not_urge": (
        "只有经办人或更高一级岗位可以督办",
        "Only the maker or a higher post may urge this item",
    ),
    "notice.returned": (
        "您的{kind_zh} {number} 被退回修改({actor}):{opinion}",
        "Your {kind_en} {number} was returned for correction ({actor}): {opinion}",
    ),
    "review.not_reviewer": ("只有审核员可以审批单据", "Only reviewers can act on items"),
    "review.admin_cannot_act": (
        "系统管理员和审计员不能审批业务单据",
        "Administrators and auditors cannot act on business items",
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

KIND_NAMES = {
    "income": ("收入", "income"),
    "expenditure": ("支出", "expenditure"),
    "voucher": ("记账凭证", "voucher"),
    "quota_adjustment": ("指标调整单", "quota adjustment"),
}
