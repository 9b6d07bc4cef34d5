"""Statements (会计报表) within the caller's unit scope, and their layouts
(server/services/ledger/statements.py, statement_layouts.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from common.schemas.statements import (
    PERIOD_PATTERN,
    LayoutIn,
    LayoutOut,
    StatementKind,
    StatementOut,
)
from server.api.deps import (
    CurrentAuth,
    LayoutAuth,
    Now,
    ReplicaRead,
    RequestOrigin,
    Transaction,
)
from server.api.retrying_route import api_router
from server.services.ledger import statement_layouts, statements

router = api_router(prefix="/statements", tags=["statements"])


@router.get("/{kind}", response_model=StatementOut)
def statement(
    kind: StatementKind,
    unit: int,
    period: Annotated[str, Query(pattern=PERIOD_PATTERN, examples=["2026", "2026-Q2", "2026-03"])],
    caller: CurrentAuth,
    session: ReplicaRead,
    now: Now,
    subtree: bool = False,
    posted_only: bool = False,
) -> StatementOut:
    """资产负债表 (balances at the period's end), 收入费用表 or 预算收入支出表 (the
    period's movements), each line beside the same period a year earlier."""
    return statements.statement(
        session,
        caller,
        kind,
        unit_id=unit,
        subtree=subtree,
        period=period,
        posted_only=posted_only,
        now=now,
    )


@router.get("/{kind}/layout", response_model=LayoutOut)
def layout(kind: StatementKind, caller: CurrentAuth, session: Transaction) -> LayoutOut:
    return statement_layouts.layout(session, kind)


@router.put("/{kind}/layout", response_model=LayoutOut)
def change_layout(
    kind: StatementKind,
    body: LayoutIn,
    caller: LayoutAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> LayoutOut:
    """分析员调整报表格式: the whole layout, checked, in the order given."""
    return statement_layouts.replace_layout(session, caller, kind, body, origin=origin, now=now)
