"""One icon set for both apps, and a tooltip with its shortcut on every action.

Icons come from QtAwesome's Material Design Icons (a font shipped in the wheel,
so they draw the same on every machine and scale with the screen). Which
button gets which icon and which shortcut it answers to is one table, keyed by
the button's object name, so a page only names its buttons and ``dress`` gives
them their look; tests/client/test_icons.py fails on a button left bare.
"""

from __future__ import annotations

from dataclasses import dataclass

import qtawesome
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QPushButton, QToolButton, QWidget

from client.widgets import look


@dataclass(frozen=True)
class Dress:
    icon: str  # a QtAwesome name
    keys: str = ""  # the shortcut the page installs for this button, shown in its tooltip


_SAVE, _REFRESH = "mdi6.content-save", "mdi6.refresh"
_EXCEL, _PRINT = "mdi6.microsoft-excel", "mdi6.printer"
_ARCHIVE = "mdi6.archive-arrow-down-outline"  # 导出电子档案

BUTTONS: dict[str, Dress] = {
    # entry screens
    "newDocument": Dress("mdi6.file-plus-outline"),
    "saveDraft": Dress(_SAVE, "Ctrl+S"),
    "submitDocument": Dress("mdi6.send", "Ctrl+Enter"),
    "printPreview": Dress(_PRINT),
    "saveTemplate": Dress("mdi6.file-download-outline"),
    "importFile": Dress("mdi6.file-upload-outline"),
    "addLine": Dress("mdi6.table-row-plus-after"),
    "removeLine": Dress("mdi6.table-row-remove", "Ctrl+Delete"),
    "attachmentAdd": Dress("mdi6.paperclip-plus"),
    "attachmentScanner": Dress("mdi6.scanner"),
    "attachmentRemove": Dress("mdi6.paperclip-off"),
    "attachmentCancel": Dress("mdi6.cancel"),
    # 附件 (review, detail, viewer)
    "attachmentsOpen": Dress("mdi6.eye-outline"),
    "viewerZoomIn": Dress("mdi6.magnify-plus-outline", "Ctrl++"),
    "viewerZoomOut": Dress("mdi6.magnify-minus-outline", "Ctrl+-"),
    "viewerRotateLeft": Dress("mdi6.rotate-left"),
    "viewerRotateRight": Dress("mdi6.rotate-right"),
    "viewerPrevious": Dress("mdi6.chevron-up", "PgUp"),
    "viewerNext": Dress("mdi6.chevron-down", "PgDown"),
    "viewerSave": Dress("mdi6.content-save-outline"),
    "documents_archive": Dress(_ARCHIVE),
    "detail_archive": Dress(_ARCHIVE),
    "queryArchive": Dress(_ARCHIVE),
    # 记账, 出纳签字
    "post_act": Dress("mdi6.book-check-outline", "Ctrl+Enter"),
    "post_refresh": Dress(_REFRESH),
    "cashier_act": Dress("mdi6.draw-pen", "Ctrl+Enter"),
    "cashier_refresh": Dress(_REFRESH),
    # 我的单据
    "documents_refresh": Dress(_REFRESH),
    "documents_edit": Dress("mdi6.pencil"),
    "documents_recall": Dress("mdi6.undo"),
    "documents_delete": Dress("mdi6.delete-outline"),
    "documents_reverse": Dress("mdi6.file-undo-outline"),
    "documents_urge": Dress("mdi6.bell-ring-outline"),
    "detail_urge": Dress("mdi6.bell-ring-outline"),
    # 审核审批
    "reviewRefresh": Dress(_REFRESH),
    "reviewAbsence": Dress("mdi6.account-clock-outline"),
    "absence_file": Dress("mdi6.calendar-account-outline"),
    "absence_end": Dress("mdi6.calendar-remove-outline"),
    "review_approve": Dress("mdi6.check-circle-outline", "Ctrl+Enter"),
    "review_reject": Dress("mdi6.close-circle-outline", "Ctrl+R"),
    "review_return": Dress("mdi6.arrow-u-left-top", "Ctrl+B"),
    "review_delegate": Dress("mdi6.account-arrow-right-outline", "Ctrl+D"),
    "review_take_back": Dress("mdi6.undo-variant"),
    # 查询, 统计报表
    "querySearch": Dress("mdi6.magnify"),
    "queryReset": Dress("mdi6.filter-remove-outline"),
    "queryPrint": Dress(_PRINT),
    "queryExport": Dress(_EXCEL),
    "queryMore": Dress("mdi6.filter-variant"),
    "reportRun": Dress("mdi6.play", "F5"),
    "reportPdf": Dress("mdi6.file-pdf-box"),
    "reportExcel": Dress(_EXCEL),
    "reportPrint": Dress(_PRINT),
    # home
    "home_tile_todo": Dress("mdi6.inbox-arrow-down"),
    "home_tile_in_progress": Dress("mdi6.progress-clock"),
    "home_tile_done": Dress("mdi6.check-all"),
    "home_tile_overdue": Dress("mdi6.alarm"),
    "home_quick_income": Dress("mdi6.cash-plus"),
    "home_quick_expenditure": Dress("mdi6.cash-minus"),
    "home_quick_voucher": Dress("mdi6.book-open-variant"),
    "home_quick_documents": Dress("mdi6.file-document-multiple-outline"),
    "home_quick_review": Dress("mdi6.clipboard-check-outline"),
    "home_mark_all_read": Dress("mdi6.email-open-outline"),
    "unreadNotifications": Dress("mdi6.bell-outline"),
    # the frame
    "unlockButton": Dress("mdi6.lock-open-variant-outline"),
    "lockLogout": Dress("mdi6.logout"),
    "downloadUpdate": Dress("mdi6.download"),
    "downloadNewerClient": Dress("mdi6.download"),
    # 双人复核, 结账
    "requests_approve": Dress("mdi6.check"),
    "requests_refuse": Dress("mdi6.close"),
    "requests_withdraw": Dress("mdi6.undo"),
    "requests_refresh": Dress(_REFRESH),
    "periods_refresh": Dress(_REFRESH),
    "periods_close": Dress("mdi6.calendar-lock"),
    "periods_reopen": Dress("mdi6.calendar-refresh"),
    # 基础数据, 参数, 角色, 规则
    "reference_refresh": Dress(_REFRESH),
    "reference_add": Dress("mdi6.plus"),
    "reference_edit": Dress("mdi6.pencil"),
    "reference_toggle": Dress("mdi6.toggle-switch-off-outline"),
    "reference_export": Dress(_EXCEL),
    "reference_import": Dress("mdi6.file-upload-outline"),
    "parameters_refresh": Dress(_REFRESH),
    "clientVersions_upload": Dress("mdi6.upload"),
    "clientVersions_minimum": Dress("mdi6.arrow-collapse-up"),
    "clientVersions_refresh": Dress(_REFRESH),
    "installerBrowse": Dress("mdi6.folder-open-outline"),
    "parameters_save": Dress(_SAVE),
    "roles_refresh": Dress(_REFRESH),
    "rules_add": Dress("mdi6.plus"),
    "rules_edit": Dress("mdi6.pencil"),
    "rules_refresh": Dress(_REFRESH),
    "rules_preview": Dress("mdi6.eye-outline"),
    "posts_add": Dress("mdi6.account-plus-outline"),
    "posts_edit": Dress("mdi6.pencil"),
    "posts_end": Dress("mdi6.account-remove-outline"),
    "posts_refresh": Dress(_REFRESH),
    "calendar_add": Dress("mdi6.calendar-plus"),
    "calendar_edit": Dress("mdi6.calendar-edit"),
    "calendar_remove": Dress("mdi6.calendar-remove-outline"),
    "calendar_template": Dress("mdi6.file-download-outline"),
    "calendar_import": Dress("mdi6.file-upload-outline"),
    "calendar_refresh": Dress(_REFRESH),
    "calendar_preview": Dress("mdi6.calendar-clock"),
    "quotas_add": Dress("mdi6.plus-box-outline"),
    "quotas_edit": Dress("mdi6.pencil-outline"),
    "quotas_template": Dress("mdi6.file-download-outline"),
    "quotas_import": Dress("mdi6.file-upload-outline"),
    "quotas_refresh": Dress(_REFRESH),
    "gaps_export": Dress(_EXCEL),
    "openings_template": Dress("mdi6.file-download-outline"),
    "openings_import": Dress("mdi6.file-upload-outline"),
    "openings_save": Dress(_SAVE),
    "openings_refresh": Dress(_REFRESH),
    "yearEnd_close": Dress("mdi6.calendar-end"),
    "yearEnd_refresh": Dress(_REFRESH),
    "announcements_publish": Dress("mdi6.bullhorn-outline"),
    "announcements_withdraw": Dress("mdi6.close-circle-outline"),
    "announcements_refresh": Dress(_REFRESH),
    "faq_add": Dress("mdi6.plus"),
    "faq_save": Dress("mdi6.content-save-outline"),
    "faq_delete": Dress("mdi6.delete-outline"),
    "faq_refresh": Dress(_REFRESH),
    "feedback_answer": Dress("mdi6.reply-outline"),
    "feedback_answer_close": Dress("mdi6.reply-all-outline"),
    "feedback_close": Dress("mdi6.check-circle-outline"),
    "feedback_refresh": Dress(_REFRESH),
    "feedback_full_size": Dress("mdi6.magnify-plus-outline"),
    "mail_save": Dress("mdi6.content-save-outline"),
    "mail_test": Dress("mdi6.email-fast-outline"),
    "mail_retry": Dress("mdi6.email-sync-outline"),
    "mail_refresh": Dress(_REFRESH),
    "layout_add": Dress("mdi6.table-row-plus-after"),
    "layout_remove": Dress("mdi6.table-row-remove"),
    "layout_up": Dress("mdi6.arrow-up"),
    "layout_down": Dress("mdi6.arrow-down"),
    "layout_save": Dress(_SAVE),
    "layout_refresh": Dress("mdi6.undo"),
    "gaps_refresh": Dress(_REFRESH),
    "exportRights_refresh": Dress(_REFRESH),
    "exportRights_person": Dress("mdi6.account-cog-outline"),
    "exportRights_clear": Dress("mdi6.account-reactivate-outline"),
    # 操作日志, 告警, 备份
    "auditLogQuery": Dress("mdi6.magnify"),
    "auditLogMore": Dress("mdi6.chevron-double-down"),
    "auditLogExport": Dress(_EXCEL),
    "auditLogVerify": Dress("mdi6.shield-check-outline"),
    "alerts_refresh": Dress(_REFRESH),
    "backups_now": Dress("mdi6.database-export-outline"),
    "backups_refresh": Dress(_REFRESH),
    "backupKeyConfirm": Dress("mdi6.key-chain"),
    "restore_from_backup": Dress("mdi6.backup-restore"),
    "restore_point_in_time": Dress("mdi6.history"),
    "restore_drop_old": Dress("mdi6.database-remove-outline"),
    # 用户管理, 系统状态
    "users_refresh": Dress(_REFRESH),
    "users_create": Dress("mdi6.account-plus-outline"),
    "users_access": Dress("mdi6.account-key-outline"),
    "users_disable": Dress("mdi6.account-cancel-outline"),
    "users_enable": Dress("mdi6.account-check-outline"),
    "users_unlock": Dress("mdi6.lock-open-variant-outline"),
    "users_reset_password": Dress("mdi6.form-textbox-password"),
    "users_reset_factor": Dress("mdi6.cellphone-key"),
    "users_handover": Dress("mdi6.account-switch-outline"),
    "users_mail": Dress("mdi6.email-edit-outline"),
    "revokeSession": Dress("mdi6.power"),
    "status_refresh": Dress(_REFRESH),
    # 报表审核
    "reportSaveVersion": Dress("mdi6.content-save-check-outline"),
    "signoff_refresh": Dress(_REFRESH),
    "signoff_sign": Dress("mdi6.draw-pen"),
    "signoff_return": Dress("mdi6.undo-variant"),
    "signoff_excel": Dress(_EXCEL),
    "signoff_pdf": Dress("mdi6.file-pdf-box"),
    # 使用手册
    "helpBack": Dress("mdi6.arrow-left", "Alt+Left"),
    "helpForward": Dress("mdi6.arrow-right", "Alt+Right"),
}

