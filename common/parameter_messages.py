"""Names of the system parameters and the messages of refused values,
code -> (zh_CN, en). Each message names the parameter and the rule it broke:
the server fills ``name_zh``/``name_en`` (and ``other_zh``/``other_en`` for a
rule between two parameters) from PARAMETER_NAMES."""

from __future__ import annotations

PARAMETER_NAMES: dict[str, tuple[str, str]] = {
    "password_policy.min_length": ("密码最短长度", "Minimum password length"),
    "password_policy.max_length": ("密码最长长度", "Maximum password length"),
    "password_policy.require_letter": ("密码须含字母", "Password needs a letter"),
    "password_policy.require_digit": ("密码须含数字", "Password needs a digit"),
    "password_policy.require_special": ("密码须含特殊字符", "Password needs a special character"),
    "password_policy.history": ("不得重复使用最近几次密码", "Passwords remembered against reuse"),
    "password_policy.max_age_days": ("密码有效期(天)", "Password lifetime (days)"),
    "password_policy.warn_days": ("密码到期提前提醒(天)", "Password expiry warning (days)"),
    "lockout_threshold": ("连续登录失败锁定次数", "Failed logins before lockout"),
    "wrong_codes_per_ticket": ("每次登录允许的动态口令错误次数", "Wrong codes allowed per login"),
    "ticket_minutes": ("输入动态口令的时限(分钟)", "Time to enter the code (minutes)"),
    "fresh_code_minutes": (
        "敏感操作重新验证间隔(分钟)",
        "Fresh code for sensitive actions (minutes)",
    ),
    "client_idle_lock_minutes": ("客户端空闲锁屏(分钟)", "Client idle lock (minutes)"),
    "session_idle_minutes": ("会话空闲过期(分钟)", "Session idle expiry (minutes)"),
    "session_absolute_hours": ("会话最长时间(小时)", "Session lifetime (hours)"),
    "double_entry_threshold": ("二次核对金额阈值", "Double-entry amount threshold"),
    "duplicate_window_days": ("判重时间范围(天)", "Duplicate check window (days)"),
    "attachment_max_mb": ("附件大小上限(MB)", "Largest attachment (MB)"),
    "attachments_opened_before_approval": (
        "审核通过前须打开全部附件",
        "Attachments must be opened before approving",
    ),
    "alert_export_rows": ("大批量导出告警行数", "Rows that make an export an alert"),
    "backup_daily_at": ("每日备份时间", "Daily backup time"),
    "backup_keep_daily": ("保留每日备份(天)", "Daily backups kept (days)"),
    "backup_keep_weekly": ("保留每周备份(周)", "Weekly backups kept (weeks)"),
    "four_eyes": ("双人复核", "Four eyes"),
    "separate_posting": ("记账作为单独步骤", "Posting as a step of its own"),
    "quota_check": ("支出按预算指标控制", "Expenditures checked against quotas"),
    "quota_required": ("支出须有预算指标", "Expenditures need a quota"),
    "cashier_sign_off": (
        "涉及现金、银行的凭证须出纳签字",
        "Cashier sign-off on cash and bank vouchers",
    ),
    "min_client_version": ("最低客户端版本", "Minimum client version"),
}


def parameter_names(key: str) -> dict[str, str]:
    """``name_zh``/``name_en`` of ``key`` for a message; an unknown key as itself."""
    zh, en = PARAMETER_NAMES.get(key, (key, key))
    return {"name_zh": zh, "name_en": en}


PARAMETER_MESSAGES: dict[str, tuple[str, str]] = {
    "parameter.unknown": ("没有名为“{field}”的系统参数", "There is no system parameter '{field}'"),
    "parameter_request.outdated": (
        "申请提交后{name_zh}已被修改,此申请已不适用:请拒绝它,需要时重新提交",
        "{name_en} has changed since the request was made, so it no longer applies: "
        "refuse it and ask again if still needed",
    ),
    "parameter.between": (
        "{name_zh}须在 {min} 到 {max} 之间",
        "{name_en} must be between {min} and {max}",
    ),
    "parameter.at_least": ("{name_zh}须不小于 {min}", "{name_en} must be at least {min}"),
    "parameter.integer": ("{name_zh}须为整数", "{name_en} must be a whole number"),
    "parameter.boolean": ("{name_zh}须为“是”或“否”", "{name_en} must be yes or no"),
    "parameter.money": (
        "{name_zh}须为金额,最多两位小数",
        "{name_en} must be an amount with at most two decimals",
    ),
    "parameter.time": (
        "{name_zh}须为 HH:MM 格式的时间(00:00 到 23:59),例如 02:00",
        "{name_en} must be a time as HH:MM (00:00 to 23:59), e.g. 02:00",
    ),
    "parameter.version": (
        "{name_zh}须为版本号,例如 1.2.0",
        "{name_en} must be a version such as 1.2.0",
    ),
    "parameter.not_above_other": (
        "{name_zh}不能大于{other_zh}({other})",
        "{name_en} cannot be more than {other_en} ({other})",
    ),
    "parameter.below_other": (
        "{name_zh}须小于{other_zh}({other})",
        "{name_en} must be less than {other_en} ({other})",
    ),
    "parameter.invalid": ("{name_zh}不符合规则:{rule}", "{name_en} breaks the rule: {rule}"),
}
