"""An operation-log record in words: what changed as "字段: 旧值 → 新值", the
object as "单据 3056", for the console's log viewer and the server's log export.

The record itself keeps codes and JSON (its hash chain covers them); these words
are made when it is read, so a record written before a label changed reads in
today's words.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from common.document_messages import FIELD_NAMES
from common.enums import (
    DocumentKind,
    DocumentStatus,
    Language,
    NormalSide,
    NotificationKind,
    PaymentMethod,
    QuotaDirection,
    Role,
    VoucherType,
)
from common.export_rights import ExportScope
from common.labels import ENUM_LABELS, Words
from common.schemas.attachments import AttachmentType
from common.schemas.client_versions import ClientPlatform
from common.schemas.mail import MailSecurity

# Keys of the records' before/after that are not document fields (FIELD_NAMES).
AUDIT_FIELDS: dict[str, Words] = {
    "status": ("状态", "Status"),
    "roles": ("岗位", "Roles"),
    "unit_ids": ("单位范围", "Units"),
    "display_name": ("姓名", "Name"),
    "username": ("用户名", "Username"),
    "is_active": ("在用", "Active"),
    "locked": ("锁定", "Locked"),
    "lock_reason": ("锁定原因", "Lock reason"),
    "must_change_password": ("须修改密码", "Must change password"),
    "second_factor_enrolled": ("已绑定动态口令", "Authenticator enrolled"),
    "consecutive_failures": ("连续失败次数", "Consecutive failures"),
    "reason": ("原因", "Reason"),
    "delete_reason": ("删除原因", "Reason for deleting"),
    "duplicate_reason": ("重复说明", "Reason for a duplicate"),
    "note": ("说明", "Note"),
    "version": ("版本", "Version"),
    "number": ("编号", "Number"),
    "kind": ("类型", "Kind"),
    "document_kind": ("单据类型", "Document kind"),
    "voucher_type": ("凭证类型", "Voucher type"),
    "normal_side": ("余额方向", "Normal side"),
    "code": ("编码", "Code"),
    "name": ("名称", "Name"),
    "parent_code": ("上级编码", "Parent code"),
    "maker_id": ("制单人", "Maker"),
    "delegate_id": ("受托人", "Delegate"),
    "successor": ("接手人", "Successor"),
    "successor_id": ("接手人", "Successor"),
    "from_user": ("移交人", "Handed over by"),
    "from_user_id": ("移交人", "Handed over by"),
    "user_id": ("用户", "User"),
    "step": ("步骤", "Step"),
    "step_no": ("步骤", "Step"),
    "steps": ("审批步骤", "Steps"),
    "review_steps": ("审批步骤", "Review steps"),
    "min_amount": ("最低金额", "Minimum amount"),
    "max_amount": ("最高金额", "Maximum amount"),
    "priority": ("优先级", "Priority"),
    "lines": ("分录", "Lines"),
    "rows": ("行数", "Rows"),
    "changed": ("有变化的行数", "Rows changed"),
    "quota_direction": ("调整方向", "Direction"),
    "documents": ("单据数", "Documents"),
    "file_sha256": ("文件校验值", "File checksum"),
    "sha256": ("校验值", "Checksum"),
    "format": ("格式", "Format"),
    "filters": ("筛选条件", "Filters"),
    "truncated": ("已截断", "Truncated"),
    "posted": ("已记账", "Posted"),
    "submitted_at": ("提交时间", "Submitted at"),
    "closed_at": ("结账时间", "Closed at"),
    "target_time": ("恢复到", "Restore to"),
    "old_database": ("旧数据库", "Old database"),
    "source": ("来源", "Source"),
    "problems": ("问题", "Problems"),
    "checks": ("检查项", "Checks"),
    "forced": ("强制", "Forced"),
    "approved_by": ("批准人", "Approved by"),
    "requested_by": ("申请人", "Requested by"),
    "four_eyes": ("双人复核", "Four eyes"),
    "lockout_threshold": ("锁定阈值", "Lockout threshold"),
    "reverses_id": ("冲销的单据", "Reverses"),
    "voucher_id": ("凭证", "Voucher"),
    "scope": ("导出权限", "Export right"),
    "days": ("日期", "Days"),
    "platform": ("适用系统", "Platform"),
    "file_name": ("文件名", "File name"),
    "size": ("大小(字节)", "Size (bytes)"),
    "attachment_id": ("附件", "Attachment"),
    "report": ("报表", "Report"),
    "parameters": ("报表条件", "Report parameters"),
    "fingerprint": ("账簿指纹", "Ledger fingerprint"),
    "preparer": ("编制人", "Prepared by"),
    "media_type": ("文件类型", "File type"),
    "pages": ("页数", "Pages"),
    "attached_pages": ("附件页数", "Attached pages"),
    "enabled": ("启用", "Enabled"),
    "port": ("端口", "Port"),
    "security": ("加密方式", "Security"),
    "password_set": ("已设密码", "Password set"),
    "password_changed": ("修改了密码", "Password changed"),
    "attempts": ("尝试次数", "Attempts"),
    "error": ("错误", "Error"),
    "kinds": ("通知种类", "Notice kinds"),
}

TARGETS: dict[str, Words] = {
    "document": ("单据", "Document"),
    "user": ("用户", "User"),
    "session": ("会话", "Session"),
    "period": ("会计期间", "Period"),
    "backup": ("备份", "Backup"),
    "backup_key": ("备份密钥", "Backup key"),
    "database": ("数据库", "Database"),
    "parameter": ("系统参数", "Parameter"),
    "admin_request": ("双人复核申请", "Four-eyes request"),
    "approval_rule": ("审批规则", "Approval rule"),
    "calendar_day": ("工作日历", "Calendar day"),
    "calendar_year": ("全年节假日安排", "Year's calendar"),
    "role": ("岗位", "Role"),
    "absence": ("休假委托", "Leave"),
    "export": ("导出", "Export"),
    "import": ("导入", "Import"),
    "audit_log": ("操作日志", "Operation log"),
    "client_installer": ("客户端安装包", "Client installer"),
    "budget_quota": ("预算指标", "Budget quota"),
    "report_version": ("报表版本", "Report version"),
    "unit": ("预算单位", "Budget unit"),
    "statement_layout": ("报表格式", "Statement layout"),
    "year": ("年度", "Year"),
    "announcement": ("公告", "Announcement"),
    "mail_settings": ("邮件服务器设置", "Mail server settings"),
    "mail_message": ("邮件", "E-mail"),
}

# Keys whose values are codes of an enum, shown in that enum's words.
_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "status": DocumentStatus,
    "roles": Role,
    "document_kind": DocumentKind,
    "voucher_type": VoucherType,
    "normal_side": NormalSide,
    "payment_method": PaymentMethod,
    "quota_direction": QuotaDirection,
    "scope": ExportScope,
    "platform": ClientPlatform,
    "media_type": AttachmentType,
    "security": MailSecurity,
    "kinds": NotificationKind,
}


def _pick(words: Words, language: Language) -> str:
    return words[list(Language).index(language)]


def field_words(key: str, language: Language) -> str:
    words = AUDIT_FIELDS.get(key) or FIELD_NAMES.get(key)
    return _pick(words, language) if words else key


def value_words(key: str, value: Any, language: Language) -> str:
    """A value as people read it: words for codes, 是/否, lists joined."""
    zh = language is Language.ZH_CN
    if value is None or value == "":
        return "空" if zh else "empty"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, list):
        return ("、" if zh else ", ").join(value_words(key, item, language) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    enum = _ENUM_FIELDS.get(key)
    if enum is not None and isinstance(value, str):
        words = ENUM_LABELS[enum].get(value)
        if words:
            return _pick(words, language)
    return str(value)


def change_lines(
    before: dict[str, Any] | None, after: dict[str, Any] | None, language: Language
) -> list[str]:
    """One line a field: "状态: 草稿 → 已提交" for a change, "金额: 1,200.00" for a
    value only one side has (a creation, a deletion, an event's details)."""
    old, new = before or {}, after or {}
    lines = []
    for key in [*old, *(key for key in new if key not in old)]:
        name = field_words(key, language)
        if key in old and key in new:
            if old[key] == new[key]:
                continue
            was, now = value_words(key, old[key], language), value_words(key, new[key], language)
            lines.append(f"{name}: {was} → {now}")
        else:
            lines.append(f"{name}: {value_words(key, old.get(key, new.get(key)), language)}")
    return lines


def target_words(target_type: str, target_id: str, language: Language) -> str:
    words = TARGETS.get(target_type)
    kind = _pick(words, language) if words else target_type
    return f"{kind} {target_id}".strip()
