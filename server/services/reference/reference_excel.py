"""Reference data in Excel (基础数据导出 / 导入).

Export: one sheet, Chinese column titles in row 1, a row per code, codes and
names always as text (a code like 001 keeps its zeros, and nothing typed becomes
a formula). Import reads the same layout back (Chinese or English titles, in any
order). An import is checked first (a dry run: what would be added, what would
change, every problem by row and column) and applied only with the token of that
report, so what is saved is exactly what the administrator saw; a file with any
problem saves nothing. The token binds the file and the planned changes, so if
someone changes the data in between, the confirmation is refused and the file is
checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from common.enums import Language
from common.errors import DomainError
from common.reference_admin import (
    CHOICES,
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_IMPORT_ROWS,
    RefKind,
    choice_word,
    field_code,
    kind_name,
)
from common.schemas.reference_admin import RefChange, RefImportIn, RefImportReportOut
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights
from server.services.reference.reference_admin import apply, lock
from server.services.reference.reference_plan import Plan, make_plan
from server.services.reference.reference_rules import load

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shown(column: str, value: str) -> str:
    return choice_word(column, value, Language.ZH_CN) if column in CHOICES else value


def export(
    session: Session, auth: Authenticated, kind: RefKind, *, origin: audit.Origin, now: dt.datetime
) -> bytes:
    """The kind's rows as an .xlsx file; the export is logged with its row count.
    Export is a right of its own (导出权限), reference data included."""
    export_rights.require_some(session, auth.user.id)
    entries = load(session).rows[kind]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind_name(kind, Language.ZH_CN)
    columns = COLUMNS[kind]
    sheet.append([c.title(Language.ZH_CN) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, entry in enumerate(entries.values(), start=2):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=number, column=index)
            cell.value = _shown(column.key, entry.values.get(column.key, ""))
            cell.data_type = "s"  # text, never a number or a formula
            cell.number_format = "@"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    book.properties.title = f"{kind_name(kind, Language.ZH_CN)} {now.date().isoformat()}"
    book.properties.creator = auth.user.username
    out = io.BytesIO()
    book.save(out)
    audit.record(
        session,
        auth.actor,
        "reference.exported",
        origin=origin,
        at=now,
        target_type=kind.value,
        after={"rows": len(entries)},
    )
    return out.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code Excel took for a number
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(kind: RefKind, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows of an exported (and edited) file, numbered as Excel shows them."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainError("refdata.file_too_large", status=413, max_mb=MAX_FILE_BYTES >> 20)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise DomainError("refdata.bad_file", status=422, detail=str(exc)[:200]) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_text(v) for v in next(rows, ())]
        keys: dict[int, str] = {}
        for index, title in enumerate(header):
            for column in COLUMNS[kind]:
                if not column.read_only and title in (*column.titles, column.key):
                    keys[index] = column.key
        missing = [
            c
            for c in COLUMNS[kind]
            if not c.read_only and c.key != "status" and c.key not in keys.values()
        ]
        if missing:
            raise DomainError(
                "refdata.missing_columns",
                status=422,
                columns_words=[field_code(c.key) for c in missing],
            )
        found: list[tuple[int, dict[str, str]]] = []
        for number, cells in enumerate(rows, start=2):
            values = {keys[i]: _text(v) for i, v in enumerate(cells) if i in keys}
            if not any(values.values()):
                continue  # blank lines are skipped, not errors
            found.append((number, values))
            if len(found) > MAX_IMPORT_ROWS:
                raise DomainError("refdata.too_many_rows", status=422, max=MAX_IMPORT_ROWS)
    finally:
        book.close()
    if not found:
        raise DomainError("refdata.empty_file", status=422)
    return found


def _token(kind: RefKind, data: bytes, plan: Plan) -> str:
    planned = [(c.row, c.action, c.key, c.after) for c in plan.changes]
    digest = hashlib.sha256(kind.value.encode() + hashlib.sha256(data).digest())
    digest.update(json.dumps(planned, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _report(kind: RefKind, rows: int, plan: Plan, token: str | None) -> RefImportReportOut:
    def change(c: Any) -> RefChange:
        before = None if c.old is None else dict(c.old.values)
        return RefChange(row=c.row, action=c.action, key=c.key, before=before, after=c.after)

    return RefImportReportOut(
        kind=kind,
        rows=rows,
        to_add=[change(c) for c in plan.changes if c.action == "add"],
        to_change=[change(c) for c in plan.changes if c.action == "change"],
        unchanged=plan.unchanged,
        problems=plan.problems,
        token=None if plan.problems else token,
        applied=False,
    )


def import_file(
    session: Session,
    auth: Authenticated,
    kind: RefKind,
    body: RefImportIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> RefImportReportOut:
    """Without ``confirm``: the dry run's report. With it: the same check again and,
    if it still plans exactly that, everything applied in this transaction."""
    data = bytes(body.file)
    rows = read_rows(kind, data)
    if body.confirm is not None:
        lock(session)
    snapshot = load(session)
    plan = make_plan(snapshot, kind, rows, mode="upsert")
    token = _token(kind, data, plan)
    report = _report(kind, len(rows), plan, token)
    if body.confirm is None:
        return report
    if plan.problems:
        raise DomainError(
            "refdata.import_rejected",
            status=422,
            count=len(plan.problems),
            rows=len({p.row for p in plan.problems}),
            problems=[p.model_dump(mode="json") for p in plan.problems],
        )
    if body.confirm != token:
        raise DomainError("refdata.import_stale", status=409)
    apply(session, auth, snapshot, plan, origin=origin, now=now)
    audit.record(
        session,
        auth.actor,
        "reference.imported",
        origin=origin,
        at=now,
        target_type=kind.value,
        after={
            "file_sha256": hashlib.sha256(data).hexdigest(),
            "rows": len(rows),
            "added": len(report.to_add),
            "changed": len(report.to_change),
        },
    )
    return report.model_copy(update={"applied": True})
