"""The quota report (预算指标执行情况): per unit and item, the quota (initial +
approved adjustments), used, in review and left, within the caller's unit scope."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from common.errors import DomainError
from common.schemas.quotas import QuotaOut
from server.db.models import BudgetItem, BudgetQuota, BudgetUnit
from server.services.accounts.sessions import Authenticated
from server.services.budget.quotas import Figures, document_sums
from server.services.core import scope
from server.services.core.unit_tree import units_below


def quota_rows(
    session: Session, year: int, *, units: Iterable[int], only: int | None = None
) -> list[QuotaOut]:
    """The year's quotas of ``units`` (or the one quota ``only``), by unit and item code."""
    wanted = sorted(set(units))
    functional, economic = aliased(BudgetItem), aliased(BudgetItem)
    statement = (
        select(BudgetQuota, BudgetUnit, functional, economic)
        .join(BudgetUnit, BudgetUnit.id == BudgetQuota.unit_id)
        .join(functional, functional.id == BudgetQuota.functional_item_id)
        .join(economic, economic.id == BudgetQuota.economic_item_id)
        .where(BudgetQuota.year == year, BudgetQuota.unit_id.in_(wanted))
        .order_by(BudgetUnit.code, functional.code, economic.code)
    )
    if only is not None:
        statement = statement.where(BudgetQuota.id == only)
    sums = document_sums(session, year, units=wanted)
    rows = []
    for quota, unit, f_item, e_item in session.execute(statement):
        found = sums.get((quota.unit_id, quota.functional_item_id, quota.economic_item_id))
        found = found or Figures()
        total = Figures(
            initial=quota.amount,
            increased=found.increased,
            decreased=found.decreased,
            used=found.used,
            in_review=found.in_review,
        )
        rows.append(
            QuotaOut(
                id=quota.id,
                year=quota.year,
                unit_id=unit.id,
                unit_code=unit.code,
                unit_name=unit.name,
                functional_item_id=f_item.id,
                functional_code=f_item.code,
                functional_name=f_item.name,
                economic_item_id=e_item.id,
                economic_code=e_item.code,
                economic_name=e_item.name,
                initial=total.initial,
                increased=total.increased,
                decreased=total.decreased,
                quota=total.quota,
                used=total.used,
                in_review=total.in_review,
                left=total.left,
            )
        )
    return rows


def report(
    session: Session, auth: Authenticated, year: int, *, unit_id: int | None, subtree: bool
) -> list[QuotaOut]:
    """The quotas of the caller's scope; of one unit (and, with ``subtree``, the
    units below it) when ``unit_id`` is given. A unit outside the scope is
    refused with the same answer whether or not it exists."""
    if not 2000 <= year <= 2999:
        raise DomainError("quota.year_range", status=422, field="year")
    in_scope = scope.units_in_scope(session, auth.user.id)
    if unit_id is None:
        units = in_scope
    else:
        scope.require_unit(session, auth.user.id, unit_id)
        below = set(session.scalars(select(units_below(unit_id).c.id))) if subtree else {unit_id}
        units = below & in_scope
    return quota_rows(session, year, units=units)
