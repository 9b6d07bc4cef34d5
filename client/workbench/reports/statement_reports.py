"""会计报表 for the reports screen: 资产负债表, 收入费用表 and 预算收入支出表,
for a unit of the user's scope (with or without the units below it) and a month,
quarter or year, each line beside the same period a year earlier. The lines and
their totals are the server's layout; the screen adds no 合计 of its own."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QObject

from client.api import ApiClient
from client.core.i18n import current_language
from client.workbench.reports.report_spec import (
    Choice,
    ChoiceParam,
    Column,
    ColumnKind,
    Fetched,
    Params,
    PeriodParam,
    ReportDefinition,
    UnitParam,
    number,
    text,
)
from common.enums import Language
from common.money import format_money
from common.schemas.statements import StatementKind, StatementLineOut, StatementOut

# the screen's keys are the Excel export's report names
KEYS = {
    StatementKind.BALANCE_SHEET: "balance_sheet",
    StatementKind.INCOME_EXPENSE: "income_expense",
    StatementKind.BUDGET_EXECUTION: "budget_execution",
}


class StatementReports(QObject):
    """Builds the three statement definitions (a QObject for its translations)."""

    def definitions(self) -> tuple[ReportDefinition, ...]:
        titles = {
            StatementKind.BALANCE_SHEET: lambda: self.tr("资产负债表"),
            StatementKind.INCOME_EXPENSE: lambda: self.tr("收入费用表"),
            StatementKind.BUDGET_EXECUTION: lambda: self.tr("预算收入支出表"),
        }
        return tuple(self._statement(kind, titles[kind]) for kind in StatementKind)

    def _parameters(self) -> tuple[UnitParam, ChoiceParam, PeriodParam]:
        return (
            UnitParam("unit", lambda: self.tr("单位")),
            ChoiceParam(
                "subtree",
                lambda: self.tr("范围"),
                (
                    Choice("false", lambda: self.tr("本单位")),
                    Choice("true", lambda: self.tr("含下级单位")),
                ),
            ),
            PeriodParam("period", lambda: self.tr("期间")),
        )

    def _statement(self, kind: StatementKind, title: Callable[[], str]) -> ReportDefinition:
        def fetch(api: ApiClient, p: Params) -> Fetched:
            answer = api.statements.statement(
                kind, number(p, "unit"), text(p, "period"), subtree=text(p, "subtree") == "true"
            )
            return Fetched(answer.lines, answer=answer)

        def label(line: StatementLineOut) -> str:
            if current_language() is Language.EN and line.label_en:
                return line.label_en
            return line.label

        at_end = kind is StatementKind.BALANCE_SHEET
        columns = (
            Column(lambda: self.tr("项目"), ColumnKind.TEXT, label),
            Column(lambda: self.tr("行次"), ColumnKind.TEXT, lambda line: line.code),
            Column(
                (lambda: self.tr("期末余额")) if at_end else (lambda: self.tr("本期金额")),
                ColumnKind.MONEY,
                lambda line: line.amount,
            ),
            Column(lambda: self.tr("上年同期"), ColumnKind.MONEY, lambda line: line.prior_amount),
        )
        return ReportDefinition(
            key=KEYS[kind],
            title=title,
            parameters=self._parameters(),
            fetch=fetch,
            columns=lambda _p: columns,
            levels=lambda rows: [line.indent for line in rows],
            note=self._note,
        )

    def _note(self, fetched: Fetched) -> str:
        answer = fetched.answer
        if not isinstance(answer, StatementOut):
            return ""
        notes = []
        if answer.balanced is False:
            notes.append(
                self.tr("资产总计与负债和净资产总计不等,差额 {d}").format(
                    d=format_money(answer.difference or Decimal(0))
                )
            )
        if answer.unmapped:
            notes.append(
                self.tr("以下科目有金额但未列入任何项目,请调整报表格式:{codes}").format(
                    codes=" ".join(answer.unmapped)
                )
            )
        return ";".join(notes)
