"""Report versions (报表审核, DOMAIN.md "Opening balances, statements and
year-end"): the analyst saves a statement as a version, a reviewer signs it off
or returns it with a reason; a signed version is frozen, and reads outdated
once the ledger of its units and period changes.

Saving computes the statement with the very function and parameters of its
route and of its Excel export (report_registry), within the caller's scope, and
keeps the answer beside the basis it was computed from (ledger_basis). Versions
and decisions are rows the server only inserts (server/db/roles.py APPEND_ONLY);
one decision per version (its primary key), so a version is signed or returned
once. Whoever has REPORTS sees a version whose units are all in their scope;
only REPORT_SIGN (the route checks it) decides, never on one's own version
(four eyes), and never signs a version the books have moved on from. Every step
is in the operation log. Its Excel file: report_version_files.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import BigInteger

from common.enums import DocumentStatus
from common.errors import DomainError
from common.schemas.report_exports import ReportName, StatementParams
from common.schemas.report_versions import (
    VERSIONED_REPORTS,
    ChangedDocumentOut,
    ReportVersionDetailOut,
    ReportVersionIn,
    ReportVersionOut,
    ReturnIn,
    VersionState,
)
from common.schemas.statements import StatementKind, StatementOut
from server.db.models import BudgetUnit, ReportVersion, ReportVersionDecision, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, numbering, scope
from server.services.core.working_days import OFFICE_TZ
from server.services.exports import report_exports
from server.services.ledger import ledger_basis, statements

LIST_LIMIT = 200
_KINDS = {
    ReportName.BALANCE_SHEET: StatementKind.BALANCE_SHEET,
    ReportName.INCOME_EXPENSE: StatementKind.INCOME_EXPENSE,
    ReportName.BUDGET_EXECUTION: StatementKind.BUDGET_EXECUTION,
}


def _versioned(report: str) -> ReportName:
    if report not in {name.value for name in VERSIONED_REPORTS}:
        raise DomainError(
            "report_version.not_versioned",
            status=422,
            field="report",
            report=report,
            choices=", ".join(name.value for name in VERSIONED_REPORTS),
        )
    return ReportName(report)


def prepare(
    session: Session,
    auth: Authenticated,
    body: ReportVersionIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> ReportVersionDetailOut:
    """Compute the statement now and save it with its basis. The basis is read
    first: a voucher approved between the two reads is then in the numbers but
    not in the basis, and the version reads outdated (never the other way)."""
    name = _versioned(body.report)
    found = report_exports.entry(name.value)
    params = report_exports.parse(found, body.parameters)
    assert isinstance(params, StatementParams)
    kind = _KINDS[name]
    units = statements.statement_units(session, auth, params.unit, subtree=params.subtree)
    try:
        ranges = ledger_basis.reach(kind, params.period)
    except ValueError:
        raise DomainError(
            "statement.bad_period", status=422, field="period", period=params.period
        ) from None
    basis = ledger_basis.basis(session, units, ranges, posted_only=params.posted_only, kind=kind)
    answer = found.compute(session, auth, params, now)
    version = ReportVersion(
        report=name.value,
        parameters=params.model_dump(mode="json"),
        result=answer.model_dump(mode="json"),
        unit_id=params.unit,
        units=units,
        fingerprint=ledger_basis.digest(basis),
        basis=basis,
        prepared_by=auth.user.id,
        prepared_at=now,
    )
    session.add(version)
    session.flush()
    audit.record(
        session,
        auth.actor,
        "report_version.prepared",
        origin=origin,
        at=now,
        target_type="report_version",
        target_id=version.id,
        after={
            "report": version.report,
            "parameters": version.parameters,
            "fingerprint": version.fingerprint,
            "documents": len(basis["documents"]),
        },
    )
    return detail(session, version)


def _scope_array(session: Session, auth: Authenticated) -> Any:
    units = sorted(scope.units_in_scope(session, auth.user.id))
    return literal(units, type_=ARRAY(BigInteger))


def visible(session: Session, auth: Authenticated, version_id: int) -> ReportVersion:
    """The version if every unit it adds up is in the caller's scope; else the
    same 404 as for one that does not exist."""
    version = session.scalar(
        select(ReportVersion).where(
            ReportVersion.id == version_id,
            ReportVersion.units.contained_by(_scope_array(session, auth)),
        )
    )
    if version is None:
        raise DomainError("report_version.not_found", status=404, version_id=version_id)
    return version


def versions(
    session: Session,
    auth: Authenticated,
    *,
    report: str | None = None,
    state: VersionState | None = None,
) -> list[ReportVersionOut]:
    """The newest versions within the caller's scope (at most LIST_LIMIT)."""
    query = (
        select(ReportVersion, ReportVersionDecision)
        .outerjoin(ReportVersionDecision, ReportVersionDecision.version_id == ReportVersion.id)
        .where(ReportVersion.units.contained_by(_scope_array(session, auth)))
        .order_by(ReportVersion.id.desc())
        .limit(LIST_LIMIT)
    )
    if report:
        query = query.where(ReportVersion.report == _versioned(report).value)
    if state is VersionState.PREPARED:
        query = query.where(ReportVersionDecision.version_id.is_(None))
    elif state is not None:
        query = query.where(ReportVersionDecision.decision == state.value)
    return [_out(session, version, decision) for version, decision in session.execute(query)]


