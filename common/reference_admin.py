"""The reference data an administrator edits (基础数据), column by column.

Four kinds: budget units (预算单位), the budget classifications (收支项目: 收入分类,
支出功能分类, 支出经济分类), the chart of accounts (会计科目) and the posting rules
(入账规则) that say which accounts the voucher of an approved record uses.

A row travels as text per column key. The API carries canonical words
(``debit``, ``income``, ``active``); the Excel files carry the Chinese words,
and an import reads the words of any language, or canonical words, alike. Both sides use
this table, so the server's checks and the client's dialogs agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from common import i18n
from common.enums import Language


class RefKind(StrEnum):
    UNITS = "units"  # 预算单位
    ITEMS = "items"  # 收支项目
    ACCOUNTS = "accounts"  # 会计科目
    MAPPINGS = "mappings"  # 入账规则


ACTIVE, INACTIVE = "active", "inactive"

# canonical values of the columns people choose from; their words are the catalogue's
# ``words.refdata.choice.<column>.<value>`` ("any" for the empty value)
CHOICES: dict[str, tuple[str, ...]] = {
    "status": (ACTIVE, INACTIVE),
    "item_kind": ("income", "functional", "economic"),
    "normal_side": ("debit", "credit"),
    "document_kind": ("income", "expenditure"),
    "payment_method": ("", "direct", "authorised"),
}


def choice_code(column: str, value: str) -> str:
    return f"words.refdata.choice.{column}.{value or 'any'}"


def field_code(key: str) -> str:
    """The catalogue code of a column's title (``words.refdata.field.<key>``)."""
    return f"words.refdata.field.{key}"


def code_rule_code(kind: RefKind) -> str:
    return f"words.refdata.code_rule.{kind.value}"


def kind_name(kind: RefKind, language: Language) -> str:
    return i18n.template(f"label.ref_kind.{kind.name.lower()}", language)


@dataclass(frozen=True)
class Column:
    key: str
    key_part: bool = False  # names the row: never changes once created
    read_only: bool = False  # shown and exported, ignored on import
    required: bool = True
    width: int = 14

    def title(self, language: Language) -> str:
        return i18n.template(field_code(self.key), language)

    @property
    def titles(self) -> tuple[str, ...]:
        """The title in every language (an import recognises any of them)."""
        return tuple(self.title(language) for language in Language)


COLUMNS: dict[RefKind, tuple[Column, ...]] = {
    RefKind.UNITS: (
        Column("code", key_part=True),
        Column("name", width=30),
        Column("parent_code", required=False, width=16),
        Column("status", required=False, width=8),
    ),
    RefKind.ITEMS: (
        Column("item_kind", key_part=True, width=16),
        Column("code", key_part=True),
        Column("name", width=36),
        Column("status", required=False, width=8),
    ),
    RefKind.ACCOUNTS: (
        Column("code", key_part=True),
        Column("name", width=30),
        Column("normal_side", width=10),
        Column("status", required=False, width=8),
    ),
    RefKind.MAPPINGS: (
        Column("document_kind", key_part=True, width=10),
        Column("item_prefix", key_part=True, required=False, width=16),
        Column("payment_method", key_part=True, required=False, width=12),
        Column("debit_account"),
        Column("debit_account_name", read_only=True, required=False, width=24),
        Column("credit_account"),
        Column("credit_account_name", read_only=True, required=False, width=24),
        Column("status", required=False, width=8),
    ),
}

NAME_MAX = 100
MAX_IMPORT_ROWS = 5_000
MAX_FILE_BYTES = 5 * 1024 * 1024

TOP_LENGTH = {RefKind.ITEMS: 3, RefKind.ACCOUNTS: 4}
"""Items and accounts form their tree by code: 3 (items) or 4 (accounts) digits at
the top, two more digits per level (205 → 20502 → 2050201, 1002 → 100201)."""
LEVEL_DIGITS = 2
MAX_CODE_LENGTH = 16

_UNIT_CODE = re.compile(r"^[0-9A-Za-z]{1,32}$")
_DIGITS = re.compile(r"^[0-9]+$")


def code_is_valid(kind: RefKind, code: str) -> bool:
    if kind is RefKind.UNITS:
        return bool(_UNIT_CODE.match(code))
    if kind is RefKind.MAPPINGS:
        return code == "" or (bool(_DIGITS.match(code)) and len(code) <= MAX_CODE_LENGTH)
    top = TOP_LENGTH[kind]
    return (
        bool(_DIGITS.match(code))
        and top <= len(code) <= MAX_CODE_LENGTH
        and (len(code) - top) % LEVEL_DIGITS == 0
    )


def parent_code(kind: RefKind, code: str) -> str | None:
    """The parent of an item or account code (None at the top level)."""
    return code[:-LEVEL_DIGITS] if len(code) > TOP_LENGTH[kind] else None


def choice_word(column: str, value: str, language: Language) -> str:
    """The word people read for a canonical value (the value itself if unknown)."""
    if value not in CHOICES.get(column, ()):
        return value
    return i18n.template(choice_code(column, value), language)


def canonical_choice(column: str, text: str) -> str | None:
    """The canonical value of a word in any language, or in canonical form."""
    wanted = text.strip().lower()
    for value in CHOICES[column]:
        words = i18n.texts(choice_code(column, value)).values()
        if wanted == value or wanted in (word.lower() for word in words):
            return value
    return None


def row_key(kind: RefKind, values: dict[str, str]) -> str:
    """The row's name among its kind: its key columns joined (``expenditure/302/*``)."""
    parts = [values.get(c.key, "") or "*" for c in COLUMNS[kind] if c.key_part]
    return "/".join(parts)
