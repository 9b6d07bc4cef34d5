"""What the workbench calls documents, their states, authority levels and review
actions, in the user's language (the enums are the server's words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from common.enums import DocumentKind, DocumentStatus, ReviewAction, ReviewLevel


def kind_name(kind: DocumentKind) -> str:
    return {
        DocumentKind.INCOME: QCoreApplication.translate("Documents", "收入"),
        DocumentKind.EXPENDITURE: QCoreApplication.translate("Documents", "支出"),
        DocumentKind.VOUCHER: QCoreApplication.translate("Documents", "凭证"),
    }[kind]


def status_name(status: DocumentStatus) -> str:
    return {
        DocumentStatus.DRAFT: QCoreApplication.translate("Documents", "草稿"),
        DocumentStatus.SUBMITTED: QCoreApplication.translate("Documents", "已提交"),
        DocumentStatus.IN_REVIEW: QCoreApplication.translate("Documents", "审核中"),
        DocumentStatus.APPROVED: QCoreApplication.translate("Documents", "已审核"),
        DocumentStatus.REJECTED: QCoreApplication.translate("Documents", "已驳回"),
        DocumentStatus.RETURNED: QCoreApplication.translate("Documents", "已退回"),
        DocumentStatus.POSTED: QCoreApplication.translate("Documents", "已记账"),
    }[status]


def level_name(level: ReviewLevel | None) -> str:
    if level is None:
        return ""
    return {
        ReviewLevel.SUPERVISOR: QCoreApplication.translate("Review", "业务主管"),
        ReviewLevel.MANAGER: QCoreApplication.translate("Review", "管理岗"),
        ReviewLevel.LEADER: QCoreApplication.translate("Review", "分管领导"),
    }[level]


def action_name(action: ReviewAction) -> str:
    return {
        ReviewAction.SUBMITTED: QCoreApplication.translate("Review", "提交"),
        ReviewAction.APPROVED: QCoreApplication.translate("Review", "审核通过"),
        ReviewAction.REJECTED: QCoreApplication.translate("Review", "审核不通过"),
        ReviewAction.RETURNED: QCoreApplication.translate("Review", "退回修改"),
        ReviewAction.DELEGATED: QCoreApplication.translate("Review", "委托"),
        ReviewAction.RECALLED: QCoreApplication.translate("Review", "收回"),
    }[action]