PAGES: dict[str, str] = {
    "home": "mdi6.home-outline",
    "income": "mdi6.cash-plus",
    "expenditure": "mdi6.cash-minus",
    "voucher": "mdi6.book-open-variant",
    "quota_adjustment": "mdi6.scale-balance",
    "documents": "mdi6.file-document-multiple-outline",
    "review": "mdi6.clipboard-check-outline",
    "query": "mdi6.magnify",
    "reports": "mdi6.chart-bar",
    "status": "mdi6.monitor-dashboard",
    "users": "mdi6.account-group-outline",
    "backups": "mdi6.database-outline",
    "alerts": "mdi6.bell-alert-outline",
    "audit_log": "mdi6.text-box-search-outline",
    "approval_rules": "mdi6.sitemap-outline",
    "reviewer_posts": "mdi6.account-tie-outline",
    "calendar": "mdi6.calendar-month-outline",
    "number_gaps": "mdi6.numeric-off",
    "export_rights": "mdi6.file-export-outline",
    "roles": "mdi6.shield-account-outline",
    "parameters": "mdi6.tune-variant",
    "client_versions": "mdi6.cellphone-arrow-down",
    "reference_data": "mdi6.file-tree-outline",
    "opening_balances": "mdi6.scale-balance",
    "quotas": "mdi6.chart-donut",
    "periods": "mdi6.calendar-check-outline",
    "announcements": "mdi6.bullhorn-outline",
    "faq": "mdi6.frequently-asked-questions",
    "feedback": "mdi6.message-alert-outline",
    "mail": "mdi6.email-outline",
    "year_end": "mdi6.calendar-end",
    "requests": "mdi6.account-multiple-check-outline",
    "cashier": "mdi6.cash-check",
    "posting": "mdi6.book-check-outline",
    "statement_layout": "mdi6.table-edit",
    "signoff": "mdi6.file-sign",
}


