"""Human words for the server's codes: every enum value and every operation-log
action, in every language of the UI.

One table, used by the workbench, the admin console and the server's Excel and PDF
output, so a status reads 已退回 wherever it appears and never ``returned``. Each
entry is (zh_CN, en) in the order of :class:`common.enums.Language`; a new
language adds one column. tests/common/test_labels.py walks every enum and every
action code in the code and fails on one without words.
"""

from __future__ import annotations

from enum import StrEnum

from common.enums import (
    DeadlineState,
    DocumentKind,
    DocumentStatus,
    ItemKind,
    Language,
    NormalSide,
    NotificationKind,
    PaymentMethod,
    QuotaDirection,
    ReviewAction,
    ReviewLevel,
    Role,
    VoucherType,
)
from common.export_rights import ExportScope
from common.permissions import Permission
from common.reference_admin import KIND_NAMES as REF_KIND_NAMES
from common.reference_admin import RefKind
from common.schemas.admin_requests import RequestAction, RequestState
from common.schemas.alerts import AlertKind
from common.schemas.announcements import AnnouncementKind
from common.schemas.attachments import AttachmentType
from common.schemas.backups import RunState
from common.schemas.client_versions import ClientPlatform
from common.schemas.export_jobs import ExportState
from common.schemas.handover import PendingKind
from common.schemas.mail import MailSecurity, MailState
from common.schemas.parameters import ParameterGroup, ParameterKind
from common.schemas.posting import PostingStage, SignOffWay
from common.schemas.report_exports import ReportName
from common.schemas.report_versions import VersionState
from common.schemas.reports import EfficiencyBy, SummaryBy
from common.schemas.restores import RestoreSource
from common.schemas.search import SortKey
from common.schemas.statements import StatementKind
from common.schemas.system_status import BackupState
from common.schemas.year_end import YearEndStep

Words = tuple[str, str]  # (zh_CN, en)

