"""Which ledger a statement was computed from (报表审核), and what changed in it
since: the basis a saved report version keeps (server/db/models/report_versions.py).

A statement's numbers come from the ledger's vouchers of its units in the dates
it reaches (statements.py: a balance sheet everything up to the period's end,
the other two the period and the same period a year earlier), the closed
months' kept totals and the units' opening balances. An approved or posted
voucher never changes (the database refuses it), so the ids of the vouchers in
the ledger say which vouchers were counted: a voucher approved, posted (for a
已记账-only statement), reversed (its reversal is a voucher of its own) or
otherwise brought into or out of the books later shows as an id added or gone.
Beside them the basis keeps the months that were closed (a month reopened since
may change), the version of each unit's opening balances, the year-end closing
entries it reaches (made or undone since) and a digest of the statement's layout
(an analyst may change the lines).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from common.enums import DocumentKind
from common.schemas.statements import StatementKind, period_range, year_earlier
from server.db.models import Document, FiscalPeriod, StatementLayoutLine, UnitOpening, YearEndEntry
from server.services.ledger.ledger_sources import EARLIEST, ledger_statuses

Ranges = list[tuple[dt.date, dt.date]]


def reach(kind: StatementKind, period: str) -> Ranges:
    """The document dates a statement's numbers depend on (its period a year
    earlier included)."""
    date_from, date_to = period_range(period)
    if kind is StatementKind.BALANCE_SHEET:  # balances at the end: everything before
        return [(EARLIEST, date_to)]
    prior_from, prior_to = period_range(year_earlier(period))
    return [(prior_from, prior_to), (date_from, date_to)]


def _in_ranges(ranges: Ranges) -> Any:
    return or_(*(Document.doc_date.between(start, end) for start, end in ranges))


def _documents(
    session: Session, units: list[int], ranges: Ranges, statuses: list[str]
) -> list[int]:
    return list(
        session.scalars(
            select(Document.id)
            .where(
                Document.kind == DocumentKind.VOUCHER.value,
                Document.status.in_(statuses),
                Document.deleted_at.is_(None),
                Document.unit_id.in_(units),
                _in_ranges(ranges),
            )
            .order_by(Document.id)
        )
    )


def _closed_months(session: Session, ranges: Ranges) -> dict[str, str]:
    """Closed months inside the ranges, with when they closed."""
    months = session.execute(
        select(FiscalPeriod.year, FiscalPeriod.month, FiscalPeriod.closed_at).where(
            FiscalPeriod.is_closed
        )
    )
    found: dict[str, str] = {}
    for year, month, closed_at in months:
        first = dt.date(year, month, 1)
        if any(start.replace(day=1) <= first <= end for start, end in ranges):
            found[f"{year}-{month:02d}"] = closed_at.isoformat() if closed_at else ""
    return found


def _openings(session: Session, units: list[int]) -> dict[str, int]:
    rows = session.execute(
        select(UnitOpening.unit_id, UnitOpening.version).where(UnitOpening.unit_id.in_(units))
    )
    return {str(unit_id): version for unit_id, version in rows}


def _closings(session: Session, units: list[int], ranges: Ranges) -> list[int]:
    return list(
        session.scalars(
            select(YearEndEntry.id)
            .where(
                YearEndEntry.unit_id.in_(units),
                or_(*(YearEndEntry.closing_date.between(a, b) for a, b in ranges)),
            )
            .order_by(YearEndEntry.id)
        )
    )


def _layout(session: Session, kind: str) -> str:
    lines = session.execute(
        select(
            StatementLayoutLine.code,
            StatementLayoutLine.side,
            StatementLayoutLine.accounts,
            StatementLayoutLine.total_of,
        )
        .where(StatementLayoutLine.kind == kind)
        .order_by(StatementLayoutLine.line_no)
    )
    return digest({"lines": [list(line) for line in lines]})


def basis(
    session: Session,
    units: list[int],
    ranges: Ranges,
    *,
    posted_only: bool,
    kind: StatementKind,
) -> dict[str, Any]:
    """The ledger as it stands now for the units and dates (JSON, for the version's row)."""
    statuses = ledger_statuses(posted_only)
    return {
        "kind": kind.value,
        "closings": _closings(session, units, ranges),
        "layout": _layout(session, kind.value),
        "units": sorted(units),
        "ranges": [[start.isoformat(), end.isoformat()] for start, end in ranges],
        "statuses": statuses,
        "documents": _documents(session, units, ranges, statuses),
        "closed": _closed_months(session, ranges),
        "openings": _openings(session, units),
    }


def digest(found: dict[str, Any]) -> str:
    """The basis's fingerprint: SHA-256 of its canonical JSON."""
    text = json.dumps(found, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Changes:
    documents: list[int] = field(default_factory=list)  # came into the books or left them
    openings_changed: bool = False
    reopened_months: list[str] = field(default_factory=list)
    year_end_changed: bool = False  # closing entries made or undone in its reach
    layout_changed: bool = False

    @property
    def outdated(self) -> bool:
        return bool(
            self.documents
            or self.openings_changed
            or self.reopened_months
            or self.year_end_changed
            or self.layout_changed
        )


def changes(session: Session, saved: dict[str, Any]) -> Changes:
    """What differs between the saved basis and the ledger now."""
    ranges = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in saved["ranges"]]
    units = [int(unit) for unit in saved["units"]]
    statuses = list(saved["statuses"])
    now_documents = _documents(session, units, ranges, statuses)
    now_closed = _closed_months(session, ranges)
    return Changes(
        documents=sorted(set(saved["documents"]) ^ set(now_documents)),
        openings_changed=_openings(session, units) != saved["openings"],
        reopened_months=sorted(
            month for month, at in saved["closed"].items() if now_closed.get(month) != at
        ),
        year_end_changed="closings" in saved
        and _closings(session, units, ranges) != saved["closings"],
        layout_changed="layout" in saved and _layout(session, saved["kind"]) != saved["layout"],
    )


def documents_of(session: Session, ids: list[int]) -> list[Document]:
    """The documents named by ``ids``, in date order."""
    if not ids:
        return []
    return list(
        session.scalars(
            select(Document)
            .where(and_(Document.id.in_(ids)))
            .order_by(Document.doc_date, Document.id)
        )
    )
