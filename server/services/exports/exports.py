"""Excel export of a query (导出): what DOMAIN.md asks of every exported file.

Real numbers with a two-decimal money format and real dates, a frozen header,
column widths, a title row saying which filters were used and who exported when
(also in the document properties), and a new sheet past Excel's 1,048,576 rows.
openpyxl's write-only mode with lxml streams rows to disk as they come from a
server-side cursor, so memory stays flat however many rows there are. Export
rights are the query's: a user exports exactly what their scope lets them find.
Every export is in the operation log with its row count.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from common import i18n
from common.document_messages import field_name
from common.enums import DocumentKind, DocumentStatus, Language
from common.labels import label, labels_of
from common.schemas.reports import ReportExportIn
from common.schemas.search import DocumentQuery
from server.db.models import Account, BudgetItem, BudgetUnit, Document, User
from server.services.accounts import people
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights, numbering
from server.services.core.working_days import OFFICE_TZ
from server.services.exports import search

EXCEL_MAX_ROWS = 1_048_576
MONEY_FORMAT = "#,##0.00;[Red]-#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
STREAM_BATCH = 2_000
FORMULA_STARTS = ("=", "+", "-", "@")

# (key, width); each column's title is ``words.export.documents.col.<key>``
COLUMNS: Sequence[tuple[str, int]] = (
    ("number", 12),
    ("kind", 8),
    ("doc_date", 12),
    ("unit", 28),
    ("amount", 16),
    ("counterparty", 24),
    ("summary", 36),
    ("status", 8),
    ("maker", 12),
    ("attachment_count", 10),
)


def column_titles(language: Language) -> list[str]:
    return [i18n.text(f"words.export.documents.col.{key}", language) for key, _ in COLUMNS]


def _as_text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """Typed text that looks like a formula stays text (DOMAIN.md: = + - @ never
    become formulas in an exported file)."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def describe_filters(
    session: Session, auth: Authenticated, q: DocumentQuery, language: Language
) -> str:
    """The filters that were set, as people read them: names, not ids (a person
    only by a name the caller may know — people.names — else by id)."""
    defaults = DocumentQuery()
    parts = []
    for key, value in q.model_dump(mode="json").items():
        if key in ("sort", "descending") or value == getattr(defaults, key) or value == []:
            continue
        shown = _readable(session, auth, key, value, language)
        parts.append(f"{field_name(key, language)}={shown}")
    if not parts:
        return i18n.text("words.all", language)
    return i18n.text("words.sep.filters", language).join(parts)


def _readable(
    session: Session, auth: Authenticated, key: str, value: Any, language: Language
) -> str:
    named: dict[str, Any] = {"unit_id": BudgetUnit, "item_id": BudgetItem, "account_id": Account}
    if key in named:
        row = session.get(named[key], value)
        return f"{row.code} {row.name}" if row is not None else str(value)
    if key in ("maker_id", "reviewer_id"):
        return people.names(session, auth, [value]).get(value, f"#{value}")
    if key == "kind":
        return label(DocumentKind(value), language)
    if key == "statuses":
        return "/".join(label(DocumentStatus(status), language) for status in value)
    return str(value)


def write_workbook(
    target: Path,
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    money_columns: frozenset[int],
    date_columns: frozenset[int],
    creator: str,
    subject: str,
    rows_per_sheet: int = EXCEL_MAX_ROWS - 2,
    sheet_name: str = "Sheet",
) -> int:
    """Stream ``rows`` into an .xlsx at ``target``; the number of data rows."""
    book = Workbook(write_only=True)
    book.properties.creator = creator
    book.properties.title = title
    book.properties.subject = subject
    bold = Font(bold=True)
    count, sheet, on_sheet = 0, None, 0
    pages = 0
    # One styled cell per money or date column, its value set row by row: the
    # write-only sheet writes each row out as it is appended, and styling a new
    # cell for every value costs a quarter of the export's time.
    styled: dict[int, Cell] = {}

    def new_sheet() -> WriteOnlyWorksheet:
        nonlocal pages
        pages += 1
        ws: WriteOnlyWorksheet = book.create_sheet(
            sheet_name if pages == 1 else f"{sheet_name} ({pages})"
        )
        ws.freeze_panes = "A3"
        dimensions = ws.column_dimensions  # type: ignore[attr-defined]  # missing in the stubs
        for index, width in enumerate(widths):
            dimensions[get_column_letter(index + 1)].width = width
        caption = WriteOnlyCell(ws, value=title)
        caption.font = bold
        ws.append([caption])
        header = []
        for text in headers:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        styled.clear()
        for index in money_columns | date_columns:
            cell = WriteOnlyCell(ws)
            cell.number_format = MONEY_FORMAT if index in money_columns else DATE_FORMAT
            styled[index] = cell
        return ws

    try:
        for row in rows:
            if sheet is None or on_sheet == rows_per_sheet:
                sheet, on_sheet = new_sheet(), 0
            cells: list[Any] = []
            for index, value in enumerate(row):
                if index in styled:
                    styled[index].value = value
                    cells.append(styled[index])
                elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cells.append(_as_text(sheet, value))
                else:
                    cells.append(value)
            sheet.append(cells)
            on_sheet += 1
            count += 1
    except BaseException:
        _discard(book)
        raise
    if sheet is None:
        new_sheet()
    book.save(target)
    return count


