"""Batch import (批量录入): every row is checked; the file is accepted whole or not at all.

Rows arrive as text with codes (unit, items, accounts) as people write them.
Each row becomes a draft through the same rules as typed entry; any broken rule
anywhere refuses the whole file, with one problem per row and column so that
the client can write a row-by-row report. Accepted files become drafts, which
their maker reviews and submits (large amounts are then typed twice as usual).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import DocumentKind, ItemKind, VoucherType
from common.errors import DomainError
from common.imports import PAYMENT_METHOD_WORDS
from common.money import MoneyError, to_money
from common.rules.documents import submission_violations
from common.schemas.documents import DraftIn, ExpenditureIn, IncomeIn, VoucherIn, VoucherLineIn
from common.schemas.imports import ImportIn, ImportProblem, ImportResultOut, ImportRowIn
from server.db.models import Account, BudgetItem, BudgetUnit
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, scope
from server.services.documents import documents
from server.services.ledger import periods

# draft field -> template column, to point a broken rule at the cell
_COLUMN_OF = {
    "doc_date": "doc_date",
    "unit_id": "unit_code",
    "income_item_id": "income_item_code",
    "functional_item_id": "functional_item_code",
    "economic_item_id": "economic_item_code",
    "account_id": "account_code",
}


class _RowError(Exception):
    def __init__(self, column: str, error_code: str, /, **params: Any) -> None:
        super().__init__(error_code)
        self.column, self.code, self.params = column, error_code, params


class _Codes:
    """Every code the file may name, read once, with what makes it usable."""

    def __init__(self, session: Session, auth: Authenticated) -> None:
        self.scope = scope.units_in_scope(session, auth.user.id)
        self.units = {u.code: u for u in session.scalars(select(BudgetUnit))}
        items = list(session.scalars(select(BudgetItem)))
        item_parents = {i.parent_id for i in items}
        self.items = {(i.kind, i.code): (i, i.id not in item_parents) for i in items}
        accounts = list(session.scalars(select(Account)))
        account_parents = {a.parent_id for a in accounts}
        self.accounts = {a.code: (a, a.id not in account_parents) for a in accounts}

    def unit(self, code: str) -> int:
        unit = self.units.get(code)
        if unit is None:
            raise _RowError("unit_code", "import.unknown_code", field="unit_id", code=code)
        if unit.id not in self.scope:
            raise _RowError("unit_code", "document.unit_out_of_scope", field="unit_id")
        return unit.id

    def _usable(self, found: tuple[Any, bool] | None, column: str, field: str, code: str) -> int:
        if found is None:
            raise _RowError(column, "import.unknown_code", field=field, code=code)
        row, leaf = found
        if not row.is_active:
            raise _RowError(column, "reference.inactive", field=field, code=code, name=row.name)
        if not leaf:
            raise _RowError(column, "reference.not_leaf", field=field, code=code, name=row.name)
        return int(row.id)

    def item(self, kind: ItemKind, values: dict[str, str], name: str) -> int | None:
        """The item in column ``{name}_code``, for the draft field ``{name}_id``."""
        code = values.get(f"{name}_code", "")
        if not code:
            return None
        found = self.items.get((kind.value, code))
        return self._usable(found, f"{name}_code", f"{name}_id", code)

    def account(self, code: str) -> int | None:
        if not code:
            return None
        return self._usable(self.accounts.get(code), "account_code", "account_id", code)


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text.strip()[:10], pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise _RowError("doc_date", "import.bad_date", field="doc_date", value=text)


def _money(text: str, column: str) -> Any:
    try:
        return to_money(text) if text.strip() else to_money("0")
    except MoneyError:
        raise _RowError(column, "document.amount_format", field=column) from None


def _count(text: str) -> int:
    if not text.strip():
        return 0
    if not text.strip().isdigit():
        raise _RowError("attachment_count", "import.bad_number", field="attachment_count")
    return int(text.strip())


def _record_draft(kind: DocumentKind, row: ImportRowIn, codes: _Codes) -> DraftIn:
    v = {key: value.strip() for key, value in row.values.items()}
    common = {
        "doc_date": _date(v.get("doc_date", "")),
        "unit_id": codes.unit(v.get("unit_code", "")),
        "amount": _money(v.get("amount", ""), "amount"),
        "summary": v.get("summary", ""),
        "attachment_count": _count(v.get("attachment_count", "")),
    }
    if kind is DocumentKind.INCOME:
        item = codes.item(ItemKind.INCOME, v, "income_item")
        return IncomeIn(**common, income_item_id=item, payer=v.get("payer", ""))
    method = PAYMENT_METHOD_WORDS.get(v.get("payment_method", "").lower() or "直接支付")
    if method is None:
        raise _RowError("payment_method", "import.bad_choice", field="payment_method")
    return ExpenditureIn(
        **common,
        functional_item_id=codes.item(ItemKind.FUNCTIONAL, v, "functional_item"),
        economic_item_id=codes.item(ItemKind.ECONOMIC, v, "economic_item"),
        payee=v.get("payee", ""),
        payee_account=v.get("payee_account", ""),
        payee_bank=v.get("payee_bank", ""),
        payment_method=method,
    )


def _voucher_draft(rows: list[ImportRowIn], codes: _Codes) -> VoucherIn:
    first = {key: value.strip() for key, value in rows[0].values.items()}
    type_word = first.get("voucher_type", "") or VoucherType.GENERAL.value
    if type_word not in {t.value for t in VoucherType}:
        raise _RowError("voucher_type", "import.bad_choice", field="voucher_type")
    lines = []
    for row in rows:
        v = {key: value.strip() for key, value in row.values.items()}
        try:
            lines.append(
                VoucherLineIn(
                    summary=v.get("summary", ""),
                    account_id=codes.account(v.get("account_code", "")),
                    debit=_money(v.get("debit", ""), "debit"),
                    credit=_money(v.get("credit", ""), "credit"),
                )
            )
        except _RowError as error:
            error.params["row"] = row.row
            raise
    return VoucherIn(
        doc_date=_date(first.get("doc_date", "")),
        unit_id=codes.unit(first.get("unit_code", "")),
        voucher_type=VoucherType(type_word),
        lines=lines,
    )


def _groups(body: ImportIn) -> list[list[ImportRowIn]]:
    """A record per row; a voucher per 凭证序号, lines in file order."""
    if body.kind is not DocumentKind.VOUCHER:
        return [[row] for row in body.rows]
    grouped: OrderedDict[str, list[ImportRowIn]] = OrderedDict()
    for row in body.rows:
        grouped.setdefault(row.values.get("voucher_no", "").strip(), []).append(row)
    return list(grouped.values())


def _problems_of(draft: DraftIn, rows: list[ImportRowIn]) -> list[ImportProblem]:
    found = []
    for violation in submission_violations(draft):
        field = str(violation.params.get("field", ""))
        row, column = rows[0].row, _COLUMN_OF.get(field, field)
        if field.startswith("lines["):
            index_text, _, part = field[len("lines[") :].partition("]")
            row = rows[min(int(index_text), len(rows) - 1)].row
            part = part.lstrip(".")
            column = _COLUMN_OF.get(part, part or "debit")
        found.append(_problem(row, column, violation.code, violation.params))
    return found


def _problem(row: int, column: str, code: str, params: dict[str, Any]) -> ImportProblem:
    plain = {k: v if isinstance(v, int) else str(v) for k, v in params.items()}
    return ImportProblem(row=row, column=column, code=code, params=plain)


def import_documents(
    session: Session, auth: Authenticated, body: ImportIn, *, origin: audit.Origin, now: dt.datetime
) -> ImportResultOut:
    if not body.rows:
        raise DomainError("import.empty", status=422)
    if body.kind is DocumentKind.QUOTA_ADJUSTMENT:  # entered one by one, on their form
        raise DomainError("request.field_invalid", status=422, field="kind", rule="not imported")
    codes = _Codes(session, auth)
    problems: list[ImportProblem] = []
    drafts: list[DraftIn] = []
    for rows in _groups(body):
        try:
            draft = (
                _voucher_draft(rows, codes)
                if body.kind is DocumentKind.VOUCHER
                else _record_draft(body.kind, rows[0], codes)
            )
        except _RowError as error:
            row = int(error.params.pop("row", rows[0].row))
            problems.append(_problem(row, error.column, error.code, error.params))
            continue
        except ValidationError as error:
            detail = {"detail": str(error)[:200]}
            problems.append(_problem(rows[0].row, "", "import.bad_row", detail))
            continue
        problems.extend(_problems_of(draft, rows))
        try:
            periods.period_of(session, draft.doc_date)
        except DomainError as error:  # a closed period
            problems.append(_problem(rows[0].row, "doc_date", error.code, error.params))
        drafts.append(draft)
    if problems:
        raise DomainError(
            "import.rejected",
            status=422,
            count=len(problems),
            rows=len({p.row for p in problems}),
            problems=[p.model_dump(mode="json") for p in problems],
        )
    made = [
        documents.create_draft(session, auth, draft, origin=origin, now=now).id for draft in drafts
    ]
    audit.record(
        session,
        auth.actor,
        "documents.imported",
        origin=origin,
        at=now,
        target_type="import",
        after={"kind": body.kind.value, "rows": len(body.rows), "documents": made},
    )
    return ImportResultOut(created=len(made), document_ids=made)
