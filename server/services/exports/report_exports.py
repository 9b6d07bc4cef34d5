"""A report exported to Excel (报表导出 Excel), as an export job.

Starting one checks everything the caller could get wrong or may not do, so the
answer says it at once: the report's name, each parameter (its name and the
rule it broke, in both languages), the export right (导出权限: any right at all,
as for the report's PDF — a report is figures of the caller's unit scope, never
of documents one by one, so 'own' or 'decided' cannot narrow it; the same right
must give both formats of the same report), the permission of a report beyond
the unit scope (系统使用情况: auditors and administrators, as its route), and
the report itself: it is computed once, with the very service function and
arguments its route uses, so its own refusals (an end date before the start,
an unknown account) come back as they would on screen, and its row count is the
job's total. A worker of any server process then computes it again — the unit
scope is the caller's, as on screen — and writes the workbook: title, filters,
who exported it and when (also in the document properties), the screen's
columns with real numbers in their number formats. The operation log has it
with its row count, like every export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from pydantic import ValidationError
from sqlalchemy.orm import Session

from common import i18n
from common.enums import Language
from common.errors import DomainError
from common.permissions import PERMISSIONS, granted
from common.report_export_messages import parameter_error, parameter_label
from common.schemas.report_exports import YEARS, ReportName, ReportParams
from server.db.models import Account, ExportJob
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights
from server.services.core.roles import roles_of
from server.services.core.working_days import OFFICE_TZ
from server.services.exports import export_jobs
from server.services.exports.exports import EXCEL_MAX_ROWS, FORMULA_STARTS
from server.services.exports.report_layouts import CellKind, Laid
from server.services.exports.report_registry import REGISTRY, ReportExport

KIND = "report"  # export_jobs.kind of these jobs
# SummaryBy and EfficiencyBy values, as the screen's choices say them: words.report.by.<value>


def entry(report: str) -> ReportExport:
    """The registry's entry; 404 naming the reports that exist."""
    if report not in ReportName._value2member_map_:
        choices = ", ".join(name.value for name in ReportName)
        raise DomainError("report_export.unknown", status=404, report=report, choices=choices)
    return REGISTRY[ReportName(report)]


def parse(found: ReportExport, body: Any) -> ReportParams:
    """The parameters, checked by the report's schema; 422 naming the first bad
    one and its rule in both languages."""
    if not isinstance(body, dict):
        raise DomainError("report_export.not_an_object", status=422, field="parameters")
    try:
        return found.schema.model_validate(body)
    except ValidationError as exc:
        code, params = parameter_error(exc.errors(), allowed=found.parameters(), limits=YEARS)
        raise DomainError(code, status=422, **params) from None


def _permitted(session: Session, auth: Authenticated, found: ReportExport) -> None:
    if found.permission is None:
        return
    roles = auth.roles if auth.roles is not None else roles_of(session, auth.user.id)
    if not granted(roles, found.permission):
        grant = PERMISSIONS[found.permission]
        raise DomainError(
            "auth.forbidden", status=403, roles=", ".join(r.value for r in grant.roles)
        )


def lay_out(
    session: Session,
    auth: Authenticated,
    found: ReportExport,
    params: ReportParams,
    *,
    now: dt.datetime,
    language: Language,
) -> Laid:
    """The report computed as its route computes it, laid out as on screen."""
    answer = found.compute(session, auth, params, now)
    return found.layout(answer, params, language)


