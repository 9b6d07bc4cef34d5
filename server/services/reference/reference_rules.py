"""The checks of reference data changes (基础数据), one file row or one dialog at a time.

Every change is checked against the state the data would be in once all the
rows of the same request are applied, so a file may add a parent and its child
in any order, and may deactivate a child and its parent together. Each broken
rule is a problem naming the row, the column and the rule; a request with any
problem changes nothing (the caller decides).

What must stay true (DOMAIN.md "Reference data"): a code's parent exists; only
active leaves take entries, so an account or item that already has entries gets
no children; nothing active hangs under something inactive; a posting rule in
use points at an existing active item and at active leaf accounts; the
catch-all posting rules (any item) stay active, so every approved record can post.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from common.reference_admin import (
    ACTIVE,
    CHOICES,
    COLUMNS,
    INACTIVE,
    NAME_MAX,
    RefKind,
    canonical_choice,
    choice_code,
    code_is_valid,
    code_rule_code,
    field_code,
    row_key,
)
from common.schemas.imports import ImportProblem
from server.db.models import Account, BudgetItem, BudgetUnit, Document, PostingRule, VoucherLine

Mode = Literal["add", "change", "upsert"]
# the classification a posting rule's item prefix is a code of
RULE_ITEM_KIND = {"income": "income", "expenditure": "economic"}


def problem(row: int, column: str, code: str, **params: Any) -> ImportProblem:
    """One broken rule, with the field's name in both languages for the message."""
    plain = {k: v if isinstance(v, int | list) else str(v) for k, v in params.items()}
    return ImportProblem(
        row=row,
        column=column,
        code=code,
        params={"field": column, "field_words": field_code(column), **plain},
    )


@dataclass
class Entry:
    id: int | None
    values: dict[str, str]

    @property
    def active(self) -> bool:
        return self.values.get("status") == ACTIVE


@dataclass
class Snapshot:
    """Every kind's rows by key, read once per request (a few hundred rows each)."""

    session: Session
    rows: dict[RefKind, dict[str, Entry]]
    _used: dict[tuple[RefKind, int], bool] = field(default_factory=dict)

    def by_id(self, kind: RefKind, row_id: int) -> tuple[str, Entry] | None:
        for key, entry in self.rows[kind].items():
            if entry.id == row_id:
                return key, entry
        return None

    def used(self, kind: RefKind, row_id: int) -> bool:
        """Whether business data names this account (voucher lines) or item (documents)."""
        cached = self._used.get((kind, row_id))
        if cached is not None:
            return cached
        if kind is RefKind.ACCOUNTS:
            query = select(VoucherLine.id).where(VoucherLine.account_id == row_id)
        else:
            query = select(Document.id).where(
                or_(
                    Document.income_item_id == row_id,
                    Document.functional_item_id == row_id,
                    Document.economic_item_id == row_id,
                )
            )
        found = self.session.scalar(query.limit(1)) is not None
        self._used[(kind, row_id)] = found
        return found


def _status(active: bool) -> str:
    return ACTIVE if active else INACTIVE


def load(session: Session) -> Snapshot:
    units = list(session.scalars(select(BudgetUnit).order_by(BudgetUnit.code)))
    unit_codes = {u.id: u.code for u in units}
    accounts = list(session.scalars(select(Account).order_by(Account.code)))
    account_by_id = {a.id: a for a in accounts}
    rows: dict[RefKind, dict[str, Entry]] = {kind: {} for kind in RefKind}
    for u in units:
        values = {
            "code": u.code,
            "name": u.name,
            "parent_code": unit_codes.get(u.parent_id, "") if u.parent_id else "",
            "status": _status(u.is_active),
        }
        rows[RefKind.UNITS][row_key(RefKind.UNITS, values)] = Entry(u.id, values)
    for i in session.scalars(select(BudgetItem).order_by(BudgetItem.kind, BudgetItem.code)):
        values = {
            "item_kind": i.kind,
            "code": i.code,
            "name": i.name,
            "status": _status(i.is_active),
        }
        rows[RefKind.ITEMS][row_key(RefKind.ITEMS, values)] = Entry(i.id, values)
    for a in accounts:
        values = {
            "code": a.code,
            "name": a.name,
            "normal_side": a.normal_side,
            "status": _status(a.is_active),
        }
        rows[RefKind.ACCOUNTS][row_key(RefKind.ACCOUNTS, values)] = Entry(a.id, values)
    rules = session.scalars(
        select(PostingRule).order_by(
            PostingRule.document_kind, PostingRule.item_prefix, PostingRule.payment_method
        )
    )
    for r in rules:
        debit, credit = account_by_id[r.debit_account_id], account_by_id[r.credit_account_id]
        values = {
            "document_kind": r.document_kind,
            "item_prefix": r.item_prefix,
            "payment_method": r.payment_method,
            "debit_account": debit.code,
            "debit_account_name": debit.name,
            "credit_account": credit.code,
            "credit_account_name": credit.name,
            "status": _status(r.is_active),
        }
        rows[RefKind.MAPPINGS][row_key(RefKind.MAPPINGS, values)] = Entry(r.id, values)
    return Snapshot(session, rows)


def normalize(
    kind: RefKind, row: int, given: dict[str, str]
) -> tuple[dict[str, str], list[ImportProblem]]:
    """The row in canonical words, and what is wrong with it on its own.

    An empty status stays empty: a new row is active, a changed one keeps its state.
    """
    values: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for column in COLUMNS[kind]:
        if column.read_only:
            continue
        text = (given.get(column.key) or "").strip()
        if column.key in CHOICES and text:
            value = canonical_choice(column.key, text)
            if value is None:
                problems.append(
                    problem(
                        row,
                        column.key,
                        "refdata.bad_choice",
                        value=text,
                        choices_words=[choice_code(column.key, v) for v in CHOICES[column.key]],
                    )
                )
                continue
            text = value
        if column.required and not text:
            problems.append(problem(row, column.key, "refdata.required"))
            continue
        if any(unicodedata.category(ch) == "Cc" for ch in text):
            problems.append(problem(row, column.key, "refdata.bad_text"))
            continue
        if len(text) > NAME_MAX:
            problems.append(problem(row, column.key, "refdata.too_long", max=NAME_MAX))
            continue
        values[column.key] = text
    code_column = "item_prefix" if kind is RefKind.MAPPINGS else "code"
    code = values.get(code_column)
    if code is not None and not code_is_valid(kind, code):
        problems.append(
            problem(
                row, code_column, "refdata.code_format", value=code, rule_words=code_rule_code(kind)
            )
        )
    return values, problems


def resolve(new: dict[str, str], old: Entry | None) -> dict[str, str]:
    """The row as it will be: an empty status keeps the old state (active when new)."""
    resolved = dict(new)
    if not resolved.get("status"):
        resolved["status"] = old.values["status"] if old is not None else ACTIVE
    return resolved