ENUM_LABELS: dict[type[StrEnum], dict[str, Words]] = {
    Language: {"zh_CN": ("简体中文", "Simplified Chinese"), "en": ("英文", "English")},
    Role: {
        "clerk": ("业务操作员", "Clerk"),
        "reviewer": ("审核员", "Reviewer"),
        "analyst": ("统计分析员", "Analyst"),
        "admin": ("系统管理员", "Administrator"),
        "auditor": ("审计员", "Auditor"),
        "poster": ("记账员", "Poster"),
        "cashier": ("出纳", "Cashier"),
    },
    NormalSide: {"debit": ("借", "Debit"), "credit": ("贷", "Credit")},
    ItemKind: {
        "income": ("收入分类", "Income classification"),
        "functional": ("支出功能分类", "Functional classification"),
        "economic": ("支出经济分类", "Economic classification"),
    },
    DocumentKind: {
        "income": ("收入", "Income"),
        "expenditure": ("支出", "Expenditure"),
        "voucher": ("凭证", "Voucher"),
        "quota_adjustment": ("指标调整", "Quota adjustment"),
    },
    QuotaDirection: {"increase": ("追加", "Increase"), "decrease": ("调减", "Decrease")},
    DocumentStatus: {
        "draft": ("草稿", "Draft"),
        "submitted": ("已提交", "Submitted"),
        "in_review": ("审核中", "In review"),
        "approved": ("已审核", "Approved"),
        "rejected": ("已驳回", "Rejected"),
        "returned": ("已退回", "Returned"),
        "posted": ("已记账", "Posted"),
    },
    VoucherType: {
        "记": ("记账凭证", "General voucher"),
        "收": ("收款凭证", "Receipt voucher"),
        "付": ("付款凭证", "Payment voucher"),
        "转": ("转账凭证", "Transfer voucher"),
    },
    PaymentMethod: {"direct": ("直接支付", "Direct"), "authorised": ("授权支付", "Authorised")},
    ReviewLevel: {
        "supervisor": ("业务主管", "Supervisor"),
        "manager": ("管理岗", "Manager"),
        "leader": ("分管领导", "Leader"),
    },
    ReviewAction: {
        "submitted": ("提交", "Submitted"),
        "approved": ("审核通过", "Approved"),
        "rejected": ("审核不通过", "Rejected"),
        "returned": ("退回修改", "Returned for correction"),
        "delegated": ("委托", "Delegated"),
        "recalled": ("收回", "Recalled"),
        "taken_back": ("收回审批", "Approval taken back"),
        "urged": ("督办", "Urged"),
    },
    DeadlineState: {
        "green": ("正常", "On time"),
        "yellow": ("即将逾期", "Due soon"),
        "red": ("已逾期", "Overdue"),
    },
    NotificationKind: {
        "new_work": ("新待办", "New work"),
        "decided": ("审批结果", "Decision"),
        "due_soon": ("督办提醒", "Due soon"),
        "delegated": ("委托给我", "Delegated to me"),
        "urged": ("督办催办", "Urged to act"),
    },
    Permission: {
        "documents.enter": ("录入单据", "Enter documents"),
        "reviews.decide": ("审核审批", "Decide reviews"),
        "reviews.absence": ("休假委托", "Leave and stand-ins"),
        "documents.query": ("查询与导出", "Query and export"),
        "reports.view": ("统计报表", "Reports"),
        "audit.monitor": ("审计监控", "Audit and monitoring"),
        "system.administer": ("系统管理", "Administration"),
        "vouchers.post": ("记账", "Posting"),
        "vouchers.cashier_sign": ("出纳签字", "Cashier sign-off"),
        "statements.layout": ("报表格式", "Statement layouts"),
        "reports.sign": ("报表审核", "Report sign-off"),
    },
    RefKind: {kind.value: words for kind, words in REF_KIND_NAMES.items()},
    ExportScope: {
        "none": ("不可导出", "No export"),
        "own": ("本人录入的单据", "Documents they made"),
        "decided": ("本人审批过的单据", "Documents they decided"),
        "units": ("单位范围内全部", "Everything in their units"),
    },
    RequestAction: {
        "period.reopen": ("反结账", "Reopen a period"),
        "user.grant": ("授予管理员/审计员岗位", "Grant an administrator or auditor role"),
        "user.reset_second_factor": ("重置动态口令", "Reset an authenticator"),
        "restore.plan": ("数据恢复", "Restore the database"),
        "parameters.change": ("放宽安全参数", "Relax security parameters"),
    },
    RequestState: {
        "pending": ("待批准", "Pending"),
        "approved": ("已批准", "Approved"),
        "refused": ("已拒绝", "Refused"),
        "withdrawn": ("已撤回", "Withdrawn"),
    },
    AlertKind: {
        "failed_logins": ("连续登录失败", "Repeated failed logins"),
        "account_locked": ("账户锁定", "Account locked"),
        "unusual_hour": ("非工作时间登录", "Login at an unusual hour"),
        "large_export": ("大批量导出", "Large export"),
        "permission_change": ("权限变更", "Permission change"),
        "backup": ("备份异常", "Backup problem"),
        "secret_tampered": ("动态口令密钥被篡改", "Authenticator secret tampered with"),
        "database_role": ("数据库账户权限过大", "Database role too powerful"),
    },
    RunState: {
        "idle": ("空闲", "Idle"),
        "running": ("进行中", "Running"),
        "done": ("已完成", "Done"),
        "failed": ("失败", "Failed"),
    },
    ExportState: {
        "running": ("正在导出", "Running"),
        "done": ("已完成", "Done"),
        "failed": ("失败", "Failed"),
        "cancelled": ("已取消", "Cancelled"),
        "collected": ("已下载", "Downloaded"),
    },
    PendingKind: {
        "review_step": ("待审批事项", "Review step"),
        "document": ("待处理单据", "Document"),
    },
    ParameterKind: {
        "integer": ("整数", "Whole number"),
        "boolean": ("开关", "On/off"),
        "money": ("金额", "Amount"),
        "time": ("时间", "Time"),
        "version": ("版本号", "Version"),
    },
    ParameterGroup: {
        "password": ("密码策略", "Password policy"),
        "lockout": ("登录锁定", "Login lockout"),
        "idle": ("空闲锁定", "Idle lock"),
        "thresholds": ("阈值", "Thresholds"),
        "backup": ("备份计划与保留", "Backup schedule and retention"),
        "four_eyes": ("双人复核", "Four eyes"),
        "client": ("客户端版本", "Client version"),
        "posting": ("记账", "Posting"),
        "quotas": ("预算指标", "Budget quotas"),
    },
    ClientPlatform: {"windows": ("Windows 版", "Windows"), "linux": ("Linux 版", "Linux")},
    AttachmentType: {
        "application/pdf": ("PDF 文档", "PDF document"),
        "image/jpeg": ("JPEG 图片", "JPEG image"),
        "image/png": ("PNG 图片", "PNG image"),
        "image/tiff": ("TIFF 图片", "TIFF image"),
        "application/ofd": ("OFD 版式文件", "OFD document"),
    },
    SummaryBy: {
        "unit": ("按单位", "By unit"),
        "item": ("按项目", "By item"),
        "month": ("按月", "By month"),
    },
    EfficiencyBy: {
        "reviewer": ("按审核人", "By reviewer"),
        "unit": ("按单位", "By unit"),
        "month": ("按月", "By month"),
    },
    ReportName: {  # as the reports screen's list names them
        "balances": ("科目余额表", "Account balances"),
        "general_ledger": ("总账", "General ledger"),
        "detail_ledger": ("明细账", "Detail ledger"),
        "summary": ("收支汇总表", "Income and expenditure summary"),
        "efficiency": ("审批效率", "Approval efficiency"),
        "daily_operations": ("日常业务量", "Daily operations"),
        "usage": ("系统使用情况", "System usage"),
        "balance_sheet": ("资产负债表", "Balance sheet"),
        "income_expense": ("收入费用表", "Income and expense statement"),
        "budget_execution": ("预算收入支出表", "Budget revenue and expenditure statement"),
    },
    VersionState: {
        "prepared": ("待审核", "Awaiting sign-off"),
        "signed": ("已审核", "Signed off"),
        "returned": ("已退回", "Returned"),
    },
    SignOffWay: {
        "automatic": ("终审通过时自动记账", "Posted at final approval"),
        "manual": ("人工", "By hand"),
        "close": ("结账时记账", "Posted at the month's close"),
    },
    AnnouncementKind: {
        "general": ("通知", "Notice"),
        "maintenance": ("系统维护", "Maintenance"),
        "upgrade": ("升级", "Upgrade"),
    },
    MailSecurity: {
        "none": ("不加密", "No encryption"),
        "starttls": ("STARTTLS 加密", "STARTTLS"),
        "tls": ("SSL/TLS 加密", "SSL/TLS"),
    },
    MailState: {
        "queued": ("待发送", "Queued"),
        "sent": ("已发送", "Sent"),
        "failed": ("发送失败", "Failed"),
    },
    StatementKind: {
        "balance-sheet": ("资产负债表", "Balance sheet"),
        "income-expense": ("收入费用表", "Income and expense statement"),
        "budget-execution": ("预算收入支出表", "Budget revenue and expenditure statement"),
    },
    YearEndStep: {
        "surplus": ("结转本期盈余", "Income and expense to the period's surplus"),
        "distribution": ("结转本年盈余分配", "Surplus to its distribution"),
        "accumulated": ("结转累计盈余", "Distribution to accumulated surplus"),
        "budget": ("预算结转", "Budget carry-over"),
    },
    PostingStage: {
        "cashier": ("待出纳签字", "Awaiting the cashier"),
        "post": ("待记账", "Awaiting posting"),
    },
    RestoreSource: {
        "backup": ("备份文件", "Backup file"),
        "point_in_time": ("指定时间点", "Point in time"),
    },
    SortKey: {
        "doc_date": ("单据日期", "Document date"),
        "amount": ("金额", "Amount"),
        "updated_at": ("最后修改", "Last changed"),
    },
    BackupState: {
        "verified": ("已验证", "Verified"),
        "verification_failed": ("验证失败", "Verification failed"),
        "not_verified": ("未验证", "Not verified"),
    },
}

