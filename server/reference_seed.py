"""The shipped reference data (resources/reference/*.csv) as rows to insert.

A code's parent is the longest other code of the same table that it starts with
(1002 → 100201, 205 → 20502 → 2050201), so the files need no parent column and
an administrator's Excel import follows the same rule.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from resources import REFERENCE_DIR

ITEM_FILES = {
    "income": "income_items.csv",
    "functional": "expenditure_functional.csv",
    "economic": "expenditure_economic.csv",
}

# (kind, item prefix, payment method, debit account, credit account); "" matches any.
_EXPENSE_DEBITS = {
    "": "500199",  # 其他业务活动费用
    "301": "500101",  # 工资福利费用
    "302": "500102",  # 商品和服务费用
    "303": "500103",  # 对个人和家庭的补助费用
    "31001": "160101",  # 房屋及构筑物
    "31002": "160102",  # 通用设备
    "31003": "160103",  # 专用设备
}
_PAYMENT_CREDITS = {
    "direct": "400101",  # 财政拨款收入—基本支出拨款
    "authorised": "1011",  # 零余额账户用款额度
}
POSTING_RULES: tuple[tuple[str, str, str, str, str], ...] = (
    ("income", "", "", "100201", "4609"),  # 银行存款—基本户 / 其他收入
    ("income", "103", "", "100201", "2103"),  # 非税收入: 应缴财政款
    ("income", "101", "", "100201", "2103"),  # 代收税款: 应缴财政款
    ("income", "110", "", "100201", "4201"),  # 转移性收入: 上级补助收入
    *(
        ("expenditure", prefix, method, debit, credit)
        for prefix, debit in _EXPENSE_DEBITS.items()
        for method, credit in _PAYMENT_CREDITS.items()
    ),
)


@dataclass(frozen=True)
class CodeRow:
    code: str
    name: str
    parent_code: str | None
    normal_side: str | None = None


def with_parents(rows: Iterable[tuple[str, str, str | None]]) -> list[CodeRow]:
    """Rows in code order, each with the code of its parent (None at the top)."""
    ordered = sorted(rows, key=lambda row: (len(row[0]), row[0]))
    known: set[str] = set()
    result = []
    for code, name, side in ordered:
        parent = next((code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in known), None)
        known.add(code)
        result.append(CodeRow(code, name, parent, side))
    return result


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def accounts(directory: Path = REFERENCE_DIR) -> list[CodeRow]:
    rows = _read(directory / "accounts.csv")
    return with_parents((r["code"], r["name"], r["normal_side"]) for r in rows)


def items(kind: str, directory: Path = REFERENCE_DIR) -> list[CodeRow]:
    rows = _read(directory / ITEM_FILES[kind])
    return with_parents((r["code"], r["name"], None) for r in rows)


def statement_layouts(directory: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    """The shipped statement layouts (kind, code, label, label_en, indent, side,
    accounts, total_of), in order within each statement."""
    return _read(directory / "statement_layouts.csv")
