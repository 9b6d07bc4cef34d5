"""The user's words for the server's codes, in the UI language now.

The words themselves live in one table, common/labels.py, which the server's
Excel and PDF output read too; this module only picks the current language.
"""

from __future__ import annotations

from enum import StrEnum

from client.core.i18n import current_language
from common.enums import DocumentKind, DocumentStatus, ReviewAction, ReviewLevel
from common.labels import label


def shown(value: StrEnum) -> str:
    """Any enum value from common as the user reads it (已退回, never ``returned``)."""
    return label(value, current_language())


def kind_name(kind: DocumentKind) -> str:
    return shown(kind)


def status_name(status: DocumentStatus) -> str:
    return shown(status)


def level_name(level: ReviewLevel | None) -> str:
    """An authority level; nothing for a step without one."""
    return "" if level is None else shown(level)


def action_name(action: ReviewAction) -> str:
    return shown(action)
