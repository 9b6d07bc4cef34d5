"""Error codes and their messages in both UI languages.

Errors are codes, not prose (ARCHITECTURE.md rule 6): the server raises
``DomainError("voucher.unbalanced", debit=..., credit=...)`` and answers
``{"code", "message", "params"}``; the message is rendered here so the client can
render the same code identically when it checks early.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.enums import DEFAULT_LANGUAGE, Language

# code -> (zh_CN, en). Placeholders are str.format fields filled from params.
MESSAGES: dict[str, tuple[str, str]] = {
    "request.invalid": (
        "请求无效:{details}",
        "The request is invalid: {details}",
    ),
    "request.field_invalid": (
        "字段“{field}”不符合规则:{rule}",
        "Field '{field}' breaks the rule: {rule}",
    ),
    "http.not_found": ("未找到请求的资源:{path}", "Nothing found at {path}"),
    "http.method_not_allowed": (
        "不支持该请求方法:{method}",
        "Method {method} is not allowed here",
    ),
    "http.error": ("请求失败(HTTP {status})", "The request failed (HTTP {status})"),
    "server.internal": (
        "服务器内部错误,已记录,请联系系统管理员(参考号 {reference})",
        "Internal server error; it has been logged. Contact the administrator "
        "(reference {reference})",
    ),
    "database.unavailable": (
        "数据库暂时不可用,请稍后重试",
        "The database is unavailable; try again shortly",
    ),
    "user.exists": (
        "用户名“{username}”已存在",
        "The username '{username}' already exists",
    ),
    "user.username_invalid": (
        "用户名“{username}”不符合规则:3~64 位字母、数字、点、下划线或连字符",
        "Username '{username}' breaks the rule: 3-64 letters, digits, dots, underscores or hyphens",
    ),
}


class DomainError(Exception):
    """A business rule was broken. Carries a code and the parameters of its message."""

    def __init__(self, code: str, /, *, status: int = 400, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code!r}; add it to common.errors.MESSAGES")
        super().__init__(code)
        self.code = code
        self.status = status
        self.params: dict[str, Any] = params

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        return render_message(self.code, self.params, language)


def render_message(
    code: str, params: Mapping[str, Any] | None = None, language: Language = DEFAULT_LANGUAGE
) -> str:
    """The message of ``code`` in ``language``; unknown codes and missing fields degrade
    to showing the code rather than failing, so an old client can show a newer error."""
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    template = texts[0] if language is Language.ZH_CN else texts[1]
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template
