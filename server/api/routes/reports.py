"""Reports (统计报表) within the caller's unit scope (server/services/reports.py)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from common.schemas.reports import (
    BalanceRowOut,
    EfficiencyBy,
    EfficiencyRowOut,
    SummaryBy,
    SummaryRowOut,
)
from server.api.deps import CurrentAuth, Transaction
from server.services import reports

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/balances", response_model=list[BalanceRowOut])
def balances(
    date_from: dt.date, date_to: dt.date, caller: CurrentAuth, session: Transaction
) -> list[BalanceRowOut]:
    """科目余额表: opening, period debit and credit, closing; parents rolled up."""
    return reports.balances(session, caller, date_from, date_to)


@router.get("/summary", response_model=list[SummaryRowOut])
def summary(
    date_from: dt.date,
    date_to: dt.date,
    caller: CurrentAuth,
    session: Transaction,
    by: SummaryBy = SummaryBy.UNIT,
) -> list[SummaryRowOut]:
    """收支汇总 by unit, item or month."""
    return reports.summary(session, caller, date_from, date_to, by)


@router.get("/approval-efficiency", response_model=list[EfficiencyRowOut])
def efficiency(
    date_from: dt.date,
    date_to: dt.date,
    caller: CurrentAuth,
    session: Transaction,
    by: EfficiencyBy = EfficiencyBy.REVIEWER,
) -> list[EfficiencyRowOut]:
    """审批效率 by reviewer or unit."""
    return reports.efficiency(session, caller, date_from, date_to, by)