def start(
    session: Session,
    auth: Authenticated,
    report: str,
    body: Any,
    *,
    language: Language,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExportJob:
    """Check, compute once (its row count), queue the job."""
    found = entry(report)
    _permitted(session, auth, found)  # who may not export it learns nothing of its rules
    export_rights.require_some(session, auth.user.id)
    params = parse(found, body)
    export_jobs.check_not_busy(session, auth)
    laid = lay_out(session, auth, found, params, now=now, language=Language.ZH_CN)
    return export_jobs.queue(
        session,
        auth,
        kind=KIND,
        query={"report": found.name.value, "parameters": params.model_dump(mode="json")},
        rows_total=len(laid.rows),
        language=language,
        origin=origin,
        now=now,
        file_name=f"countersign-{found.name.value.replace('_', '-')}",
    )


def stored(query: dict[str, Any]) -> tuple[ReportExport, ReportParams]:
    """A queued job's report and parameters (as start checked them)."""
    found = REGISTRY[ReportName(query["report"])]
    return found, found.schema.model_validate(query["parameters"])


def describe(session: Session, params: ReportParams, language: Language) -> str:
    """The parameters as people read them: names, not ids."""
    parts = []
    for key, value in params.model_dump().items():
        label = parameter_label(key, language)
        if key == "account_id":
            account = session.get(Account, value)
            shown = f"{account.code} {account.name}" if account is not None else f"#{value}"
        elif isinstance(value, bool):
            shown = i18n.text("words.yes" if value else "words.no", language)
        elif key == "by":
            shown = i18n.text(f"words.report.by.{value}", language)
        elif isinstance(value, dt.date):
            shown = value.isoformat()
        else:
            shown = str(value)
        parts.append(i18n.text("words.report.parameter", language, label=label, value=shown))
    return i18n.text("words.sep.filters", language).join(parts)


def write(
    session: Session,
    auth: Authenticated,
    query: dict[str, Any],
    target: Path,
    *,
    language: Language,
    now: dt.datetime,
) -> int:
    """Compute the job's report within its owner's scope and write it at
    ``target``; the number of data rows (an opening row and the 合计 line are
    not data, as in the PDF's count)."""
    found, params = stored(query)
    laid = lay_out(session, auth, found, params, now=now, language=language)
    title = found.title(language)
    filters = describe(session, params, language)
    who = person(auth.user.display_name, auth.user.username, language)
    when = now.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M")
    heading = [
        title,
        i18n.text("words.report.filters", language, filters=filters),
        i18n.text("words.report.exported_by", language, who=who, when=when),
        *laid.notes,
    ]
    write_book(
        target, laid, heading=heading, title=title, creator=who, subject=filters, language=language
    )
    return len(laid.rows)


def person(name: str, login: str, language: Language) -> str:
    """ "张三(zhang)" / "Zhang San (zhang)": who exported or prepared a file."""
    return i18n.text("words.report.person", language, name=name, login=login)


def write_book(
    target: Path,
    laid: Laid,
    *,
    heading: list[str],
    title: str,
    creator: str,
    subject: str,
    language: Language,
    rows_per_sheet: int | None = None,
) -> None:
    """The heading lines (the first one large), the header, then the rows, the
    first and 合计 rows bold; past Excel's 1,048,576 rows (or ``rows_per_sheet``)
    the rows go on in a new sheet with the same heading and header."""
    book = Workbook(write_only=True)
    book.properties.creator = creator
    book.properties.title = title
    book.properties.subject = subject
    book.properties.description = "\n".join(heading)
    bold, big = Font(bold=True), Font(bold=True, size=14)
    body: list[tuple[tuple[Any, ...], bool, int]] = []
    if laid.first is not None:
        body.append((laid.first, True, 0))
    levels = laid.indent or [0] * len(laid.rows)
    body.extend((row, False, level) for row, level in zip(laid.rows, levels, strict=True))
    if laid.total is not None:
        body.append((laid.total, True, 0))
    room = rows_per_sheet or EXCEL_MAX_ROWS - len(heading) - 1  # rows under the heading
    pages = [body[n : n + room] for n in range(0, len(body), room)] or [[]]
    for number, page in enumerate(pages, start=1):
        name = title[:25] if number == 1 else f"{title[:25]} ({number})"
        sheet: WriteOnlyWorksheet = book.create_sheet(name)
        sheet.freeze_panes = f"A{len(heading) + 2}"
        dimensions = sheet.column_dimensions  # type: ignore[attr-defined]  # missing in the stubs
        for index, column in enumerate(laid.columns):
            dimensions[get_column_letter(index + 1)].width = column.width
        for line, text in enumerate(heading):
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = big if line == 0 else Font()
            sheet.append([cell])
        headers = []
        for column in laid.columns:
            cell = WriteOnlyCell(sheet, value=column.title(language))
            cell.font = bold
            headers.append(cell)
        sheet.append(headers)
        for row, strong, level in page:
            sheet.append(_cells(sheet, laid, row, strong=strong, level=level))
    book.save(target)


def _cells(
    sheet: WriteOnlyWorksheet, laid: Laid, row: tuple[Any, ...], *, strong: bool, level: int
) -> list[Cell]:
    cells = []
    for index, (column, value) in enumerate(zip(laid.columns, row, strict=True)):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # typed text (a summary) never becomes a formula
        elif column.kind is not CellKind.TEXT and value is not None:
            cell.number_format = column.kind.value
        if strong:
            cell.font = Font(bold=True)
        if level and index == laid.indent_column:
            cell.alignment = Alignment(indent=level)
        cells.append(cell)
    return cells


def log(
    session: Session,
    actor: audit.Actor,
    query: dict[str, Any],
    count: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """Into the operation log like the report's PDF (export.report), with its
    parameters and row count."""
    audit.record(
        session,
        actor,
        "export.report",
        origin=origin,
        at=now,
        target_type="export",
        after={
            "report": query["report"],
            "parameters": query["parameters"],
            "rows": count,
            "format": "xlsx",
        },
    )
