"""Turn what client.api raises into a sentence for the user."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from client.api import ApiError, CertificateChanged, ServerUnreachable

log = logging.getLogger(__name__)


def describe(error: Exception) -> str:
    """The server's own message (already in the UI language) or a local one."""
    if isinstance(error, ApiError):
        return error.message or error.code
    if isinstance(error, CertificateChanged):
        return QCoreApplication.translate("Errors", "服务器证书已变化,已拒绝连接")
    if isinstance(error, ServerUnreachable):
        return QCoreApplication.translate("Errors", "无法连接服务器,请检查网络后重试")
    log.error("unexpected error", exc_info=error)
    return QCoreApplication.translate("Errors", "发生意外错误:{error}").format(error=error)


SESSION_LOST_CODES = frozenset({"auth.session_expired", "auth.not_authenticated"})


def is_session_lost(error: Exception) -> bool:
    return isinstance(error, ApiError) and error.code in SESSION_LOST_CODES
