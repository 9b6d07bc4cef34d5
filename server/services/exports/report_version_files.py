"""A saved report version to Excel (报表审核): laid out from the saved answer,
not computed again, so the file has the numbers as they were signed; its
heading carries the version's state — 已审核 by whom and when, 已退回 and why,
or 待审核 — and 已过期 with what changed when the books moved on since. Written
by the export workers as a job of its own kind; logged like a report's export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from common.enums import Language
from common.schemas.report_versions import VersionState
from common.schemas.statements import StatementOut
from server.db.models import ExportJob, ReportVersion, ReportVersionDecision
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights, numbering
from server.services.core.working_days import OFFICE_TZ
from server.services.exports import export_jobs, report_exports, report_versions
from server.services.ledger import ledger_basis

KIND = "report_version"  # export_jobs.kind of a saved version's Excel file


def start_export(
    session: Session,
    auth: Authenticated,
    version_id: int,
    *,
    language: Language,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExportJob:
    """The saved version to Excel, as an export job (the same rights as the report's)."""
    version = report_versions.visible(session, auth, version_id)
    export_rights.require_some(session, auth.user.id)
    export_jobs.check_not_busy(session, auth)
    return export_jobs.queue(
        session,
        auth,
        kind=KIND,
        query={"version": version.id},
        rows_total=len(version.result.get("lines", [])),
        language=language,
        origin=origin,
        now=now,
        file_name=f"countersign-{version.report.replace('_', '-')}-v{version.id}",
    )


def _when(at: dt.datetime) -> str:
    return at.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M")


def stamp(session: Session, version: ReportVersion, *, chinese: bool) -> list[str]:
    """The version's state as its file's heading says it: 已审核 by whom and when,
    退回 and why, or 待审核; then 已过期 and what changed, if the books moved on."""
    decision = session.get(ReportVersionDecision, version.id)
    preparer = report_versions.name_of(session, version.prepared_by)
    lines = [
        f"报表版本 #{version.id}:{preparer} 于 {_when(version.prepared_at)} 编制"
        if chinese
        else f"Report version #{version.id}, prepared by {preparer} at {_when(version.prepared_at)}"
    ]
    state = report_versions.state_of(decision)
    if decision is not None and state is VersionState.SIGNED:
        who, when = (
            report_versions.name_of(session, decision.decided_by),
            _when(decision.decided_at),
        )
        lines.append(
            f"已审核 by {who} at {when}(北京时间)"
            if chinese
            else f"已审核 (signed off) by {who} at {when} (China time)"
        )
    elif decision is not None:
        who, when = (
            report_versions.name_of(session, decision.decided_by),
            _when(decision.decided_at),
        )
        lines.append(
            f"已退回:{who} 于 {when},原因:{decision.reason}"
            if chinese
            else f"Returned by {who} at {when}: {decision.reason}"
        )
    else:
        lines.append("待审核(未签字)" if chinese else "Awaiting sign-off (not signed)")
    changed = ledger_basis.changes(session, version.basis)
    if changed.outdated:
        docs = ledger_basis.documents_of(session, changed.documents)
        named = ", ".join(numbering.display(d.series, d.number) or f"#{d.id}" for d in docs)
        parts = []
        if named:
            parts.append(("变动的单据:" if chinese else "documents changed: ") + named)
        if changed.reopened_months:
            months = ", ".join(changed.reopened_months)
            parts.append(("反结账的月份:" if chinese else "months reopened: ") + months)
        if changed.openings_changed:
            parts.append("期初余额已修改" if chinese else "opening balances changed")
        if changed.year_end_changed:
            parts.append("年结凭证已生成或撤销" if chinese else "year-end entries made or undone")
        if changed.layout_changed:
            parts.append("报表格式已调整" if chinese else "the layout changed")
        lines.append(
            "已过期:编制后账簿已有变动(" + ";".join(parts) + ")"
            if chinese
            else "已过期 (outdated): the books changed since it was prepared ("
            + "; ".join(parts)
            + ")"
        )
    return lines


def write(
    session: Session,
    auth: Authenticated,
    query: dict[str, Any],
    target: Path,
    *,
    language: Language,
    now: dt.datetime,
) -> int:
    """The saved version's workbook: laid out from the saved answer (its numbers
    as signed), headed with its state."""
    version = report_versions.visible(session, auth, int(query["version"]))
    found = report_exports.entry(version.report)
    params = report_exports.parse(found, version.parameters)
    chinese = language is Language.ZH_CN
    laid = found.layout(StatementOut.model_validate(version.result), params, chinese)
    title = found.title(Language.ZH_CN if chinese else Language.EN)
    filters = report_exports.describe(session, params, chinese=chinese)
    name, login = auth.user.display_name, auth.user.username
    who = f"{name}({login})" if chinese else f"{name} ({login})"
    heading = [
        title,
        *stamp(session, version, chinese=chinese),
        f"条件:{filters}" if chinese else f"Filters: {filters}",
        f"导出人:{who}    导出时间:{_when(now)}(北京时间)"
        if chinese
        else f"Exported by {who} at {_when(now)} (China time)",
        *laid.notes,
    ]
    report_exports.write_book(
        target, laid, heading=heading, title=title, creator=who, subject=filters, chinese=chinese
    )
    return len(laid.rows)


def log(
    session: Session,
    actor: audit.Actor,
    query: dict[str, Any],
    count: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """Into the operation log as a report's export, naming the version."""
    version = session.get(ReportVersion, int(query["version"]))
    audit.record(
        session,
        actor,
        "export.report",
        origin=origin,
        at=now,
        target_type="report_version",
        target_id=int(query["version"]),
        after={
            "report": version.report if version else "",
            "parameters": version.parameters if version else {},
            "rows": count,
            "format": "xlsx",
        },
    )
