"""The reports laid out for Excel as the reports screen lays them out: the same
columns in the same order, the ledgers' opening row first, the 合计 line last,
the account tree indented, a balance as its side (借 / 贷 / 平) and its size.

Each layout takes the answer of the very service function the screen's route
calls, so every figure in the file is the screen's. Cells are real values —
Decimal money, int counts, float hours and ratios, dates — each column with its
number format (report_exports writes them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from common.schemas.report_exports import EfficiencyParams, SummaryParams
from common.schemas.reports import (
    BalanceRowOut,
    DailyOperationsRowOut,
    DetailLedgerOut,
    EfficiencyBy,
    EfficiencyRowOut,
    GeneralLedgerOut,
    SummaryBy,
    SummaryRowOut,
    UsageRowOut,
)
from common.schemas.statements import StatementKind, StatementOut

ZERO = Decimal("0.00")


class CellKind(Enum):
    """A column's values and their number format in the file."""

    TEXT = "@"
    MONEY = "#,##0.00;[Red]-#,##0.00"
    COUNT = "#,##0"
    HOURS = "0.00"
    RATIO = "0.00%"  # 0..1, shown as a percentage as on screen
    DATE = "yyyy-mm-dd"


@dataclass(frozen=True)
class Col:
    zh: str
    en: str
    kind: CellKind = CellKind.TEXT
    width: int = 14


@dataclass(frozen=True)
class Laid:
    """A report ready for the sheet. ``rows`` are its data (what is counted);
    ``first`` a bold row above them that is not (a ledger's opening balance),
    ``total`` the bold 合计 line; ``indent`` the depth of each row in
    ``indent_column`` (the account tree); ``notes`` lines under the filters."""

    columns: Sequence[Col]
    rows: list[tuple[Any, ...]]
    first: tuple[Any, ...] | None = None
    total: tuple[Any, ...] | None = None
    indent: list[int] | None = None
    indent_column: int = 0
    notes: list[str] = field(default_factory=list)


def _pick(chinese: bool, zh: str, en: str) -> str:
    return zh if chinese else en


def side_word(side: str, *, chinese: bool) -> str:
    words = {"debit": ("借", "Dr"), "credit": ("贷", "Cr")}
    zh, en = words.get(side, ("平", "Nil"))
    return _pick(chinese, zh, en)


def balance_side(normal_side: str, balance: Decimal) -> str:
    """The side a balance on the account's normal side stands on (the screen's rule)."""
    if balance == 0:
        return "nil"
    other = "credit" if normal_side == "debit" else "debit"
    return normal_side if balance > 0 else other


def _tree_levels(rows: Sequence[BalanceRowOut]) -> list[int]:
    parents = {row.account_id: row.parent_id for row in rows}
    levels = []
    for row in rows:
        level, parent = 0, row.parent_id
        while parent is not None and parent in parents and level < 16:
            level, parent = level + 1, parents[parent]
        levels.append(level)
    return levels


def balances(rows: list[BalanceRowOut], _params: Any, chinese: bool) -> Laid:
    """科目余额表: 合计 of the top-level accounts' debit and credit (equal when
    the books balance); balances of accounts on different sides do not add up."""
    top = [row for row in rows if row.parent_id is None]
    return Laid(
        columns=(
            Col("科目编码", "Code", width=12),
            Col("科目名称", "Account", width=30),
            Col("方向", "Side", width=6),
            Col("期初余额", "Opening", CellKind.MONEY, 16),
            Col("本期借方", "Debit", CellKind.MONEY, 16),
            Col("本期贷方", "Credit", CellKind.MONEY, 16),
            Col("期末余额", "Closing", CellKind.MONEY, 16),
        ),
        rows=[
            (
                r.code,
                r.name,
                side_word(r.normal_side, chinese=chinese),
                r.opening,
                r.debit,
                r.credit,
                r.closing,
            )
            for r in rows
        ],
        total=(
            _pick(chinese, "合计", "Total"),
            None,
            None,
            None,
            sum((r.debit for r in top), ZERO),
            sum((r.credit for r in top), ZERO),
            None,
        ),
        indent=_tree_levels(rows),
        indent_column=1,
    )


def _balance_cells(normal_side: str, balance: Decimal, chinese: bool) -> tuple[str, Decimal]:
    side = side_word(balance_side(normal_side, balance), chinese=chinese)
    return side, abs(balance)


