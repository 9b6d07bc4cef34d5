"""Messages of the document rules, and the names of the fields they talk about.

Kept apart from ``common.errors`` so that each stays short; ``common.errors``
merges them. ``{field_name}`` in a message is the field's name in the reader's
language (``lines[2].debit`` → 第 3 行借方金额 / line 3 debit).
"""

from __future__ import annotations

import re
from typing import Any

DOCUMENT_MESSAGES: dict[str, tuple[str, str]] = {
    # the rules of an amount of money (common.money), said inside request.field_invalid
    "money.too_large": ("金额不能超过 {max}", "an amount is at most {max}"),
    "money.too_precise": ("金额最多两位小数", "an amount has at most two decimal places"),
    "money.not_finite": (
        "金额必须是有限的数(不能是 NaN 或 Infinity)",
        "an amount must be a finite number (not NaN or Infinity)",
    ),
    "money.not_a_number": (
        "金额必须是数字,例如 1234.50",
        "an amount must be a number, e.g. 1234.50",
    ),
    "money.float": ("金额须以十进制文本给出", "an amount must be given as decimal text"),
    "document.amount_format": (
        "{field_name}必须是金额,最多两位小数",
        "{field_name} must be an amount of money with at most two decimals",
    ),
    "document.amount_negative": ("{field_name}不能为负数", "{field_name} cannot be negative"),
    "document.reversal_positive": (
        "红字冲销单据的{field_name}必须为负数",
        "{field_name} of a reversal must be negative",
    ),
    "document.amount_zero": ("{field_name}不能为零", "{field_name} cannot be zero"),
    "document.field_required": ("请填写{field_name}", "{field_name} is required"),
    "document.amount_needs_confirmation": (
        "{field_name}达到 {threshold} 元,需再次输入金额核对(二次核对)",
        "{field_name} is {threshold} or more and must be typed a second time",
    ),
    "voucher.line_both_sides": (
        "第 {line} 行不能同时有借方和贷方金额",
        "Line {line} cannot have both a debit and a credit",
    ),
    "voucher.line_zero": (
        "第 {line} 行必须有借方或贷方金额,且不能为零",
        "Line {line} needs a debit or a credit, and it cannot be zero",
    ),
    "voucher.too_few_lines": (
        "凭证至少需要两行分录(现有 {count} 行)",
        "A voucher needs at least two lines (it has {count})",
    ),
    "voucher.unbalanced": (
        "借贷不平衡:借方合计 {debit},贷方合计 {credit}",
        "Debit and credit do not balance: debit {debit}, credit {credit}",
    ),
    "reference.unknown": (
        "{field_name}不存在(编号 {id})",
        "{field_name} does not exist (id {id})",
    ),
    "reference.inactive": (
        "{field_name}“{code} {name}”已停用",
        "{field_name} '{code} {name}' is no longer in use",
    ),
    "reference.not_leaf": (
        "{field_name}“{code} {name}”不是末级,请选择其下级",
        "{field_name} '{code} {name}' has sub-codes; choose one of them",
    ),
    "period.not_found": (
        "没有 {year} 年 {month} 月这个会计期间",
        "There is no period {year}-{month}",
    ),
    "period.already_closed": ("{year} 年 {month} 月已结账", "{year}-{month} is already closed"),
    "period.not_closed": ("{year} 年 {month} 月未结账,无需反结账", "{year}-{month} is not closed"),
    "period.not_ready": (
        "{year} 年 {month} 月还有 {count} 张单据未处理完或凭证不平衡,不能结账",
        "{year}-{month} cannot be closed: {count} documents are unfinished or unbalanced",
    ),
    "period.reason_required": ("请填写{field_name}", "{field_name} is required"),
    "period.closed": (
        "{year} 年 {month} 月已结账,不能录入该期间的单据",
        "Period {year}-{month:02d} is closed; nothing dated in it can be entered",
    ),
    "period.closed_after": (
        "{year} 年 {month} 月已结账,不能录入此前日期的单据",
        "Period {year}-{month:02d} is closed; nothing dated before it can be entered",
    ),
    "period.reopen_pending": (
        "{period} 的反结账申请正等待审批,处理完之前不能结账其后的月份",
        "Reopening {period} is waiting for approval; later months cannot close until it is decided",
    ),
    "period.not_ended": (
        "{year} 年 {month} 月尚未结束,月末之后才能结账",
        "{year}-{month:02d} has not ended yet; it can be closed after its last day",
    ),
    "period.earlier_open": (
        "{year} 年 {month} 月尚未结账,请按月份顺序结账",
        "{year}-{month:02d} is still open; close the months in order",
    ),
    "period.later_closed": (
        "{year} 年 {month} 月已结账,请先反结账其后的月份",
        "{year}-{month:02d} is closed; reopen the later months first",
    ),
    "export.not_allowed": (
        "您没有导出权限(导出权限由系统管理员设置)",
        "You have no export right (the administrator sets export rights)",
    ),
    "export_right.unknown_user": ("没有该用户", "No such user"),
    "export.busy": (
        "您已有 {count} 个导出任务正在进行,请等其完成后再导出",
        "You already have {count} exports running; wait for one to finish",
    ),
    "export.not_found": ("导出任务不存在:{id}", "No such export: {id}"),
    "export.not_ready": (
        "导出文件尚未生成或已被下载",
        "The export file is not ready or was already fetched",
    ),
    "export.session_ended": (
        "导出期间登录已结束(退出、被强制下线或账号被停用),导出已停止",
        "The login that started the export ended (logout, forced logout or account disabled)",
    ),
    "export.interrupted": (
        "处理导出的服务器进程已停止(重新启动或故障),导出被中断,请重新导出",
        "The server process writing the export stopped (restart or failure); export again",
    ),
    "export.stalled": (
        "导出已 {minutes} 分钟没有进展,已放弃,请稍后重试",
        "The export made no progress for {minutes} minutes and was given up; try again later",
    ),
    "export.failed": ("导出失败,已记录,请联系系统管理员", "The export failed; it has been logged"),
    "document.not_found": ("单据不存在:{document_id}", "No such document: {document_id}"),
    "document.unit_out_of_scope": (
        "无权处理该预算单位的单据",
        "That budget unit is outside your scope",
    ),
    "document.not_maker": (
        "只有制单人本人可以修改、提交、收回或删除该单据",
        "Only the maker can edit, submit, recall or delete this document",
    ),
    "document.stale": (
        "单据已被修改(当前版本 {current}),您的输入仍保留在屏幕上,请核对后重新保存",
        "The document changed meanwhile (now version {current}); your input is kept on "
        "screen: check it and save again",
    ),
    "document.not_editable": (
        "单据状态为“{status_zh}”,不能修改",
        "The document is {status_en} and cannot be changed",
    ),
    "document.kind_mismatch": (
        "不能把{current}单据改成另一种单据",
        "A {current} document cannot become another kind",
    ),
    "document.possible_duplicate": (
        "可能重复:{days} 天内已有同单位、同项目、同金额、同对方的单据 {others},请填写确认理由",
        "Possible duplicate of {others} (same unit, item, amount and counterparty within "
        "{days} days); give a reason to go on",
    ),
    "document.delete_reason_required": (
        "删除草稿必须填写原因",
        "Deleting a draft needs a reason",
    ),
    "document.not_recallable": (
        "审核人已处理或单据未提交,不能收回",
        "A reviewer has acted or the document is not submitted; it cannot be recalled",
    ),
    "document.not_reversible": (
        "只有已审核或已记账的单据可以红字冲销",
        "Only approved or posted documents can be reversed",
    ),
    "document.already_reversed": (
        "该单据已有冲销单据 {reversal}",
        "This document already has a reversal: {reversal}",
    ),
    "document.reverse_the_record": (
        "该凭证由单据 {source} 生成,请冲销原单据",
        "This voucher was produced by {source}; reverse that record instead",
    ),
    "document.period_fixed": (
        "单据已在 {year} 年 {month} 月编号,日期只能在该期间内修改",
        "The document was numbered in {year}-{month:02d}; its date can only change within "
        "that period",
    ),
    "document.numbered_not_deletable": (
        "单据 {number} 已编号,删除会造成断号;请重新提交,由审核人驳回",
        "Document {number} has been given a number and deleting it would leave a gap; "
        "submit it again and let the reviewer reject it",
    ),
    "document.reversal_fixed": (
        "红字冲销单据的{field_name}必须与原单据一致",
        "{field_name} of a reversal must stay as in the original",
    ),
    "document.reversal_line_exceeds": (
        "冲销凭证第 {line} 行金额不能超过原凭证该行金额 {original}",
        "Line {line} of a reversal cannot exceed the original line's {original}",
    ),
    "document.date_out_of_range": (
        "{field_name}必须在 {first} 至 {last} 之间",
        "{field_name} must lie between {first} and {last}",
    ),
    "document.reversal_exceeds": (
        "冲销金额不能超过原单据金额 {original}",
        "A reversal cannot exceed the original amount {original}",
    ),
    "posting.no_rule": (
        "没有适用于{kind}项目 {code} 的入账规则,请联系系统管理员",
        "No posting rule applies to {kind} item {code}; ask an administrator",
    ),
    "import.empty": ("文件中没有数据行", "The file has no data rows"),
    "import.rejected": (
        "文件未导入:{rows} 行共 {count} 处错误,请查看逐行错误报告,改正后重新导入",
        "Nothing was imported: {count} problems in {rows} rows; see the row-by-row report, "
        "correct the file and import it again",
    ),
    "import.unknown_code": (
        "{field_name}编码“{code}”不存在",
        "{field_name} code '{code}' does not exist",
    ),
    "import.bad_date": (
        "日期“{value}”无法识别,应为 2026-11-02 这样的格式",
        "Date '{value}' is not understood; write it like 2026-11-02",
    ),
    "import.bad_number": ("{field_name}必须是整数", "{field_name} must be a whole number"),
    "import.bad_choice": (
        "{field_name}的取值不在可选范围内",
        "{field_name} is not one of the choices",
    ),
    "import.bad_row": ("该行无法读取:{detail}", "The row cannot be read: {detail}"),
    "idempotency.key_required": (
        "请求缺少幂等键(Idempotency-Key)",
        "The request needs an Idempotency-Key header",
    ),
    "idempotency.key_reused": (
        "同一幂等键已用于另一个请求",
        "That Idempotency-Key was already used for a different request",
    ),
}

