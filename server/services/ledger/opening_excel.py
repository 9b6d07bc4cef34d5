"""Opening balances to and from Excel: a sheet of every leaf account (with what
is saved) to fill in, and reading such a sheet back, row by row, into the rows
the screen shows before anything is saved."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from common.errors import DomainError
from common.money import MoneyError, to_money
from common.schemas.openings import MAX_OPENING_ROWS, OpeningImportOut, OpeningRowIn
from server.db.models import Account
from server.services.ledger.openings import check_rows, opening_balances

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILE_BYTES = 10 << 20
MONEY_FORMAT = "#,##0.00"

# column key -> the titles a header may use
_TITLES = {
    "code": ("科目编码", "account code", "code"),
    "name": ("科目名称", "account name", "name"),
    "debit": ("借方余额", "debit"),
    "credit": ("贷方余额", "credit"),
}
_COLUMN_WORDS: dict[str, dict[str, Any]] = {
    "debit": {"column_words": "words.opening.column.debit"},
    "credit": {"column_words": "words.opening.column.credit"},
}


def template(session: Session, unit_id: int) -> bytes:
    """Every active leaf account, with the unit's saved balances filled in."""
    sheet = opening_balances(session, unit_id)
    saved = {row.code: row for row in sheet.rows}
    child = aliased(Account)
    leaves = session.scalars(
        select(Account)
        .where(Account.is_active, ~select(child.id).where(child.parent_id == Account.id).exists())
        .order_by(Account.code)
    )
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = "期初余额"
    page.append([titles[0] for titles in _TITLES.values()])
    for cell in page[1]:
        cell.font = Font(bold=True)
    for account in leaves:
        row = saved.get(account.code)
        page.append(
            [
                account.code,
                account.name,
                row.debit if row and row.debit else None,
                row.credit if row and row.credit else None,
            ]
        )
        for cell in page[page.max_row][2:]:
            cell.number_format = MONEY_FORMAT
    for letter, width in zip("ABCD", (16, 36, 20, 20), strict=True):
        page.column_dimensions[letter].width = width
    page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code Excel took for a number
    return str(value).strip()


def _amount(value: object, number: int, column: str) -> Decimal:
    if value is None or _text(value) == "":
        return Decimal("0.00")
    try:
        amount = to_money(repr(value) if isinstance(value, float) else _text(value))
    except MoneyError:
        amount = Decimal(-1)
    if amount < 0:
        raise DomainError(
            "opening.bad_amount",
            status=422,
            row=number,
            value=_text(value),
            **_COLUMN_WORDS[column],
        )
    return amount


def read(session: Session, data: bytes) -> OpeningImportOut:
    """The file's non-empty rows, checked as a save would check them (nothing saved)."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainError("opening.bad_file", status=413, detail=f"> {MAX_FILE_BYTES >> 20} MB")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise DomainError("opening.bad_file", status=422, detail=str(exc)[:200]) from None
    rows: list[OpeningRowIn] = []
    numbers: list[int] = []
    try:
        cells = book.worksheets[0].iter_rows(values_only=True)
        header = [_text(v).lower() for v in next(cells, ())]
        where = {
            key: next((i for i, title in enumerate(header) if title in titles), None)
            for key, titles in _TITLES.items()
        }
        if where["code"] is None or where["debit"] is None or where["credit"] is None:
            raise DomainError("opening.missing_columns", status=422)
        for number, values in enumerate(cells, start=2):
            picked = {
                key: values[i] if i is not None and i < len(values) else None
                for key, i in where.items()
            }
            code = _text(picked["code"])
            debit = _amount(picked["debit"], number, "debit")
            credit = _amount(picked["credit"], number, "credit")
            if not code or not (debit or credit):
                continue  # blank lines and accounts without a balance
            if not code.isdigit() or not 4 <= len(code) <= 16:
                raise DomainError("opening.unknown_account", status=422, row=number, code=code)
            rows.append(OpeningRowIn(account_code=code, debit=debit, credit=credit))
            numbers.append(number)
            if len(rows) > MAX_OPENING_ROWS:
                raise DomainError("opening.bad_file", status=422, detail=f"> {MAX_OPENING_ROWS}")
    finally:
        book.close()
    check_rows(session, rows, numbers)
    return OpeningImportOut(rows=rows)