def general_ledger(answer: GeneralLedgerOut, _params: Any, chinese: bool) -> Laid:
    """总账: 上年结转, then each month with the year so far."""
    side = answer.normal_side
    return Laid(
        columns=(
            Col("月份", "Month", width=10),
            Col("借方", "Debit", CellKind.MONEY, 16),
            Col("贷方", "Credit", CellKind.MONEY, 16),
            Col("方向", "Side", width=6),
            Col("余额", "Balance", CellKind.MONEY, 16),
            Col("本年累计借方", "Year debit", CellKind.MONEY, 16),
            Col("本年累计贷方", "Year credit", CellKind.MONEY, 16),
        ),
        first=(
            _pick(chinese, "上年结转", "Brought forward"),
            None,
            None,
            *_balance_cells(side, answer.opening, chinese),
            None,
            None,
        ),
        rows=[
            (
                _pick(chinese, f"{m.month}月", f"Month {m.month}"),
                m.debit,
                m.credit,
                *_balance_cells(side, m.closing, chinese),
                m.year_debit,
                m.year_credit,
            )
            for m in answer.months
        ],
        notes=[f"{answer.code} {answer.name}"],
    )


def detail_ledger(answer: DetailLedgerOut, _params: Any, chinese: bool) -> Laid:
    """明细账: 期初余额, each line with the balance after it, the server's 本期合计
    over every line of the range (even past the lines it lists)."""
    side = answer.normal_side
    notes = [f"{answer.code} {answer.name}"]
    if answer.truncated:
        notes.append(
            _pick(
                chinese,
                f"只列出了前 {len(answer.lines):,} 行,请缩短日期范围导出其余的行;"
                "本期合计和期末余额包括全部的行。",
                f"Only the first {len(answer.lines):,} lines are listed; export a shorter "
                "range for the rest. The totals and the closing balance include every line.",
            )
        )
    return Laid(
        columns=(
            Col("日期", "Date", CellKind.DATE, 12),
            Col("凭证号", "Voucher", width=12),
            Col("摘要", "Summary", width=36),
            Col("科目", "Account", width=12),
            Col("借方", "Debit", CellKind.MONEY, 16),
            Col("贷方", "Credit", CellKind.MONEY, 16),
            Col("方向", "Side", width=6),
            Col("余额", "Balance", CellKind.MONEY, 16),
        ),
        first=(
            None,
            None,
            _pick(chinese, "期初余额", "Opening balance"),
            None,
            None,
            None,
            *_balance_cells(side, answer.opening, chinese),
        ),
        rows=[
            (
                line.doc_date,
                line.number or "",
                line.summary,
                line.account_code,
                line.debit,
                line.credit,
                *_balance_cells(side, line.balance, chinese),
            )
            for line in answer.lines
        ],
        total=(
            None,
            None,
            _pick(chinese, "本期合计", "Period total"),
            None,
            answer.debit,
            answer.credit,
            *_balance_cells(side, answer.closing, chinese),
        ),
        notes=notes,
    )


_SUMMARY_GROUPS = {
    SummaryBy.UNIT: ("预算单位", "Budget unit"),
    SummaryBy.ITEM: ("收支科目", "Budget item"),
    SummaryBy.MONTH: ("月份", "Month"),
}


def summary(rows: list[SummaryRowOut], params: SummaryParams, chinese: bool) -> Laid:
    zh, en = _SUMMARY_GROUPS[params.by]
    return Laid(
        columns=(
            Col(zh, en, width=30),
            Col("收入", "Income", CellKind.MONEY, 16),
            Col("支出", "Expenditure", CellKind.MONEY, 16),
            Col("笔数", "Count", CellKind.COUNT, 10),
        ),
        rows=[(r.label, r.income, r.expenditure, r.count) for r in rows],
        total=(
            _pick(chinese, "合计", "Total"),
            sum((r.income for r in rows), ZERO),
            sum((r.expenditure for r in rows), ZERO),
            sum(r.count for r in rows),
        ),
    )


_EFFICIENCY_GROUPS = {
    EfficiencyBy.REVIEWER: ("审批人", "Reviewer"),
    EfficiencyBy.UNIT: ("预算单位", "Budget unit"),
    EfficiencyBy.MONTH: ("月份", "Month"),
}


