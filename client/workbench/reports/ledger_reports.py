"""总账 and 明细账 for the reports screen: one account (its sub-accounts included)
for a year, or for a date range line by line.

As in a paper ledger, a balance is shown as its side (借 / 贷, 平 when nil) and
its size: the server gives it on the account's normal side, so a negative one
stands on the other side. The opening balance is the first row; the 明细账 ends
with the server's 本期合计 over every line in the range, even when it sent only
the first ``DETAIL_LIMIT`` lines (the note says so)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject

from client.api import ApiClient
from client.workbench.reports.report_chart import ChartData, ChartKind, Series
from client.workbench.reports.report_spec import (
    AccountParam,
    Column,
    ColumnKind,
    DateParam,
    Fetched,
    Params,
    ReportDefinition,
    YearParam,
    day,
    number,
)
from common.money import format_money
from common.schemas.reports import DETAIL_LIMIT, DetailLedgerOut, GeneralLedgerOut


@dataclass(frozen=True)
class LedgerRow:
    """A row of either ledger (what one of them does not have stays None);
    ``balance`` is on the account's normal side, after the row."""

    normal_side: str
    balance: Decimal
    opening: bool = False  # 上年结转 / 期初余额
    month: int | None = None  # 总账
    doc_date: dt.date | None = None  # 明细账
    number: str | None = None
    summary: str = ""
    account_code: str = ""
    debit: Decimal | None = None
    credit: Decimal | None = None
    year_debit: Decimal | None = None
    year_credit: Decimal | None = None


def balance_side(normal_side: str, balance: Decimal) -> str:
    """The side the balance stands on: "debit", "credit" or "nil"."""
    if balance == 0:
        return "nil"
    other = "credit" if normal_side == "debit" else "debit"
    return normal_side if balance > 0 else other


def account_id(params: Params) -> int:
    return number(params, "account")


