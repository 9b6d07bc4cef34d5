"""Error codes and their messages in both UI languages.

Errors are codes, not prose (ARCHITECTURE.md rule 6): the server raises
``DomainError("voucher.unbalanced", debit=..., credit=...)`` and answers
``{"code", "message", "params"}``; the message is rendered here so the client can
render the same code identically when it checks early.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.admin_messages import ADMIN_MESSAGES
from common.approval_console_messages import APPROVAL_CONSOLE_MESSAGES
from common.attachment_messages import ATTACHMENT_MESSAGES
from common.audit_log_messages import AUDIT_LOG_MESSAGES
from common.backup_messages import BACKUP_MESSAGES
from common.client_version_messages import CLIENT_VERSION_MESSAGES
from common.document_messages import DOCUMENT_MESSAGES, field_name
from common.enums import DEFAULT_LANGUAGE, Language, Role
from common.ledger_messages import LEDGER_MESSAGES
from common.mail_messages import MAIL_MESSAGES
from common.parameter_messages import PARAMETER_MESSAGES
from common.quota_messages import QUOTA_MESSAGES
from common.reference_admin_messages import REFERENCE_ADMIN_MESSAGES
from common.report_export_messages import REPORT_EXPORT_MESSAGES
from common.restore_messages import RESTORE_MESSAGES
from common.review_messages import REVIEW_MESSAGES
from common.user_admin_messages import USER_ADMIN_MESSAGES

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
    "database.conflict": (
        "同一时刻已有他人保存了相同的内容({constraint}),本次未保存;请刷新后再试",
        "Someone saved the same thing at the same moment ({constraint}); nothing of this "
        "request was saved - refresh and try again",
    ),
    "user.exists": (
        "用户名“{username}”已存在",
        "The username '{username}' already exists",
    ),
    "user.username_invalid": (
        "用户名“{username}”不符合规则:3~64 位字母、数字、点、下划线或连字符",
        "Username '{username}' breaks the rule: 3-64 letters, digits, dots, underscores or hyphens",
    ),
    # passwords
    "password.too_short": (
        "密码长度不足:至少 {min} 个字符",
        "Password too short: at least {min} characters",
    ),
    "password.too_long": (
        "密码过长:最多 {max} 个字符",
        "Password too long: at most {max} characters",
    ),
    "password.needs_letter": ("密码须包含字母", "The password needs a letter"),
    "password.needs_digit": ("密码须包含数字", "The password needs a digit"),
    "password.needs_special": ("密码须包含特殊字符", "The password needs a special character"),
    "password.contains_username": (
        "密码不得包含用户名",
        "The password must not contain the username",
    ),
    "password.reused": (
        "不得重复使用最近 {count} 次用过的密码",
        "The password must not be one of the last {count} used",
    ),
    "password.wrong_current": ("当前密码不正确", "The current password is wrong"),
    "password.policy": (
        "新密码不符合密码规则:{details}",
        "The new password breaks the policy: {details}",
    ),
    # login and sessions
    "auth.invalid_credentials": ("用户名或密码错误", "Wrong username or password"),
    "auth.locked": (
        "账号已锁定({reason}),请联系系统管理员解锁",
        "The account is locked ({reason}); contact the administrator to unlock it",
    ),
    "auth.throttled": (
        "尝试过于频繁,请 {seconds} 秒后再试",
        "Too many attempts; try again in {seconds} seconds",
    ),
    "auth.ticket_invalid": (
        "登录步骤已失效,请重新输入用户名和密码",
        "This login step has expired; enter your username and password again",
    ),
    "auth.wrong_step": (
        "当前应完成的登录步骤是:{expected}",
        "The login step to complete now is: {expected}",
    ),
    "auth.code_invalid": (
        "动态口令不正确或已使用过(剩余 {remaining} 次机会)",
        "The code is wrong or was already used ({remaining} tries left)",
    ),
    "auth.code_attempts_exhausted": (
        "动态口令错误次数过多,请重新输入用户名和密码",
        "Too many wrong codes; enter your username and password again",
    ),
    "auth.not_authenticated": (
        "未登录或会话已失效,请重新登录",
        "Not logged in or the session ended; log in again",
    ),
    "auth.session_expired": ("会话已过期,请重新登录", "The session has expired; log in again"),
    "auth.forbidden": (
        "无权执行此操作(需要岗位:{roles})",
        "You may not do this (role needed: {roles})",
    ),
    "auth.fresh_code_required": (
        "此操作需要重新验证动态口令",
        "This action needs a fresh authenticator code",
    ),
    "auth.no_pending_enrolment": ("尚未开始绑定动态口令", "No authenticator enrolment was started"),
    "auth.already_enrolled": (
        "该账号已绑定动态口令,如需更换请联系管理员重置",
        "This account already has an authenticator; ask an administrator to reset it",
    ),
    "auth.reverify_invalid": (
        "动态口令不正确或已使用过",
        "The authenticator code is wrong or was already used",
    ),
    "auth.second_factor_unusable": (
        "无法核验该账号的动态口令,请联系系统管理员重置",
        "This account's authenticator cannot be checked; ask an administrator to reset it",
    ),
    # accounts
    "user.not_found": ("用户不存在:{user_id}", "No such user: {user_id}"),
    "user.unit_unknown": ("预算单位不存在:{unit_id}", "No such budget unit: {unit_id}"),
    "user.cannot_disable_self": ("不能停用自己的账号", "You cannot disable your own account"),
    "user.last_admin": (
        "不能移除最后一位在用系统管理员的管理员岗位",
        "The last active administrator cannot lose the administrator role",
    ),
    "user.stale": (
        "该账号已被他人修改,请刷新后重试",
        "Someone else changed this account meanwhile; refresh and try again",
    ),
    "session.not_found": ("会话不存在:{session_id}", "No such session: {session_id}"),
    **DOCUMENT_MESSAGES,
    **REVIEW_MESSAGES,
    **USER_ADMIN_MESSAGES,
    **ADMIN_MESSAGES,
    **APPROVAL_CONSOLE_MESSAGES,
    **RESTORE_MESSAGES,
    **PARAMETER_MESSAGES,
    **QUOTA_MESSAGES,
    **AUDIT_LOG_MESSAGES,
    **REFERENCE_ADMIN_MESSAGES,
    **BACKUP_MESSAGES,
    **CLIENT_VERSION_MESSAGES,
    **ATTACHMENT_MESSAGES,
    **LEDGER_MESSAGES,
    **REPORT_EXPORT_MESSAGES,
    **MAIL_MESSAGES,
}


class DomainError(Exception):
    """A business rule was broken. Carries a code and the parameters of its message."""

    def __init__(
        self, code: str, /, *, status: int = 400, commit: bool = False, **params: Any
    ) -> None:
        """``commit=True``: the refusal is itself a fact to keep (a failed login
        counts toward lockout and is audited), so the transaction commits before
        the error is answered instead of rolling back."""
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code!r}; add it to common.errors.MESSAGES")
        super().__init__(code)
        self.code = code
        self.status = status
        self.commit = commit
        self.params: dict[str, Any] = params

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        return render_message(self.code, self.params, language)


def _role_words(codes: str, language: Language) -> str:
    """ "clerk, reviewer" -> "业务操作员、审核员": people read posts, not codes."""
    from common.labels import label

    words = [
        label(Role(code), language) if code in Role._value2member_map_ else code
        for code in (part.strip() for part in codes.split(","))
        if code
    ]
    return ("、" if language is Language.ZH_CN else ", ").join(words)


def render_message(
    code: str, params: Mapping[str, Any] | None = None, language: Language = DEFAULT_LANGUAGE
) -> str:
    """The message of ``code`` in ``language``; unknown codes and missing fields degrade
    to showing the code rather than failing, so an old client can show a newer error."""
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    chinese = language is Language.ZH_CN
    template = texts[0] if chinese else texts[1]
    values = dict(params or {})
    if isinstance(values.get("field"), str):
        values.setdefault("field_name", field_name(values["field"], chinese=chinese))
    if isinstance(values.get("roles"), str):  # role codes, as the server names them
        values["roles"] = _role_words(values["roles"], language)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template
