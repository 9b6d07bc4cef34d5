"""An operation-log record in words: what changed as "字段: 旧值 → 新值", the
object as "单据 3056", for the console's log viewer and the server's log export.

The record itself keeps codes and JSON (its hash chain covers them); these words
are made when it is read, so a record written before a label changed reads in
today's words.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from common import i18n
from common.document_messages import field_words as document_field_words
from common.enums import (
    DocumentKind,
    DocumentStatus,
    Language,
    NormalSide,
    NotificationKind,
    PaymentMethod,
    QuotaDirection,
    Role,
    VoucherType,
)
from common.export_rights import ExportScope
from common.labels import label
from common.schemas.attachments import AttachmentType
from common.schemas.client_versions import ClientPlatform
from common.schemas.mail import MailSecurity

# Keys whose values are codes of an enum, shown in that enum's words.
_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "status": DocumentStatus,
    "roles": Role,
    "document_kind": DocumentKind,
    "voucher_type": VoucherType,
    "normal_side": NormalSide,
    "payment_method": PaymentMethod,
    "quota_direction": QuotaDirection,
    "scope": ExportScope,
    "platform": ClientPlatform,
    "media_type": AttachmentType,
    "security": MailSecurity,
    "kinds": NotificationKind,
}


def field_words(key: str, language: Language) -> str:
    code = f"audit.field.{key}"
    if i18n.known(code):
        return i18n.template(code, language)
    return document_field_words(key, language) or key


def value_words(key: str, value: Any, language: Language) -> str:
    """A value as people read it: words for codes, 是/否, lists joined."""
    if value is None or value == "":
        return i18n.template("words.empty", language)
    if isinstance(value, bool):
        return i18n.template("words.yes" if value else "words.no", language)
    if isinstance(value, list):
        return i18n.join((value_words(key, item, language) for item in value), language)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    enum = _ENUM_FIELDS.get(key)
    if enum is not None and isinstance(value, str) and value in enum._value2member_map_:
        try:
            return label(enum(value), language)
        except KeyError:
            pass
    return str(value)


def change_lines(
    before: dict[str, Any] | None, after: dict[str, Any] | None, language: Language
) -> list[str]:
    """One line a field: "状态: 草稿 → 已提交" for a change, "金额: 1,200.00" for a
    value only one side has (a creation, a deletion, an event's details)."""
    old, new = before or {}, after or {}
    lines = []
    for key in [*old, *(key for key in new if key not in old)]:
        name = field_words(key, language)
        if key in old and key in new:
            if old[key] == new[key]:
                continue
            was, now = value_words(key, old[key], language), value_words(key, new[key], language)
            lines.append(f"{name}: {was} → {now}")
        else:
            lines.append(f"{name}: {value_words(key, old.get(key, new.get(key)), language)}")
    return lines


def target_words(target_type: str, target_id: str, language: Language) -> str:
    code = f"audit.target.{target_type}"
    kind = i18n.template(code, language) if i18n.known(code) else target_type
    return f"{kind} {target_id}".strip()


def target_types() -> list[str]:
    """The target types that have words (``audit.target.<type>``)."""
    return [code.removeprefix("audit.target.") for code in i18n.codes("audit.target.")]