class LedgerReports(QObject):
    """Builds the two ledger definitions (a QObject for its translations)."""

    def __init__(self, parent: QObject, dates: tuple[DateParam, DateParam]) -> None:
        super().__init__(parent)
        self._dates = dates
        self._account = AccountParam("account", lambda: self.tr("会计科目"))

    # -- shared columns -----------------------------------------------------
    def side_text(self, side: str) -> str:
        return {"debit": self.tr("借"), "credit": self.tr("贷")}.get(side, self.tr("平"))

    def _balance_columns(self) -> tuple[Column, Column]:
        return (
            Column(
                lambda: self.tr("方向"),
                ColumnKind.TEXT,
                lambda r: self.side_text(balance_side(r.normal_side, r.balance)),
            ),
            Column(lambda: self.tr("余额"), ColumnKind.MONEY, lambda r: abs(r.balance)),
        )

    def month_label(self, month: int) -> str:
        return self.tr("{month}月").format(month=month)

    # -- 总账 ------------------------------------------------------------------
    def general(self) -> ReportDefinition:
        def fetch(api: ApiClient, p: Params) -> Fetched:
            answer = api.reports.general_ledger(account_id(p), number(p, "year"))
            side = answer.normal_side
            rows = [
                LedgerRow(
                    side,
                    m.closing,
                    month=m.month,
                    debit=m.debit,
                    credit=m.credit,
                    year_debit=m.year_debit,
                    year_credit=m.year_credit,
                )
                for m in answer.months
            ]
            return Fetched(rows, first=LedgerRow(side, answer.opening, opening=True), answer=answer)

        def month(row: LedgerRow) -> str:
            return self.tr("上年结转") if row.month is None else self.month_label(row.month)

        columns = (
            Column(lambda: self.tr("月份"), ColumnKind.TEXT, month),
            Column(lambda: self.tr("借方"), ColumnKind.MONEY, lambda r: r.debit),
            Column(lambda: self.tr("贷方"), ColumnKind.MONEY, lambda r: r.credit),
            *self._balance_columns(),
            Column(lambda: self.tr("本年累计借方"), ColumnKind.MONEY, lambda r: r.year_debit),
            Column(lambda: self.tr("本年累计贷方"), ColumnKind.MONEY, lambda r: r.year_credit),
        )

        def chart(_p: Params, fetched: Fetched) -> ChartData | None:
            """The balance at each month's end, on the normal side (below the axis
            when it stands on the other side). A picture: float is fine here."""
            answer = fetched.answer
            if not fetched.rows or not isinstance(answer, GeneralLedgerOut):
                return None
            series = Series(
                self.tr("月末余额"),
                tuple(self.month_label(row.month) for row in fetched.rows),
                tuple(float(row.balance) for row in fetched.rows),
                tuple(format_money(row.balance) for row in fetched.rows),
            )
            title = self.tr("{code} {name} 月末余额(元)").format(code=answer.code, name=answer.name)
            return ChartData(ChartKind.LINE, (series,), title=title)

        this_year = YearParam("year", lambda: self.tr("年度"))
        return ReportDefinition(
            key="general_ledger",
            title=lambda: self.tr("总账"),
            parameters=(self._account, this_year),
            fetch=fetch,
            columns=lambda _p: columns,
            chart=chart,
        )

    # -- 明细账 -----------------------------------------------------------------
    def detail(self) -> ReportDefinition:
        def fetch(api: ApiClient, p: Params) -> Fetched:
            answer = api.reports.detail_ledger(
                account_id(p), day(p, "date_from"), day(p, "date_to")
            )
            side = answer.normal_side
            rows = [
                LedgerRow(
                    side,
                    line.balance,
                    doc_date=line.doc_date,
                    number=line.number,
                    summary=line.summary,
                    account_code=line.account_code,
                    debit=line.debit,
                    credit=line.credit,
                )
                for line in answer.lines
            ]
            return Fetched(rows, first=LedgerRow(side, answer.opening, opening=True), answer=answer)

        def summary(row: LedgerRow) -> str:
            return self.tr("期初余额") if row.opening else row.summary

        columns = (
            Column(lambda: self.tr("日期"), ColumnKind.TEXT, _iso(lambda r: r.doc_date)),
            Column(lambda: self.tr("凭证号"), ColumnKind.TEXT, lambda r: r.number or ""),
            Column(lambda: self.tr("摘要"), ColumnKind.TEXT, summary),
            Column(lambda: self.tr("科目"), ColumnKind.TEXT, lambda r: r.account_code),
            Column(lambda: self.tr("借方"), ColumnKind.MONEY, lambda r: r.debit),
            Column(lambda: self.tr("贷方"), ColumnKind.MONEY, lambda r: r.credit),
            *self._balance_columns(),
        )

        def totals(fetched: Fetched) -> tuple[object, ...]:
            """The server's totals of the range (every line, even past the limit)."""
            answer = fetched.answer
            assert isinstance(answer, DetailLedgerOut)
            side = self.side_text(balance_side(answer.normal_side, answer.closing))
            total = self.tr("本期合计")
            return (None, None, total, None, answer.debit, answer.credit, side, abs(answer.closing))

        def note(fetched: Fetched) -> str:
            answer = fetched.answer
            if not isinstance(answer, DetailLedgerOut) or not answer.truncated:
                return ""
            return self.tr(
                "只显示了前 {limit} 行,请缩短日期范围查看其余的行;本期合计和期末余额包括全部的行。"
            ).format(limit=f"{DETAIL_LIMIT:,}")

        return ReportDefinition(
            key="detail_ledger",
            title=lambda: self.tr("明细账"),
            parameters=(self._account, *self._dates),
            fetch=fetch,
            columns=lambda _p: columns,
            totals=totals,
            note=note,
        )


def _iso(get: Callable[[LedgerRow], dt.date | None]) -> Callable[[LedgerRow], str]:
    def shown(row: LedgerRow) -> str:
        value = get(row)
        return value.isoformat() if value is not None else ""

    return shown
