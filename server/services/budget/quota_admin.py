"""Administrators set the year's initial quotas (年初指标), one by one or from an
Excel file the console read (DOMAIN.md "Budget quotas").

Quotas are office-wide reference data kept by administrators, like the codes
they name, so setting them is not limited by the administrator's unit scope;
reading them back in reports is (quota_report.py). An initial quota names an
active unit and active leaf items, and may not be set below what the year has
already used and has in review (net of approved adjustments). Every change is
in the operation log with the amount before and after; an import is accepted
whole or not at all, every problem named by row, column and rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import ItemKind
from common.errors import DomainError
from common.money import MoneyError, to_money
from common.schemas.imports import ImportProblem
from common.schemas.quotas import QuotaImportIn, QuotaImportOut, QuotaIn, QuotaOut
from server.db.models import BudgetItem, BudgetQuota, BudgetUnit
from server.services.accounts.sessions import Authenticated
from server.services.budget import quotas
from server.services.budget.quota_report import quota_rows
from server.services.core import audit
from server.services.reference import reference


def _minimum(found: quotas.Figures) -> Decimal:
    """The least initial quota that keeps the quota at or above used + in review."""
    return max(quotas.ZERO, found.used + found.in_review - found.increased + found.decreased)


def _store(
    session: Session,
    auth: Authenticated,
    key: quotas.QuotaKey,
    amount: Decimal,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> tuple[BudgetQuota, Decimal | None]:
    """Write the initial quota under the quota's lock; the amount it had before."""
    quotas.lock(session, key)
    found = quotas.figures(session, key)
    if amount < _minimum(found):
        raise DomainError(
            "quota.initial_below_used",
            status=409,
            field="amount",
            minimum=f"{_minimum(found):,.2f}",
        )
    row = quotas.quota_row(session, key)
    before = row.amount if row is not None else None
    if row is None:
        row = BudgetQuota(
            year=key.year,
            unit_id=key.unit_id,
            functional_item_id=key.functional_item_id,
            economic_item_id=key.economic_item_id,
            amount=amount,
            updated_at=now,
            updated_by=auth.user.id,
        )
        session.add(row)
    elif row.amount != amount:
        row.amount, row.updated_at, row.updated_by = amount, now, auth.user.id
    session.flush()
    if before != amount:
        audit.record(
            session,
            auth.actor,
            "quota.set",
            origin=origin,
            at=now,
            target_type="budget_quota",
            target_id=row.id,
            before=None if before is None else {"amount": f"{before:.2f}"},
            after={
                "year": key.year,
                "unit_id": key.unit_id,
                "functional_item_id": key.functional_item_id,
                "economic_item_id": key.economic_item_id,
                "amount": f"{amount:.2f}",
            },
        )
    return row, before


def set_quota(
    session: Session, auth: Authenticated, body: QuotaIn, *, origin: audit.Origin, now: dt.datetime
) -> QuotaOut:
    reference.usable_unit(session, body.unit_id)
    reference.usable_item(
        session, body.functional_item_id, ItemKind.FUNCTIONAL, field="functional_item_id"
    )
    reference.usable_item(
        session, body.economic_item_id, ItemKind.ECONOMIC, field="economic_item_id"
    )
    if body.amount < 0:
        raise DomainError("document.amount_negative", status=422, field="amount")
    key = quotas.QuotaKey(body.year, body.unit_id, body.functional_item_id, body.economic_item_id)
    row, _ = _store(session, auth, key, body.amount, origin=origin, now=now)
    (out,) = quota_rows(session, body.year, units=[body.unit_id], only=row.id)
    return out


def list_quotas(session: Session, year: int, unit_id: int | None) -> list[QuotaOut]:
    """The year's quotas of one unit, or of every unit, with their figures."""
    if not 2000 <= year <= 2999:
        raise DomainError("quota.year_range", status=422, field="year")
    units = [unit_id] if unit_id is not None else list(session.scalars(select(BudgetUnit.id)))
    return quota_rows(session, year, units=units)


class _Codes:
    """The codes a file may name, read once: only active units and active leaf items."""

    def __init__(self, session: Session) -> None:
        self.units = {u.code: u for u in session.scalars(select(BudgetUnit))}
        items = list(session.scalars(select(BudgetItem)))
        parents = {i.parent_id for i in items}
        self.items = {(i.kind, i.code): (i, i.id not in parents) for i in items}

    def unit(self, code: str) -> int | None:
        unit = self.units.get(code)
        return unit.id if unit is not None and unit.is_active else None

    def item(self, kind: ItemKind, code: str) -> int | None:
        found = self.items.get((kind.value, code))
        if found is None or not found[0].is_active or not found[1]:
            return None
        return int(found[0].id)


def _problem(row: int, column: str, error_code: str, /, **params: Any) -> ImportProblem:
    plain = {k: v if isinstance(v, int) else str(v) for k, v in params.items()}
    return ImportProblem(row=row, column=column, code=error_code, params={"field": column, **plain})


def import_quotas(
    session: Session,
    auth: Authenticated,
    body: QuotaImportIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> QuotaImportOut:
    """Set every row's initial quota for ``body.year``, or none of them."""
    if not body.rows:
        raise DomainError("import.empty", status=422)
    codes = _Codes(session)
    problems: list[ImportProblem] = []
    wanted: list[tuple[int, quotas.QuotaKey, Decimal]] = []
    seen: dict[tuple[int, int, int], int] = {}
    for row in body.rows:
        unit = codes.unit(row.unit_code.strip())
        functional = codes.item(ItemKind.FUNCTIONAL, row.functional_code.strip())
        economic = codes.item(ItemKind.ECONOMIC, row.economic_code.strip())
        for column, value, code in (
            ("unit_code", unit, row.unit_code),
            ("functional_code", functional, row.functional_code),
            ("economic_code", economic, row.economic_code),
        ):
            if value is None:
                problems.append(_problem(row.row, column, "quota.import_unknown", code=code))
        try:
            amount = to_money(row.amount.strip().replace(",", ""))
        except MoneyError:
            amount = Decimal(-1)
        if amount < 0:
            problems.append(_problem(row.row, "amount", "quota.import_amount"))
        if unit is None or functional is None or economic is None or amount < 0:
            continue
        if (unit, functional, economic) in seen:
            other = seen[(unit, functional, economic)]
            problems.append(_problem(row.row, "unit_code", "quota.import_duplicate", other=other))
            continue
        seen[(unit, functional, economic)] = row.row
        wanted.append((row.row, quotas.QuotaKey(body.year, unit, functional, economic), amount))
    changed = 0
    if not problems:
        # Every quota's lock first, in one order, before the first audit row takes
        # the log's lock: a submission holds a quota's lock and then wants the
        # log's, so taking them the other way round could deadlock with it.
        wanted.sort(key=lambda item: item[1].lock_name)
        for _, key, _ in wanted:
            quotas.lock(session, key)
        for number, key, amount in wanted:
            try:
                _, before = _store(session, auth, key, amount, origin=origin, now=now)
            except DomainError as error:
                problems.append(_problem(number, "amount", error.code, **error.params))
                continue
            changed += before != amount
    if problems:
        raise DomainError(
            "quota.import_rejected",
            status=422,
            count=len(problems),
            rows=len({p.row for p in problems}),
            problems=[p.model_dump(mode="json") for p in problems],
        )
    audit.record(
        session,
        auth.actor,
        "quota.imported",
        origin=origin,
        at=now,
        target_type="import",
        after={"year": body.year, "rows": len(body.rows), "changed": changed},
    )
    return QuotaImportOut(rows=len(body.rows), changed=changed)
