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

from common import i18n
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


def stamp(session: Session, version: ReportVersion, language: Language) -> list[str]:
    """The version's state as its file's heading says it: 已审核 by whom and when,
    退回 and why, or 待审核; then 已过期 and what changed, if the books moved on."""
    decision = session.get(ReportVersionDecision, version.id)
    preparer = report_versions.name_of(session, version.prepared_by)
    lines = [
        i18n.text(
            "words.report_version.prepared",
            language,
            id=version.id,
            who=preparer,
            when=_when(version.prepared_at),
        )
    ]
    state = report_versions.state_of(decision)
    if decision is not None and state is VersionState.SIGNED:
        who, when = (
            report_versions.name_of(session, decision.decided_by),
            _when(decision.decided_at),
        )
        lines.append(i18n.text("words.report_version.signed", language, who=who, when=when))
    elif decision is not None:
        who, when = (
            report_versions.name_of(session, decision.decided_by),
            _when(decision.decided_at),
        )
        lines.append(
            i18n.text(
                "words.report_version.returned",
                language,
                who=who,
                when=when,
                reason=decision.reason,
            )
        )
    else:
        lines.append(i18n.text("words.report_version.awaiting", language))
    changed = ledger_basis.changes(session, version.basis)
    if changed.outdated:
        docs = ledger_basis.documents_of(session, changed.documents)
        named = ", ".join(numbering.display(d.series, d.number) or f"#{d.id}" for d in docs)
        parts = []
        if named:
            parts.append(i18n.text("words.report_version.changed.documents", language) + named)
        if changed.reopened_months:
            months = ", ".join(changed.reopened_months)
            parts.append(i18n.text("words.report_version.changed.months", language) + months)
        if changed.openings_changed:
            parts.append(i18n.text("words.report_version.changed.openings", language))
        if changed.year_end_changed:
            parts.append(i18n.text("words.report_version.changed.year_end", language))
        if changed.layout_changed:
            parts.append(i18n.text("words.report_version.changed.layout", language))
        changes = i18n.text("words.sep.filters", language).join(parts)
        lines.append(i18n.text("words.report_version.outdated", language, changes=changes))
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
    laid = found.layout(StatementOut.model_validate(version.result), params, language)
    title = found.title(language)
    filters = report_exports.describe(session, params, language)
    who = report_exports.person(auth.user.display_name, auth.user.username, language)
    heading = [
        title,
        *stamp(session, version, language),
        i18n.text("words.report.filters", language, filters=filters),
        i18n.text("words.report.exported_by", language, who=who, when=_when(now)),
        *laid.notes,
    ]
    report_exports.write_book(
        target, laid, heading=heading, title=title, creator=who, subject=filters, language=language
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
