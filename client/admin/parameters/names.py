"""The parameters' and groups' names on screen (the server sends keys)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from common.schemas.parameters import ParameterGroup


def group_name(group: ParameterGroup) -> str:
    return {
        ParameterGroup.PASSWORD: QCoreApplication.translate("Parameters", "密码策略"),
        ParameterGroup.LOCKOUT: QCoreApplication.translate("Parameters", "登录锁定"),
        ParameterGroup.IDLE: QCoreApplication.translate("Parameters", "空闲锁定"),
        ParameterGroup.THRESHOLDS: QCoreApplication.translate("Parameters", "阈值"),
        ParameterGroup.BACKUP: QCoreApplication.translate("Parameters", "备份计划与保留"),
        ParameterGroup.FOUR_EYES: QCoreApplication.translate("Parameters", "双人复核"),
        ParameterGroup.CLIENT: QCoreApplication.translate("Parameters", "客户端版本"),
        ParameterGroup.POSTING: QCoreApplication.translate("Parameters", "记账"),
        ParameterGroup.QUOTAS: QCoreApplication.translate("Parameters", "预算指标"),
    }[group]


def parameter_name(key: str) -> str:
    """A parameter this client does not know keeps its key."""
    names = {
        "password_policy.min_length": QCoreApplication.translate("Parameters", "密码最短长度"),
        "password_policy.max_length": QCoreApplication.translate("Parameters", "密码最长长度"),
        "password_policy.require_letter": QCoreApplication.translate("Parameters", "须包含字母"),
        "password_policy.require_digit": QCoreApplication.translate("Parameters", "须包含数字"),
        "password_policy.require_special": QCoreApplication.translate(
            "Parameters", "须包含特殊字符"
        ),
        "password_policy.history": QCoreApplication.translate(
            "Parameters", "不得重复使用最近几次密码"
        ),
        "password_policy.max_age_days": QCoreApplication.translate("Parameters", "密码有效期(天)"),
        "password_policy.warn_days": QCoreApplication.translate("Parameters", "到期前提醒(天)"),
        "lockout_threshold": QCoreApplication.translate("Parameters", "连续登录失败锁定次数"),
        "wrong_codes_per_ticket": QCoreApplication.translate(
            "Parameters", "每次登录允许的动态口令错误次数"
        ),
        "ticket_minutes": QCoreApplication.translate("Parameters", "输入动态口令的时限(分钟)"),
        "fresh_code_minutes": QCoreApplication.translate(
            "Parameters", "敏感操作重新验证间隔(分钟)"
        ),
        "client_idle_lock_minutes": QCoreApplication.translate(
            "Parameters", "客户端空闲锁屏(分钟)"
        ),
        "session_idle_minutes": QCoreApplication.translate("Parameters", "会话空闲过期(分钟)"),
        "session_absolute_hours": QCoreApplication.translate("Parameters", "会话最长时间(小时)"),
        "double_entry_threshold": QCoreApplication.translate("Parameters", "二次核对金额阈值(元)"),
        "duplicate_window_days": QCoreApplication.translate("Parameters", "判重时间范围(天)"),
        "alert_export_rows": QCoreApplication.translate("Parameters", "大批量导出告警行数"),
        "backup_daily_at": QCoreApplication.translate("Parameters", "每日备份时间"),
        "backup_keep_daily": QCoreApplication.translate("Parameters", "保留每日备份(天)"),
        "backup_keep_weekly": QCoreApplication.translate("Parameters", "保留每周备份(周)"),
        "four_eyes": QCoreApplication.translate("Parameters", "启用双人复核"),
        "min_client_version": QCoreApplication.translate("Parameters", "最低客户端版本"),
        "separate_posting": QCoreApplication.translate("Parameters", "记账作为单独步骤"),
        "cashier_sign_off": QCoreApplication.translate(
            "Parameters", "涉及现金、银行的凭证须出纳签字"
        ),
        "quota_check": QCoreApplication.translate("Parameters", "支出按预算指标控制"),
        "quota_required": QCoreApplication.translate("Parameters", "支出须有预算指标"),
    }
    return names.get(key, key)


def parameter_hint(key: str) -> str:
    """What a parameter does, where that is not obvious from its name."""
    hints = {
        "client_idle_lock_minutes": QCoreApplication.translate("Parameters", "下次登录起生效"),
        "double_entry_threshold": QCoreApplication.translate(
            "Parameters", "达到该金额的单据须再次输入金额核对"
        ),
        "backup_daily_at": QCoreApplication.translate(
            "Parameters", "办公时间;服务器每 5 分钟检查一次"
        ),
        "four_eyes": QCoreApplication.translate(
            "Parameters",
            "反结账、授予管理员或审计员岗位等须由另一位管理员批准。关闭须重新验证动态口令。",
        ),
        "min_client_version": QCoreApplication.translate(
            "Parameters", "更旧的客户端不能登录,会提示下载安装包(见“客户端版本”)"
        ),
        "separate_posting": QCoreApplication.translate(
            "Parameters",
            "关闭时终审通过即记账;开启时由记账员(非制单人、非审核人)在“记账”页记账",
        ),
        "cashier_sign_off": QCoreApplication.translate(
            "Parameters", "记账作为单独步骤时,涉及库存现金、银行存款、零余额账户的凭证先由出纳签字"
        ),
        "quota_check": QCoreApplication.translate(
            "Parameters", "超出该单位该科目本年剩余指标的支出,提交和终审时拒绝(仅限已设指标的)"
        ),
        "quota_required": QCoreApplication.translate(
            "Parameters", "开启时,未设本年指标的单位和科目不能提交支出"
        ),
    }
    return hints.get(key, "")