def state_of(decision: ReportVersionDecision | None) -> VersionState:
    return VersionState.PREPARED if decision is None else VersionState(decision.decision)


def name_of(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else ""


def _out(
    session: Session, version: ReportVersion, decision: ReportVersionDecision | None
) -> ReportVersionOut:
    unit = session.get(BudgetUnit, version.unit_id)
    assert unit is not None
    changed = ledger_basis.changes(session, version.basis)
    return ReportVersionOut(
        id=version.id,
        report=ReportName(version.report),
        parameters=version.parameters,
        unit_id=unit.id,
        unit_code=unit.code,
        unit_name=unit.name,
        period=str(version.parameters.get("period", "")),
        state=state_of(decision),
        prepared_by_id=version.prepared_by,
        prepared_by=name_of(session, version.prepared_by),
        prepared_at=version.prepared_at,
        decided_by_id=decision.decided_by if decision else None,
        decided_by=name_of(session, decision.decided_by if decision else None),
        decided_at=decision.decided_at if decision else None,
        reason=decision.reason if decision else "",
        fingerprint=version.fingerprint,
        documents=len(version.basis["documents"]),
        outdated=changed.outdated,
        changed_documents=[
            ChangedDocumentOut(
                id=doc.id,
                number=numbering.display(doc.series, doc.number),
                status=DocumentStatus(doc.status),
                doc_date=doc.doc_date,
                summary=doc.summary,
            )
            for doc in ledger_basis.documents_of(session, changed.documents)
        ],
        openings_changed=changed.openings_changed,
        reopened_months=changed.reopened_months,
        year_end_changed=changed.year_end_changed,
        layout_changed=changed.layout_changed,
    )


def detail(session: Session, version: ReportVersion) -> ReportVersionDetailOut:
    """The version with its saved answer, exactly as it was computed."""
    decision = session.get(ReportVersionDecision, version.id)
    out = _out(session, version, decision)
    return ReportVersionDetailOut(
        **out.model_dump(), result=StatementOut.model_validate(version.result)
    )


def show(session: Session, auth: Authenticated, version_id: int) -> ReportVersionDetailOut:
    return detail(session, visible(session, auth, version_id))


def _decide(
    session: Session,
    auth: Authenticated,
    version_id: int,
    state: VersionState,
    *,
    reason: str,
    origin: audit.Origin,
    now: dt.datetime,
) -> ReportVersionDetailOut:
    version = visible(session, auth, version_id)
    if version.prepared_by == auth.user.id:
        raise DomainError("report_version.own_version", status=403)
    earlier = session.get(ReportVersionDecision, version.id)
    if earlier is not None:
        raise DomainError(
            "report_version.decided",
            status=409,
            who=name_of(session, earlier.decided_by),
            at=earlier.decided_at.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M"),
            state_words=f"words.report_version.decided.{VersionState(earlier.decision).value}",
        )
    changed = ledger_basis.changes(session, version.basis)
    if state is VersionState.SIGNED and changed.outdated:
        raise DomainError(
            "report_version.outdated",
            status=409,
            documents=len(changed.documents),
        )
    session.add(
        ReportVersionDecision(
            version_id=version.id,
            decision=state.value,
            decided_by=auth.user.id,
            decided_at=now,
            reason=reason,
        )
    )
    session.flush()
    after: dict[str, Any] = {"report": version.report, "fingerprint": version.fingerprint}
    if reason:
        after["reason"] = reason
    audit.record(
        session,
        auth.actor,
        f"report_version.{state.value}",
        origin=origin,
        at=now,
        target_type="report_version",
        target_id=version.id,
        after=after,
    )
    return detail(session, version)


def sign(
    session: Session,
    auth: Authenticated,
    version_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> ReportVersionDetailOut:
    """签字: the version is signed off as it stands, by someone who did not prepare it."""
    return _decide(
        session, auth, version_id, VersionState.SIGNED, reason="", origin=origin, now=now
    )


def return_version(
    session: Session,
    auth: Authenticated,
    version_id: int,
    body: ReturnIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> ReportVersionDetailOut:
    """退回 with a reason (the analyst prepares a new version)."""
    reason = body.reason.strip()
    if not reason:
        raise DomainError("report_version.reason_required", status=422, field="reason")
    return _decide(
        session, auth, version_id, VersionState.RETURNED, reason=reason, origin=origin, now=now
    )