def _discard(book: Workbook) -> None:
    """A write-only sheet streams into a temporary file until the book is saved;
    an export stopped midway ends each sheet's XML writer cleanly and removes the
    files (they hold the rows written so far)."""
    for ws in book.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            ws.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def rows_statement(
    session: Session, auth: Authenticated, q: DocumentQuery
) -> Select[*tuple[Any, ...]]:
    """What an export writes: the query's rows in its order, the columns people read."""
    return (
        select(
            Document.series,
            Document.number,
            Document.kind,
            Document.doc_date,
            BudgetUnit.code,
            BudgetUnit.name,
            Document.amount,
            Document.counterparty,
            Document.summary,
            Document.status,
            User.display_name,
            Document.attachment_count,
        )
        .join(BudgetUnit, BudgetUnit.id == Document.unit_id)
        .join(User, User.id == Document.maker_id)
        .where(and_(*search.conditions(session, auth, q)))
        .where(*export_rights.document_conditions(session, auth.user.id))
        .order_by(*search.ordering(q))
    )


def _document_rows(
    session: Session, auth: Authenticated, q: DocumentQuery, language: Language
) -> Iterator[tuple[Any, ...]]:
    kinds = labels_of(DocumentKind, language)  # the same words as on screen
    statuses = labels_of(DocumentStatus, language)
    statement = rows_statement(session, auth, q).execution_options(yield_per=STREAM_BATCH)
    for row in session.execute(statement):
        yield (
            numbering.display(row.series, row.number) or "",
            kinds[row.kind],
            row.doc_date,
            f"{row.code} {row.name}",
            row.amount,
            row.counterparty,
            row.summary,
            statuses[row.status],
            row.display_name,
            row.attachment_count,
        )


def export_documents(
    session: Session,
    auth: Authenticated,
    q: DocumentQuery,
    target: Path,
    *,
    language: Language,
    now: dt.datetime,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Write the query's documents as an .xlsx at ``target``; the row count.
    ``on_batch`` hears the rows written so far every STREAM_BATCH rows and may
    raise to stop (the caller removes the partial file)."""
    filters = describe_filters(session, auth, q, language)
    when = now.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M")
    who = f"{auth.user.display_name} ({auth.user.username})"
    title = i18n.text("words.export.documents.title", language, filters=filters, who=who, when=when)

    def counted() -> Iterator[tuple[Any, ...]]:
        for count, row in enumerate(_document_rows(session, auth, q, language), start=1):
            yield row
            if on_batch is not None and count % STREAM_BATCH == 0:
                on_batch(count)

    return write_workbook(
        target,
        counted(),
        title=title,
        headers=column_titles(language),
        widths=[width for _, width in COLUMNS],
        money_columns=frozenset({4}),
        date_columns=frozenset({2}),
        creator=who,
        subject=filters,
        sheet_name=i18n.text("words.export.documents.sheet", language),
    )


def log_export(
    session: Session,
    actor: audit.Actor,
    q: DocumentQuery,
    count: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """Every export is in the operation log with its row count (DOMAIN.md)."""
    audit.record(
        session,
        actor,
        "export.documents",
        origin=origin,
        at=now,
        target_type="export",
        after={"rows": count, "filters": q.model_dump(mode="json")},
    )


def log_report_export(
    session: Session,
    actor: audit.Actor,
    body: ReportExportIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """A report the desktop writes itself (a PDF with its charts, the 断号检查 list):
    asked before the file is written, so the right (导出权限) is checked here."""
    if actor.id is not None:
        export_rights.require_some(session, actor.id)
    audit.record(
        session,
        actor,
        "export.report",
        origin=origin,
        at=now,
        target_type="export",
        after=body.model_dump(mode="json"),
    )
