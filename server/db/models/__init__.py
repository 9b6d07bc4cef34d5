"""All tables; importing this package registers them on ``Base.metadata``."""

from server.db.models.admin_requests import AdminRequest
from server.db.models.announcements import Announcement
from server.db.models.approvals import (
    ApprovalAction,
    ApprovalRule,
    ApprovalStep,
    CalendarDay,
    Notification,
    ReviewerAbsence,
    ReviewerPost,
)
from server.db.models.attachments import (
    AttachmentBlob,
    AttachmentChunk,
    AttachmentOpening,
    DocumentAttachment,
)
from server.db.models.audit import AuditRecord
from server.db.models.auth import LoginTicket, PasswordHistory, RecoveryCode, UserSession
from server.db.models.base import Base
from server.db.models.client_installers import ClientInstaller
from server.db.models.documents import (
    Document,
    IdempotentRequest,
    LedgerMonthTotal,
    NumberSequence,
    VoucherLine,
)
from server.db.models.export_jobs import ExportFile, ExportJob, ExportRight
from server.db.models.faq import FaqEntry
from server.db.models.feedback import FeedbackReply, FeedbackReport
from server.db.models.ledger import LedgerSignOff
from server.db.models.mail import MailMessage, MailPreference, MailSettings
from server.db.models.openings import OpeningBalance, UnitOpening
from server.db.models.params import SystemParameter
from server.db.models.quotas import BudgetQuota
from server.db.models.reference import Account, BudgetItem, FiscalPeriod, PostingRule
from server.db.models.report_versions import ReportVersion, ReportVersionDecision
from server.db.models.shared_state import (
    BackupRunState,
    LoginAttempt,
    MaintenanceState,
    ServerProcessState,
)
from server.db.models.statements import StatementLayoutLine
from server.db.models.units import BudgetUnit
from server.db.models.users import User, UserRole, UserUnit
from server.db.models.year_end import YearEndEntry, YearEndLine

__all__ = [
    "Account",
    "AdminRequest",
    "Announcement",
    "ApprovalAction",
    "ApprovalRule",
    "ApprovalStep",
    "AttachmentBlob",
    "AttachmentChunk",
    "AttachmentOpening",
    "AuditRecord",
    "BackupRunState",
    "Base",
    "BudgetItem",
    "BudgetQuota",
    "BudgetUnit",
    "CalendarDay",
    "ClientInstaller",
    "Document",
    "DocumentAttachment",
    "ExportFile",
    "ExportJob",
    "ExportRight",
    "FaqEntry",
    "FeedbackReply",
    "FeedbackReport",
    "FiscalPeriod",
    "IdempotentRequest",
    "LedgerMonthTotal",
    "LedgerSignOff",
    "LoginAttempt",
    "LoginTicket",
    "MailMessage",
    "MailPreference",
    "MailSettings",
    "MaintenanceState",
    "Notification",
    "NumberSequence",
    "OpeningBalance",
    "PasswordHistory",
    "PostingRule",
    "RecoveryCode",
    "ReportVersion",
    "ReportVersionDecision",
    "ReviewerAbsence",
    "ReviewerPost",
    "ServerProcessState",
    "StatementLayoutLine",
    "SystemParameter",
    "UnitOpening",
    "User",
    "UserRole",
    "UserSession",
    "UserUnit",
    "VoucherLine",
    "YearEndEntry",
    "YearEndLine",
]
