"""Report versions (报表审核): save a statement as a version, list and read
versions, sign one off or return it (server/services/exports/report_versions.py)."""

from __future__ import annotations

from typing import Any

from common.schemas.report_versions import (
    ReportVersionDetailOut,
    ReportVersionIn,
    ReportVersionOut,
    ReturnIn,
    VersionState,
)
from server.api.deps import (
    CurrentAuth,
    IdempotencyKey,
    Now,
    ReportSignAuth,
    RequestOrigin,
    Transaction,
)
from server.api.retrying_route import api_router
from server.services.exports import report_versions

router = api_router(prefix="/report-versions", tags=["report versions"])


@router.post("", response_model=ReportVersionDetailOut, status_code=201)
def prepare(
    body: ReportVersionIn,
    caller: CurrentAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
    once: IdempotencyKey,
) -> Any:
    """编制: compute the statement now, as on screen, and save it as a version
    (once per idempotency key: a retried request answers the first version)."""
    return once.run(lambda: report_versions.prepare(session, caller, body, origin=origin, now=now))


@router.get("", response_model=list[ReportVersionOut])
def versions(
    caller: CurrentAuth,
    session: Transaction,
    report: str | None = None,
    state: VersionState | None = None,
) -> list[ReportVersionOut]:
    """The newest versions whose units are all in the caller's scope."""
    return report_versions.versions(session, caller, report=report, state=state)


@router.get("/{version_id}", response_model=ReportVersionDetailOut)
def show(version_id: int, caller: CurrentAuth, session: Transaction) -> ReportVersionDetailOut:
    """The saved numbers, its state, and whether the books changed since."""
    return report_versions.show(session, caller, version_id)


@router.post("/{version_id}/sign", response_model=ReportVersionDetailOut)
def sign(
    version_id: int,
    caller: ReportSignAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> ReportVersionDetailOut:
    return report_versions.sign(session, caller, version_id, origin=origin, now=now)


@router.post("/{version_id}/return", response_model=ReportVersionDetailOut)
def return_version(
    version_id: int,
    body: ReturnIn,
    caller: ReportSignAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> ReportVersionDetailOut:
    return report_versions.return_version(session, caller, version_id, body, origin=origin, now=now)
