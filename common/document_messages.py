"""Documents' words for messages: a status and a field as people name them.

The texts are catalogue entries (common/i18n.py): ``words.status.<status>`` and
``field.<key>`` (a document's fields and the filters of the lists).
"""

from __future__ import annotations

import re
from typing import Any

from common import i18n
from common.enums import Language


def status_params(status: str) -> dict[str, Any]:
    """The params of a message about a document's status (``{status_words}``)."""
    return {"status_name": status, "status_words": f"words.status.{status}"}


def field_words(key: str, language: Language) -> str | None:
    """A field's name, or None for a key that has none."""
    code = f"field.{key}"
    return i18n.template(code, language) if i18n.known(code) else None


_LINE_FIELD = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?$")


def field_name(field: str, language: Language) -> str:
    """The field's name for people: ``lines[2].debit`` → 第 3 行借方金额 / Line 3 debit."""
    match = _LINE_FIELD.match(field)
    if match:
        line = int(match.group(1)) + 1
        part = field_words(match.group(2) or "", language) or ""
        return i18n.text("words.line_field", language, line=line, part=part).rstrip()
    return field_words(field, language) or field
