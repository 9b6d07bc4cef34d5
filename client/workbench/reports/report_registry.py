"""The registry of the reports screen: every report it offers, in the order of
its list. The screen knows nothing about any one report; a new one is a new
entry in ``ReportCatalog.definitions`` (report_spec.py says what an entry holds)
and, where it needs one, a new call in client/api."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from client.api import ApiClient
from client.workbench.reports.activity_reports import ActivityReports
from client.workbench.reports.ledger_reports import LedgerReports
from client.workbench.reports.quota_report import QuotaReports
from client.workbench.reports.report_chart import ChartData, ChartKind, Series
from client.workbench.reports.report_spec import (
    Choice,
    ChoiceParam,
    Column,
    ColumnKind,
    DateParam,
    Fetched,
    Params,
    ReportDefinition,
    day,
    money_sum,
    text,
)
from client.workbench.reports.statement_reports import StatementReports
from common.schemas.reports import (
    BalanceRowOut,
    EfficiencyBy,
    EfficiencyRowOut,
    SummaryBy,
    SummaryRowOut,
)


def tree_levels(rows: Sequence[BalanceRowOut]) -> list[int]:
    """The depth of each account in the tree (a top-level account is 0).

    Parents are always in the table (they roll up their sub-accounts), so the
    parent chain gives the level of the code, whatever the coding scheme."""
    parents = {row.account_id: row.parent_id for row in rows}
    levels = []
    for row in rows:
        level, parent = 0, row.parent_id
        while parent is not None and parent in parents and level < 16:
            level, parent = level + 1, parents[parent]
        levels.append(level)
    return levels


class ReportCatalog(QObject):
    """The registry: every report the screen offers, in the order of its list."""

    def definitions(self) -> tuple[ReportDefinition, ...]:
        ledgers = LedgerReports(self, self._date_range())
        activity = ActivityReports(self, self._date_range())
        return (
            self._balances(),
            ledgers.general(),
            ledgers.detail(),
            self._summary(),
            self._efficiency(),
            activity.daily_operations(),
            activity.usage(),
            *StatementReports(self).definitions(),
            QuotaReports(self).definition(),
        )

    # -- shared parameters ----------------------------------------------------
    def _date_range(self) -> tuple[DateParam, DateParam]:
        return (
            DateParam(
                "date_from", lambda: self.tr("开始日期"), lambda t: t.replace(month=1, day=1)
            ),
            DateParam("date_to", lambda: self.tr("截止日期"), lambda t: t),
        )

    # -- 科目余额表 ---------------------------------------------------------------
    def _balances(self) -> ReportDefinition:
        def side(row: BalanceRowOut) -> str:
            return self.tr("借") if row.normal_side == "debit" else self.tr("贷")

        def totals(fetched: Fetched) -> tuple[object, ...]:
            """Debit and credit of the top-level accounts: equal when the books balance.
            Opening and closing balances of accounts on different sides do not add up."""
            top = [row for row in fetched.rows if row.parent_id is None]
            debit = money_sum([r.debit for r in top])
            credit = money_sum([r.credit for r in top])
            return (self.tr("合计"), None, None, None, debit, credit, None)

        columns = (
            Column(lambda: self.tr("科目编码"), ColumnKind.TEXT, lambda r: r.code),
            Column(lambda: self.tr("科目名称"), ColumnKind.TEXT, lambda r: r.name),
            Column(lambda: self.tr("方向"), ColumnKind.TEXT, side),
            Column(lambda: self.tr("期初余额"), ColumnKind.MONEY, lambda r: r.opening),
            Column(lambda: self.tr("本期借方"), ColumnKind.MONEY, lambda r: r.debit),
            Column(lambda: self.tr("本期贷方"), ColumnKind.MONEY, lambda r: r.credit),
            Column(lambda: self.tr("期末余额"), ColumnKind.MONEY, lambda r: r.closing),
        )
        return ReportDefinition(
            key="balances",
            title=lambda: self.tr("科目余额表"),
            parameters=self._date_range(),
            fetch=lambda api, p: Fetched(
                api.reports.balances(day(p, "date_from"), day(p, "date_to"))
            ),
            columns=lambda _p: columns,
            totals=totals,
            levels=tree_levels,
        )

    # -- 收支汇总 -----------------------------------------------------------------
    def _summary(self) -> ReportDefinition:
        groupings: dict[str, Callable[[], str]] = {
            SummaryBy.UNIT.value: lambda: self.tr("预算单位"),
            SummaryBy.ITEM.value: lambda: self.tr("收支科目"),
            SummaryBy.MONTH.value: lambda: self.tr("月份"),
        }
        by = ChoiceParam(
            "by",
            lambda: self.tr("汇总方式"),
            (
                Choice(SummaryBy.MONTH.value, lambda: self.tr("按月份")),
                Choice(SummaryBy.UNIT.value, lambda: self.tr("按预算单位")),
                Choice(SummaryBy.ITEM.value, lambda: self.tr("按收支科目")),
            ),
        )

        def fetch(api: ApiClient, p: Params) -> Fetched:
            grouping = SummaryBy(text(p, "by"))
            return Fetched(api.reports.summary(day(p, "date_from"), day(p, "date_to"), by=grouping))

        def columns(p: Params) -> tuple[Column, ...]:
            return (
                Column(groupings[text(p, "by")], ColumnKind.TEXT, lambda r: r.label),
                Column(lambda: self.tr("收入"), ColumnKind.MONEY, lambda r: r.income),
                Column(lambda: self.tr("支出"), ColumnKind.MONEY, lambda r: r.expenditure),
                Column(lambda: self.tr("笔数"), ColumnKind.COUNT, lambda r: r.count),
            )

        def totals(fetched: Fetched) -> tuple[object, ...]:
            rows: Sequence[SummaryRowOut] = fetched.rows
            return (
                self.tr("合计"),
                money_sum([r.income for r in rows]),
                money_sum([r.expenditure for r in rows]),
                sum(r.count for r in rows),
            )

        def chart(p: Params, fetched: Fetched) -> ChartData | None:
            """Money is drawn as float: a picture, never a figure anyone adds up."""
            rows: Sequence[SummaryRowOut] = fetched.rows
            if not rows:
                return None
            if SummaryBy(text(p, "by")) is SummaryBy.ITEM:  # composition: one pie per side
                pies = []
                for name, amounts in (
                    (self.tr("收入构成"), [r.income for r in rows]),
                    (self.tr("支出构成"), [r.expenditure for r in rows]),
                ):
                    parts = [(r.label, a) for r, a in zip(rows, amounts, strict=True) if a > 0]
                    if parts:
                        pies.append(
                            Series(
                                name,
                                tuple(label for label, _ in parts),
                                tuple(float(amount) for _, amount in parts),
                            )
                        )
                return ChartData(ChartKind.PIE, tuple(pies))
            labels = tuple(r.label for r in rows)
            return ChartData(
                ChartKind.BARS,
                (
                    Series(self.tr("收入"), labels, tuple(float(r.income) for r in rows)),
                    Series(self.tr("支出"), labels, tuple(float(r.expenditure) for r in rows)),
                ),
                title=self.tr("收入与支出(元)"),
            )

        return ReportDefinition(
            key="summary",
            title=lambda: self.tr("收支汇总表"),
            parameters=(*self._date_range(), by),
            fetch=fetch,
            columns=columns,
            chart=chart,
            totals=totals,
        )

    # -- 审批效率 -----------------------------------------------------------------
    def _efficiency(self) -> ReportDefinition:
        groupings: dict[str, Callable[[], str]] = {
            EfficiencyBy.REVIEWER.value: lambda: self.tr("审批人"),
            EfficiencyBy.UNIT.value: lambda: self.tr("预算单位"),
            EfficiencyBy.MONTH.value: lambda: self.tr("月份"),
        }
        by = ChoiceParam(
            "by",
            lambda: self.tr("统计方式"),
            (
                Choice(EfficiencyBy.REVIEWER.value, lambda: self.tr("按审批人")),
                Choice(EfficiencyBy.UNIT.value, lambda: self.tr("按预算单位")),
                Choice(EfficiencyBy.MONTH.value, lambda: self.tr("按月份")),
            ),
        )

        def fetch(api: ApiClient, p: Params) -> Fetched:
            grouping = EfficiencyBy(text(p, "by"))
            return Fetched(
                api.reports.efficiency(day(p, "date_from"), day(p, "date_to"), by=grouping)
            )

        def columns(p: Params) -> tuple[Column, ...]:
            return (
                Column(groupings[text(p, "by")], ColumnKind.TEXT, lambda r: r.label),
                Column(lambda: self.tr("已办理"), ColumnKind.COUNT, lambda r: r.decided),
                Column(
                    lambda: self.tr("平均用时(小时)"), ColumnKind.HOURS, lambda r: r.average_hours
                ),
                Column(lambda: self.tr("90%用时(小时)"), ColumnKind.HOURS, lambda r: r.p90_hours),
                Column(lambda: self.tr("超时比例"), ColumnKind.RATIO, lambda r: r.overdue_ratio),
            )

        def totals(fetched: Fetched) -> tuple[object, ...]:
            """Only the count adds up; averages and percentiles of groups do not."""
            return (self.tr("合计"), sum(r.decided for r in fetched.rows), None, None, None)

        def chart(p: Params, fetched: Fetched) -> ChartData | None:
            """A trend over months is a line; reviewers or units side by side are bars."""
            rows: Sequence[EfficiencyRowOut] = fetched.rows
            if not rows:
                return None
            by_month = EfficiencyBy(text(p, "by")) is EfficiencyBy.MONTH
            kind = ChartKind.LINE if by_month else ChartKind.BARS
            series = Series(
                self.tr("平均用时"),
                tuple(r.label for r in rows),
                tuple(r.average_hours for r in rows),
            )
            title = self.tr("平均用时(小时)")
            return ChartData(kind, (series,), title=title)

        return ReportDefinition(
            key="efficiency",
            title=lambda: self.tr("审批效率"),
            parameters=(*self._date_range(), by),
            fetch=fetch,
            columns=columns,
            chart=chart,
            totals=totals,
        )
