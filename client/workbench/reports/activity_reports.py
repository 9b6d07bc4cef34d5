"""日常业务量 and 系统使用情况 for the reports screen.

Daily operations are counted per day, unit and person within the user's scope;
system usage counts logins across the whole system, so only auditors and
administrators are offered it (the server refuses everyone else with 403)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from client.api import ApiClient
from client.workbench.reports.report_chart import ChartData, ChartKind, Series
from client.workbench.reports.report_spec import (
    Column,
    ColumnKind,
    DateParam,
    Fetched,
    Params,
    ReportDefinition,
    day,
)
from common.enums import Role
from common.schemas.reports import DailyOperationsRowOut, UsageRowOut

USAGE_ROLES = frozenset({Role.AUDITOR, Role.ADMIN})
MAX_DAYS = 400  # a longer period is drawn over its days with logins only


def _by(rows: Sequence[DailyOperationsRowOut], key: str) -> dict[str, tuple[int, int, int]]:
    """Entered, submitted and decided per person or per day, in the rows' order."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        label = row.person if key == "person" else row.day.isoformat()
        counts = found[label]
        counts[0] += row.entered
        counts[1] += row.submitted
        counts[2] += row.decided
    return {label: (c[0], c[1], c[2]) for label, c in found.items()}


class ActivityReports(QObject):
    """Builds the two activity definitions (a QObject for its translations)."""

    def __init__(self, parent: QObject, dates: tuple[DateParam, DateParam]) -> None:
        super().__init__(parent)
        self._dates = dates

    # -- 日常业务量 ----------------------------------------------------------------
    def daily_operations(self) -> ReportDefinition:
        def fetch(api: ApiClient, p: Params) -> Fetched:
            return Fetched(api.reports.daily_operations(day(p, "date_from"), day(p, "date_to")))

        columns = (
            Column(lambda: self.tr("日期"), ColumnKind.TEXT, lambda r: r.day.isoformat()),
            Column(lambda: self.tr("预算单位"), ColumnKind.TEXT, lambda r: r.unit),
            Column(lambda: self.tr("人员"), ColumnKind.TEXT, lambda r: r.person),
            Column(lambda: self.tr("录入"), ColumnKind.COUNT, lambda r: r.entered),
            Column(lambda: self.tr("提交"), ColumnKind.COUNT, lambda r: r.submitted),
            Column(lambda: self.tr("审批"), ColumnKind.COUNT, lambda r: r.decided),
        )

        def totals(fetched: Fetched) -> tuple[object, ...]:
            rows = fetched.rows
            return (
                self.tr("合计"),
                None,
                None,
                sum(r.entered for r in rows),
                sum(r.submitted for r in rows),
                sum(r.decided for r in rows),
            )

        def chart(_p: Params, fetched: Fetched) -> ChartData | None:
            """Bars per person over the period (who did how much); with one person
            only, per day (how their work went)."""
            rows: Sequence[DailyOperationsRowOut] = fetched.rows
            if not rows:
                return None
            people = {row.person for row in rows}
            grouped = _by(rows, "person" if len(people) > 1 else "day")
            labels = tuple(grouped)
            names = (self.tr("录入"), self.tr("提交"), self.tr("审批"))
            series = tuple(
                Series(name, labels, tuple(float(counts[n]) for counts in grouped.values()))
                for n, name in enumerate(names)
            )
            return ChartData(ChartKind.BARS, series, title=self.tr("业务量(笔)"))

        return ReportDefinition(
            key="daily_operations",
            title=lambda: self.tr("日常业务量"),
            parameters=self._dates,
            fetch=fetch,
            columns=lambda _p: columns,
            chart=chart,
            totals=totals,
        )

    # -- 系统使用情况 --------------------------------------------------------------
    def usage(self) -> ReportDefinition:
        def fetch(api: ApiClient, p: Params) -> Fetched:
            return Fetched(api.reports.usage(day(p, "date_from"), day(p, "date_to")))

        columns = (
            Column(lambda: self.tr("日期"), ColumnKind.TEXT, lambda r: r.day.isoformat()),
            Column(lambda: self.tr("登录次数"), ColumnKind.COUNT, lambda r: r.logins),
            Column(lambda: self.tr("登录失败"), ColumnKind.COUNT, lambda r: r.failed_logins),
            Column(lambda: self.tr("活跃用户"), ColumnKind.COUNT, lambda r: r.active_users),
        )

        def totals(fetched: Fetched) -> tuple[object, ...]:
            """People active on several days are one person: active users do not add up."""
            rows = fetched.rows
            logins = sum(r.logins for r in rows)
            return (self.tr("合计"), logins, sum(r.failed_logins for r in rows), None)

        def chart(p: Params, fetched: Fetched) -> ChartData | None:
            """Every day of the period, a day without logins at 0 (the server lists
            only days with logins; a line straight over them would hide them)."""
            rows: Sequence[UsageRowOut] = fetched.rows
            if not rows:
                return None
            first, last = day(p, "date_from"), day(p, "date_to")
            days = [row.day for row in rows]
            if (last - first).days < MAX_DAYS:
                days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
            found = {row.day: row for row in rows}
            labels = tuple(d.isoformat() for d in days)

            def values(get: Callable[[UsageRowOut], int]) -> tuple[float, ...]:
                return tuple(float(get(found[d])) if d in found else 0.0 for d in days)

            series = (
                Series(self.tr("登录次数"), labels, values(lambda r: r.logins)),
                Series(self.tr("活跃用户"), labels, values(lambda r: r.active_users)),
            )
            return ChartData(ChartKind.LINE, series, title=self.tr("每日登录与活跃用户"))

        return ReportDefinition(
            key="usage",
            title=lambda: self.tr("系统使用情况"),
            parameters=self._dates,
            fetch=fetch,
            columns=lambda _p: columns,
            chart=chart,
            totals=totals,
            roles=USAGE_ROLES,
        )