def efficiency(rows: list[EfficiencyRowOut], params: EfficiencyParams, chinese: bool) -> Laid:
    """Only the count adds up: averages and percentiles of groups do not."""
    zh, en = _EFFICIENCY_GROUPS[params.by]
    return Laid(
        columns=(
            Col(zh, en, width=24),
            Col("已办理", "Decided", CellKind.COUNT, 10),
            Col("平均用时(小时)", "Average (hours)", CellKind.HOURS, 16),
            Col("90%用时(小时)", "90% within (hours)", CellKind.HOURS, 16),
            Col("超时比例", "Overdue", CellKind.RATIO, 12),
        ),
        rows=[(r.label, r.decided, r.average_hours, r.p90_hours, r.overdue_ratio) for r in rows],
        total=(_pick(chinese, "合计", "Total"), sum(r.decided for r in rows), None, None, None),
    )


def daily_operations(rows: list[DailyOperationsRowOut], _params: Any, chinese: bool) -> Laid:
    return Laid(
        columns=(
            Col("日期", "Date", CellKind.DATE, 12),
            Col("预算单位", "Budget unit", width=28),
            Col("人员", "Person", width=14),
            Col("录入", "Entered", CellKind.COUNT, 10),
            Col("提交", "Submitted", CellKind.COUNT, 10),
            Col("审批", "Decided", CellKind.COUNT, 10),
        ),
        rows=[(r.day, r.unit, r.person, r.entered, r.submitted, r.decided) for r in rows],
        total=(
            _pick(chinese, "合计", "Total"),
            None,
            None,
            sum(r.entered for r in rows),
            sum(r.submitted for r in rows),
            sum(r.decided for r in rows),
        ),
    )


def usage(rows: list[UsageRowOut], _params: Any, chinese: bool) -> Laid:
    """People active on several days are one person: active users do not add up."""
    return Laid(
        columns=(
            Col("日期", "Date", CellKind.DATE, 12),
            Col("登录次数", "Logins", CellKind.COUNT, 12),
            Col("登录失败", "Failed logins", CellKind.COUNT, 12),
            Col("活跃用户", "Active users", CellKind.COUNT, 12),
        ),
        rows=[(r.day, r.logins, r.failed_logins, r.active_users) for r in rows],
        total=(
            _pick(chinese, "合计", "Total"),
            sum(r.logins for r in rows),
            sum(r.failed_logins for r in rows),
            None,
        ),
    )


def statement(answer: StatementOut, params: Any, chinese: bool) -> Laid:
    """资产负债表 / 收入费用表 / 预算收入支出表 as on screen: each line with its
    number, this period and the same period a year earlier; totals in bold
    come from the layout, so no 合计 line is added."""
    is_sheet = answer.kind is StatementKind.BALANCE_SHEET
    scope = answer.unit_code + " " + answer.unit_name
    if answer.subtree:
        scope += _pick(chinese, "(含下级)", " (with units below)")
    notes = [
        _pick(chinese, "单位:", "Unit: ") + scope,
        _pick(chinese, "期间:", "Period: ")
        + f"{answer.period} ({answer.date_from:%Y-%m-%d} – {answer.date_to:%Y-%m-%d})",
    ]
    if answer.balanced is not None:
        notes.append(
            _pick(chinese, "资产 = 负债 + 净资产:", "Assets = liabilities + net assets: ")
            + (
                _pick(chinese, "平衡", "balanced")
                if answer.balanced
                else _pick(chinese, "不平衡,差额 ", "not balanced, difference ")
                + f"{answer.difference or ZERO:,.2f}"
            )
        )
    if answer.unmapped:
        notes.append(
            _pick(chinese, "未列入任何项目的科目:", "Accounts no line takes: ")
            + " ".join(answer.unmapped)
        )
    return Laid(
        columns=(
            Col("项目", "Item", width=36),
            Col("行次", "Line", CellKind.COUNT, 6),
            Col(
                "期末余额" if is_sheet else "本期金额",
                "At period end" if is_sheet else "This period",
                CellKind.MONEY,
                18,
            ),
            Col("上年同期", "A year earlier", CellKind.MONEY, 18),
        ),
        rows=[
            (
                line.label if chinese else (line.label_en or line.label),
                n,
                line.amount,
                line.prior_amount,
            )
            for n, line in enumerate(answer.lines, start=1)
        ],
        indent=[line.indent for line in answer.lines],
        indent_column=0,
        notes=notes,
    )