def icon(name: str) -> QIcon:
    """An icon of the set in the ink colour (greyed by Qt when disabled)."""
    drawn: QIcon = qtawesome.icon(name, color=look.INK.name(), color_disabled=look.MUTED.name())
    return drawn


def page_icon(key: str) -> QIcon:
    return icon(PAGES[key]) if key in PAGES else QIcon()


def shortcut_text(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def tip(text: str, keys: str = "") -> str:
    """A tooltip: what the action is called, and the key that does it."""
    label = text.replace("&", "").split("\n")[0].strip()
    shortcut = shortcut_text(keys) if keys else ""
    if shortcut and shortcut not in label:
        label = QCoreApplication.translate("Icons", "{label}({keys})").format(
            label=label, keys=shortcut
        )
    return label


def dress(root: QWidget) -> None:
    """Give every named button under ``root`` its icon and its tooltip (again after
    a language change: the tooltip follows the button's text)."""
    for button in root.findChildren(QAbstractButton):
        if not isinstance(button, QPushButton | QToolButton):
            continue
        if isinstance(button.parent(), QDialogButtonBox):
            continue  # OK/Cancel: Qt's own, the same in every dialog
        found = BUTTONS.get(button.objectName())
        if found is None:
            continue
        if button.icon().isNull() or button.property("dressed") != found.icon:
            button.setIcon(icon(found.icon))
            button.setProperty("dressed", found.icon)
        retip(button)


def retip(button: QAbstractButton) -> None:
    """After a button's words change with the state (停用 ↔ 启用, 消息 3): its
    tooltip says the new words, with the shortcut."""
    found = BUTTONS.get(button.objectName())
    if found is not None and not button.property("ownTip"):
        button.setToolTip(tip(button.text() or button.toolTip(), found.keys))


def dress_action(action: QAction, icon_name: str) -> None:
    """A menu action: its icon, and a tooltip with its shortcut."""
    action.setIcon(icon(icon_name))
    action.setToolTip(tip(action.text(), action.shortcut().toString()))