# Every action the operation log records (server/services/core/audit.py).
ACTION_LABELS: dict[str, Words] = {
    "quota.set": ("设置预算指标", "Budget quota set"),
    "quota.imported": ("导入预算指标", "Budget quotas imported"),
    "login.succeeded": ("登录成功", "Logged in"),
    "login.failed": ("登录失败", "Login failed"),
    "login.password_accepted": ("密码验证通过", "Password accepted"),
    "login.code_accepted": ("动态口令验证通过", "Authenticator code accepted"),
    "login.recovery_code_used": ("使用恢复码登录", "Recovery code used"),
    "login.refused_locked": ("账户已锁定,拒绝登录", "Login refused: account locked"),
    "account.locked": ("账户被锁定", "Account locked"),
    "auth.secret_tampered": ("动态口令密钥被篡改", "Authenticator secret tampered with"),
    "reverify.succeeded": ("重新验证动态口令", "Code re-verified"),
    "second_factor.enrolled": ("绑定动态口令", "Authenticator enrolled"),
    "logout": ("退出登录", "Logged out"),
    "screen.locked": ("锁定屏幕", "Screen locked"),
    "screen.unlocked": ("解锁屏幕", "Screen unlocked"),
    "session.expired": ("会话过期", "Session expired"),
    "session.revoked": ("会话被终止", "Session ended"),
    "password.changed": ("修改密码", "Password changed"),
    "user.created": ("新建用户", "User created"),
    "user.access_changed": ("修改岗位与单位范围", "Roles and units changed"),
    "user.disabled": ("停用用户", "User disabled"),
    "user.enabled": ("启用用户", "User enabled"),
    "user.unlocked": ("解锁用户", "User unlocked"),
    "user.password_reset": ("重置密码", "Password reset"),
    "user.second_factor_reset": ("重置动态口令", "Authenticator reset"),
    "user.work_transferred": ("移交工作", "Work handed over"),
    "admin_request.submitted": ("提交双人复核申请", "Four-eyes request filed"),
    "admin_request.approved": ("批准双人复核申请", "Four-eyes request approved"),
    "admin_request.refused": ("拒绝双人复核申请", "Four-eyes request refused"),
    "admin_request.withdrawn": ("撤回双人复核申请", "Four-eyes request withdrawn"),
    "document.created": ("新建单据", "Document created"),
    "document.updated": ("修改单据", "Document changed"),
    "document.deleted": ("删除草稿", "Draft deleted"),
    "document.submitted": ("提交单据", "Document submitted"),
    "document.recalled": ("收回单据", "Document recalled"),
    "document.approved": ("审核通过", "Approved"),
    "document.posted": ("记账", "Voucher posted"),
    "document.cashier_signed": ("出纳签字", "Cashier signed"),
    "document.rejected": ("审核不通过", "Rejected"),
    "document.returned": ("退回修改", "Returned for correction"),
    "document.delegated": ("委托审批", "Review delegated"),
    "document.reversal_created": ("红字冲销", "Reversal created"),
    "document.transferred": ("单据移交", "Document handed over"),
    "documents.imported": ("批量导入单据", "Documents imported"),
    "attachment.added": ("上传附件", "Attachment added"),
    "attachment.deleted": ("删除附件", "Attachment removed"),
    "attachment.downloaded": ("查看附件", "Attachment opened"),
    "review_step.transferred": ("审批事项移交", "Review step handed over"),
    "review.absence_filed": ("登记休假委托", "Leave filed"),
    "review.absence_cancelled": ("取消休假委托", "Leave cancelled"),
    "approval_rule.created": ("新建审批规则", "Approval rule created"),
    "approval_rule.changed": ("修改审批规则", "Approval rule changed"),
    "approval_post.changed": ("修改审批岗位", "Approval post changed"),
    "calendar.changed": ("修改工作日历", "Calendar changed"),
    "calendar.year_replaced": ("导入全年节假日安排", "Year's holidays imported"),
    "document.taken_back": ("收回审批", "Approval taken back"),
    "document.urged": ("督办", "Urged"),
    "export_right.changed": ("修改导出权限", "Export right changed"),
    "parameter.changed": ("修改系统参数", "Parameter changed"),
    "client_installer.uploaded": ("上传客户端安装包", "Client installer uploaded"),
    "period.closed": ("结账", "Period closed"),
    "opening_balances.saved": ("保存期初余额", "Opening balances saved"),
    "statement_layout.changed": ("调整报表格式", "Statement layout changed"),
    "year_end.closed": ("年结", "Year closed"),
    "announcement.published": ("发布公告", "Announcement published"),
    "announcement.withdrawn": ("撤下公告", "Announcement withdrawn"),
    "mail_settings.changed": ("修改邮件服务器设置", "Mail server settings changed"),
    "mail.test_queued": ("发送测试邮件", "Test e-mail sent"),
    "mail.retried": ("重试发送邮件", "E-mail retried"),
    "notification_settings.changed": ("修改用户邮件通知", "User's e-mail notifications changed"),
    "period.reopened": ("反结账", "Period reopened"),
    "report_version.prepared": ("保存报表版本", "Report version saved"),
    "report_version.signed": ("报表审核签字", "Report version signed"),
    "report_version.returned": ("退回报表版本", "Report version returned"),
    "reference.created": ("新增基础数据", "Reference data added"),
    "reference.changed": ("修改基础数据", "Reference data changed"),
    "reference.imported": ("导入基础数据", "Reference data imported"),
    "reference.exported": ("导出基础数据", "Reference data exported"),
    "export.documents": ("导出单据", "Documents exported"),
    "export.report": ("导出报表", "Report exported"),
    "export.archive": ("导出电子档案", "Archive PDF exported"),
    "audit.exported": ("导出操作日志", "Operation log exported"),
    "backup.created": ("备份", "Backup made"),
    "backup.failed": ("备份失败", "Backup failed"),
    "backup.verified": ("备份验证通过", "Backup verified"),
    "backup.verify_failed": ("备份验证失败", "Backup verification failed"),
    "backup.base_created": ("基础备份", "Base backup made"),
    "backup.base_failed": ("基础备份失败", "Base backup failed"),
    "backup.base_shipped": ("基础备份异地复制", "Base backup copied off-site"),
    "backup.offsite_failed": ("异地复制失败", "Off-site copy failed"),
    "backup.key_confirmed": ("确认备份密钥已离线保存", "Backup key export confirmed"),
    "restore.completed": ("恢复完成", "Restore completed"),
    "restore.failed": ("恢复失败", "Restore failed"),
    "restore.old_dropped": ("删除恢复前的旧数据库", "Old database dropped"),
}


def _column(language: Language) -> int:
    return list(Language).index(language)


def label(value: StrEnum, language: Language) -> str:
    """The words for one enum value; KeyError for one missing (the test sees it first)."""
    return ENUM_LABELS[type(value)][value.value][_column(language)]


def action_label(action: str, language: Language) -> str:
    """The words for an operation-log action; an action this version does not know
    (a newer server's) keeps its code rather than vanish."""
    words = ACTION_LABELS.get(action)
    return words[_column(language)] if words else action
