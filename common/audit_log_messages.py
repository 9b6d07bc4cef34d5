"""Messages of the operation log viewer's filters, code -> (zh_CN, en)."""

from __future__ import annotations

AUDIT_LOG_MESSAGES: dict[str, tuple[str, str]] = {
    "audit_log.dates_reversed": (
        "结束日期(date_to){date_to}早于开始日期(date_from){date_from}",
        "The end date (date_to) {date_to} is before the start date (date_from) {date_from}",
    ),
    "audit_log.action_invalid": (
        "操作(action)“{action}”不符合规则:只能由字母、数字、下划线和点组成,"
        "可用 * 结尾表示前缀,如 user. 或 login.failed",
        "Action (action) '{action}' breaks the rule: letters, digits, "
        "underscores and dots only, optionally ending in * for a prefix, "
        "e.g. user. or login.failed",
    ),
}
