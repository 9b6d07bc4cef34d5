"""Reports (统计报表): balances, income and expenditure summary, approval efficiency."""

from __future__ import annotations

import datetime as dt

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.schemas.reports import (
    BalanceRowOut,
    EfficiencyBy,
    EfficiencyRowOut,
    SummaryBy,
    SummaryRowOut,
)

_BALANCES = TypeAdapter(list[BalanceRowOut])
_SUMMARY = TypeAdapter(list[SummaryRowOut])
_EFFICIENCY = TypeAdapter(list[EfficiencyRowOut])


def _span(date_from: dt.date, date_to: dt.date) -> dict[str, str]:
    return {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}


class ReportsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def balances(self, date_from: dt.date, date_to: dt.date) -> list[BalanceRowOut]:
        answer = self._t.request("GET", "/reports/balances", params=_span(date_from, date_to))
        return _BALANCES.validate_python(answer)

    def summary(
        self, date_from: dt.date, date_to: dt.date, by: SummaryBy = SummaryBy.UNIT
    ) -> list[SummaryRowOut]:
        params = {**_span(date_from, date_to), "by": by.value}
        return _SUMMARY.validate_python(self._t.request("GET", "/reports/summary", params=params))

    def efficiency(
        self, date_from: dt.date, date_to: dt.date, by: EfficiencyBy = EfficiencyBy.REVIEWER
    ) -> list[EfficiencyRowOut]:
        params = {**_span(date_from, date_to), "by": by.value}
        answer = self._t.request("GET", "/reports/approval-efficiency", params=params)
        return _EFFICIENCY.validate_python(answer)
