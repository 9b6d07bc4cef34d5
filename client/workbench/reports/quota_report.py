"""预算指标执行情况 for the reports screen: per unit and item, the quota (initial
+ approved 追加 − 调减), what is used, what is in review and what is left, within
the user's unit scope (the server decides the scope), with bars of quota, used
and in review per item."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from client.api import ApiClient
from client.workbench.reports.report_chart import ChartData, ChartKind, Series
from client.workbench.reports.report_spec import (
    Column,
    ColumnKind,
    Fetched,
    Params,
    ReportDefinition,
    YearParam,
    money_sum,
    number,
)
from common.schemas.quotas import QuotaOut


def item_label(row: QuotaOut) -> str:
    """A quota's name on the chart: unit, functional and economic item by code."""
    return f"{row.unit_code} {row.functional_code}/{row.economic_code} {row.economic_name}"


class QuotaReports(QObject):
    """Builds the quota report's definition (a QObject for its translations)."""

    def definition(self) -> ReportDefinition:
        def fetch(api: ApiClient, p: Params) -> Fetched:
            return Fetched(api.quotas.report(number(p, "year")))

        columns = (
            Column(
                lambda: self.tr("预算单位"),
                ColumnKind.TEXT,
                lambda r: f"{r.unit_code} {r.unit_name}",
            ),
            Column(
                lambda: self.tr("功能分类"),
                ColumnKind.TEXT,
                lambda r: f"{r.functional_code} {r.functional_name}",
            ),
            Column(
                lambda: self.tr("经济分类"),
                ColumnKind.TEXT,
                lambda r: f"{r.economic_code} {r.economic_name}",
            ),
            Column(lambda: self.tr("年初指标"), ColumnKind.MONEY, lambda r: r.initial),
            Column(lambda: self.tr("追加"), ColumnKind.MONEY, lambda r: r.increased),
            Column(lambda: self.tr("调减"), ColumnKind.MONEY, lambda r: r.decreased),
            Column(lambda: self.tr("指标"), ColumnKind.MONEY, lambda r: r.quota),
            Column(lambda: self.tr("已用"), ColumnKind.MONEY, lambda r: r.used),
            Column(lambda: self.tr("审核中"), ColumnKind.MONEY, lambda r: r.in_review),
            Column(lambda: self.tr("剩余"), ColumnKind.MONEY, lambda r: r.left),
        )

        def totals(fetched: Fetched) -> tuple[object, ...]:
            rows: Sequence[QuotaOut] = fetched.rows
            return (
                self.tr("合计"),
                None,
                None,
                *(
                    money_sum([getattr(r, name) for r in rows])
                    for name in (
                        "initial",
                        "increased",
                        "decreased",
                        "quota",
                        "used",
                        "in_review",
                        "left",
                    )
                ),
            )

        def chart(_p: Params, fetched: Fetched) -> ChartData | None:
            """Money is drawn as float: a picture, never a figure anyone adds up."""
            rows: Sequence[QuotaOut] = fetched.rows
            if not rows:
                return None
            labels = tuple(item_label(r) for r in rows)
            return ChartData(
                ChartKind.BARS,
                (
                    Series(self.tr("指标"), labels, tuple(float(r.quota) for r in rows)),
                    Series(self.tr("已用"), labels, tuple(float(r.used) for r in rows)),
                    Series(self.tr("审核中"), labels, tuple(float(r.in_review) for r in rows)),
                ),
                title=self.tr("指标、已用与审核中(元)"),
            )

        return ReportDefinition(
            key="quotas",
            title=lambda: self.tr("预算指标执行情况"),
            parameters=(YearParam("year", lambda: self.tr("年度")),),
            fetch=fetch,
            columns=lambda _p: columns,
            chart=chart,
            totals=totals,
        )