# A document's status in words, for the messages that name it ({status_zh}/{status_en}).
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "a draft"),
    "submitted": ("已提交", "submitted"),
    "in_review": ("审核中", "in review"),
    "approved": ("已审核", "approved"),
    "rejected": ("已驳回", "rejected"),
    "returned": ("已退回", "returned for correction"),
    "posted": ("已记账", "posted"),
}


def status_params(status: str) -> dict[str, Any]:
    """The params of a message about a document's status, in both languages."""
    zh, en = STATUS_NAMES.get(status, (status, status))
    return {"status_name": status, "status_zh": zh, "status_en": en}


FIELD_NAMES: dict[str, tuple[str, str]] = {
    "email": ("电子邮件地址", "E-mail address"),
    "from_address": ("发件人地址", "Sender's address"),
    "host": ("邮件服务器", "Mail server"),
    "to": ("收件人", "Recipient"),
    "amount": ("金额", "Amount"),
    "doc_date": ("日期", "Date"),
    "unit_id": ("预算单位", "Budget unit"),
    "income_item_id": ("收入项目", "Income item"),
    "functional_item_id": ("功能分类", "Functional item"),
    "economic_item_id": ("经济分类", "Economic item"),
    "payer": ("缴款人", "Payer"),
    "payee": ("收款人", "Payee"),
    "payee_account": ("收款账号", "Payee account"),
    "payee_bank": ("开户银行", "Payee bank"),
    "payment_method": ("支付方式", "Payment method"),
    "summary": ("摘要", "Summary"),
    "lines": ("分录", "Lines"),
    "account_id": ("会计科目", "Account"),
    "debit": ("借方金额", "debit"),
    "credit": ("贷方金额", "credit"),
    "duplicate_reason": ("判重确认理由", "Duplicate reason"),
    "reason": ("原因", "Reason"),
    "voucher_type": ("凭证字", "Voucher type"),
    "attachment_count": ("附件张数", "Attachments"),
    "paper_reason": ("纸质附件说明", "Paper pages kept outside"),
    "file": ("附件文件", "File"),
    "attachments": ("附件", "Attachments"),
    "opinion": ("审批意见", "Opinion"),
    "to_user_id": ("被委托人", "Delegate"),
    "delegate_id": ("代理审批人", "Stand-in"),
    "priority": ("优先顺序", "Priority"),
    "after": ("翻页标记", "Page token"),
    "date_to": ("截止日期", "End date"),
    "date_from": ("开始日期", "Start date"),
    "max_amount": ("金额上限", "Maximum amount"),
    "min_amount": ("金额下限", "Minimum amount"),
    "amount_min": ("金额下限", "Minimum amount"),
    "amount_max": ("金额上限", "Maximum amount"),
    "monthly_limit": ("月度累计限额", "Monthly limit"),
    "confirmed_amounts": ("二次核对金额", "Amounts typed again"),
    "starts_on": ("开始日期", "Start date"),
    "ends_on": ("结束日期", "End date"),
    "note": ("审批说明", "Note"),
    "kind": ("类别", "Kind"),
    "direction": ("调整方向", "Direction"),
    "year": ("年度", "Year"),
    "unit_code": ("预算单位编码", "Unit code"),
    "functional_code": ("功能分类编码", "Functional item code"),
    "economic_code": ("经济分类编码", "Economic item code"),
    "text": ("摘要或对方", "Words"),
    "statuses": ("状态", "Status"),
    "maker_id": ("制单人", "Maker"),
    "reviewer_id": ("审核人", "Reviewer"),
    "item_id": ("收支科目", "Budget item"),
    "number": ("单据号", "Number"),
    "series": ("单据字", "Series"),
    "account": ("会计科目", "Account"),
}

_LINE_FIELD = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?$")


def field_name(field: str, *, chinese: bool) -> str:
    """The field's name for people: ``lines[2].debit`` → 第 3 行借方金额 / Line 3 debit."""
    pick = 0 if chinese else 1
    match = _LINE_FIELD.match(field)
    if match:
        line = int(match.group(1)) + 1
        part = FIELD_NAMES.get(match.group(2) or "", ("", ""))[pick]
        return f"第 {line} 行{part}" if chinese else f"Line {line} {part}".rstrip()
    names = FIELD_NAMES.get(field)
    return names[pick] if names else field
