"""The reference data an administrator edits (基础数据), column by column.

Four kinds: budget units (预算单位), the budget classifications (收支项目: 收入分类,
支出功能分类, 支出经济分类), the chart of accounts (会计科目) and the posting rules
(入账规则) that say which accounts the voucher of an approved record uses.

A row travels as text per column key. The API carries canonical words
(``debit``, ``income``, ``active``); the Excel files carry the Chinese words,
and an import reads Chinese, English or canonical words alike. Both sides use
this table, so the server's checks and the client's dialogs agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class RefKind(StrEnum):
    UNITS = "units"  # 预算单位
    ITEMS = "items"  # 收支项目
    ACCOUNTS = "accounts"  # 会计科目
    MAPPINGS = "mappings"  # 入账规则


KIND_NAMES: dict[RefKind, tuple[str, str]] = {
    RefKind.UNITS: ("预算单位", "Budget units"),
    RefKind.ITEMS: ("收支项目", "Budget items"),
    RefKind.ACCOUNTS: ("会计科目", "Accounts"),
    RefKind.MAPPINGS: ("入账规则", "Posting rules"),
}

ACTIVE, INACTIVE = "active", "inactive"

# canonical word -> (zh, en)
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "status": {ACTIVE: ("在用", "Active"), INACTIVE: ("停用", "Inactive")},
    "item_kind": {
        "income": ("收入分类", "Income"),
        "functional": ("支出功能分类", "Functional"),
        "economic": ("支出经济分类", "Economic"),
    },
    "normal_side": {"debit": ("借", "Debit"), "credit": ("贷", "Credit")},
    "document_kind": {"income": ("收入", "Income"), "expenditure": ("支出", "Expenditure")},
    "payment_method": {
        "": ("不限", "Any"),
        "direct": ("直接支付", "Direct"),
        "authorised": ("授权支付", "Authorised"),
    },
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "code": ("编码", "Code"),
    "name": ("名称", "Name"),
    "parent_code": ("上级单位编码", "Parent unit code"),
    "status": ("状态", "Status"),
    "item_kind": ("类别", "Classification"),
    "normal_side": ("余额方向", "Normal side"),
    "document_kind": ("单据类型", "Document kind"),
    "item_prefix": ("项目编码(前缀)", "Item code (prefix)"),
    "payment_method": ("支付方式", "Payment method"),
    "debit_account": ("借方科目", "Debit account"),
    "credit_account": ("贷方科目", "Credit account"),
    "debit_account_name": ("借方科目名称", "Debit account name"),
    "credit_account_name": ("贷方科目名称", "Credit account name"),
}


@dataclass(frozen=True)
class Column:
    key: str
    key_part: bool = False  # names the row: never changes once created
    read_only: bool = False  # shown and exported, ignored on import
    required: bool = True
    width: int = 14

    @property
    def titles(self) -> tuple[str, str]:
        return FIELD_NAMES[self.key]


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

CODE_RULES: dict[RefKind, tuple[str, str]] = {
    RefKind.UNITS: ("1~32 位字母或数字", "1-32 letters or digits"),
    RefKind.ITEMS: (
        "3 位数字,每下一级加 2 位(如 205、20502),最长 16 位",
        "3 digits, 2 more per level (e.g. 205, 20502), at most 16",
    ),
    RefKind.ACCOUNTS: (
        "4 位数字,每下一级加 2 位(如 1002、100201),最长 16 位",
        "4 digits, 2 more per level (e.g. 1002, 100201), at most 16",
    ),
    RefKind.MAPPINGS: (
        "留空(不限)或收支项目编码",
        "empty (any) or a budget item code",
    ),
}


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


def choice_word(column: str, value: str, *, chinese: bool) -> str:
    """The word people read for a canonical value (the value itself if unknown)."""
    words = CHOICES.get(column, {}).get(value)
    return value if words is None else words[0 if chinese else 1]


def canonical_choice(column: str, text: str) -> str | None:
    """The canonical value of a word in Chinese, English or canonical form."""
    wanted = text.strip().lower()
    for value, (zh, en) in CHOICES[column].items():
        if wanted in (value, zh.lower(), en.lower()):
            return value
    return None


def row_key(kind: RefKind, values: dict[str, str]) -> str:
    """The row's name among its kind: its key columns joined (``expenditure/302/*``)."""
    parts = [values.get(c.key, "") or "*" for c in COLUMNS[kind] if c.key_part]
    return "/".join(parts)
