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

from common import i18n
from common.enums import Language
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
    code: str  # the title's catalogue code (common/i18n.py)
    kind: CellKind = CellKind.TEXT
    width: int = 14

    def title(self, language: Language) -> str:
        return i18n.template(self.code, language)


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


def side_word(side: str, language: Language) -> str:
    """借 / 贷 / 平 of a balance (``words.report.side.<debit|credit|nil>``)."""
    return i18n.text(
        f"words.report.side.{side if side in ('debit', 'credit') else 'nil'}", language
    )


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


def balances(rows: list[BalanceRowOut], _params: Any, language: Language) -> Laid:
    """科目余额表: 合计 of the top-level accounts' debit and credit (equal when
    the books balance); balances of accounts on different sides do not add up."""
    top = [row for row in rows if row.parent_id is None]
    return Laid(
        columns=(
            Col("words.report.col.code", width=12),
            Col("words.report.col.account_name", width=30),
            Col("words.report.col.side", width=6),
            Col("words.report.col.opening", CellKind.MONEY, 16),
            Col("words.report.col.period_debit", CellKind.MONEY, 16),
            Col("words.report.col.period_credit", CellKind.MONEY, 16),
            Col("words.report.col.closing", CellKind.MONEY, 16),
        ),
        rows=[
            (
                r.code,
                r.name,
                side_word(r.normal_side, language),
                r.opening,
                r.debit,
                r.credit,
                r.closing,
            )
            for r in rows
        ],
        total=(
            i18n.text("words.report.total", language),
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


def _balance_cells(normal_side: str, balance: Decimal, language: Language) -> tuple[str, Decimal]:
    side = side_word(balance_side(normal_side, balance), language)
    return side, abs(balance)


def general_ledger(answer: GeneralLedgerOut, _params: Any, language: Language) -> Laid:
    """总账: 上年结转, then each month with the year so far."""
    side = answer.normal_side
    return Laid(
        columns=(
            Col("words.report.col.month", width=10),
            Col("words.report.col.debit", CellKind.MONEY, 16),
            Col("words.report.col.credit", CellKind.MONEY, 16),
            Col("words.report.col.side", width=6),
            Col("words.report.col.balance", CellKind.MONEY, 16),
            Col("words.report.col.year_debit", CellKind.MONEY, 16),
            Col("words.report.col.year_credit", CellKind.MONEY, 16),
        ),
        first=(
            i18n.text("words.report.brought_forward", language),
            None,
            None,
            *_balance_cells(side, answer.opening, language),
            None,
            None,
        ),
        rows=[
            (
                i18n.text("words.report.month", language, month=m.month),
                m.debit,
                m.credit,
                *_balance_cells(side, m.closing, language),
                m.year_debit,
                m.year_credit,
            )
            for m in answer.months
        ],
        notes=[f"{answer.code} {answer.name}"],
    )


def detail_ledger(answer: DetailLedgerOut, _params: Any, language: Language) -> Laid:
    """明细账: 期初余额, each line with the balance after it, the server's 本期合计
    over every line of the range (even past the lines it lists)."""
    side = answer.normal_side
    notes = [f"{answer.code} {answer.name}"]
    if answer.truncated:
        notes.append(i18n.text("words.report.truncated", language, count=f"{len(answer.lines):,}"))
    return Laid(
        columns=(
            Col("words.report.col.date", CellKind.DATE, 12),
            Col("words.report.col.voucher", width=12),
            Col("words.report.col.summary", width=36),
            Col("words.report.col.account", width=12),
            Col("words.report.col.debit", CellKind.MONEY, 16),
            Col("words.report.col.credit", CellKind.MONEY, 16),
            Col("words.report.col.side", width=6),
            Col("words.report.col.balance", CellKind.MONEY, 16),
        ),
        first=(
            None,
            None,
            i18n.text("words.report.opening_balance", language),
            None,
            None,
            None,
            *_balance_cells(side, answer.opening, language),
        ),
        rows=[
            (
                line.doc_date,
                line.number or "",
                line.summary,
                line.account_code,
                line.debit,
                line.credit,
                *_balance_cells(side, line.balance, language),
            )
            for line in answer.lines
        ],
        total=(
            None,
            None,
            i18n.text("words.report.period_total", language),
            None,
            answer.debit,
            answer.credit,
            *_balance_cells(side, answer.closing, language),
        ),
        notes=notes,
    )


_SUMMARY_GROUPS = {
    SummaryBy.UNIT: "words.report.col.summary_by.unit",
    SummaryBy.ITEM: "words.report.col.summary_by.item",
    SummaryBy.MONTH: "words.report.col.summary_by.month",
}


def summary(rows: list[SummaryRowOut], params: SummaryParams, language: Language) -> Laid:
    return Laid(
        columns=(
            Col(_SUMMARY_GROUPS[params.by], width=30),
            Col("words.report.col.income", CellKind.MONEY, 16),
            Col("words.report.col.expenditure", CellKind.MONEY, 16),
            Col("words.report.col.count", CellKind.COUNT, 10),
        ),
        rows=[(r.label, r.income, r.expenditure, r.count) for r in rows],
        total=(
            i18n.text("words.report.total", language),
            sum((r.income for r in rows), ZERO),
            sum((r.expenditure for r in rows), ZERO),
            sum(r.count for r in rows),
        ),
    )


_EFFICIENCY_GROUPS = {
    EfficiencyBy.REVIEWER: "words.report.col.efficiency_by.reviewer",
    EfficiencyBy.UNIT: "words.report.col.efficiency_by.unit",
    EfficiencyBy.MONTH: "words.report.col.efficiency_by.month",
}


def efficiency(rows: list[EfficiencyRowOut], params: EfficiencyParams, language: Language) -> Laid:
    """Only the count adds up: averages and percentiles of groups do not."""
    return Laid(
        columns=(
            Col(_EFFICIENCY_GROUPS[params.by], width=24),
            Col("words.report.col.decided", CellKind.COUNT, 10),
            Col("words.report.col.average_hours", CellKind.HOURS, 16),
            Col("words.report.col.90_within_hours", CellKind.HOURS, 16),
            Col("words.report.col.overdue", CellKind.RATIO, 12),
        ),
        rows=[(r.label, r.decided, r.average_hours, r.p90_hours, r.overdue_ratio) for r in rows],
        total=(
            i18n.text("words.report.total", language),
            sum(r.decided for r in rows),
            None,
            None,
            None,
        ),
    )


def daily_operations(rows: list[DailyOperationsRowOut], _params: Any, language: Language) -> Laid:
    return Laid(
        columns=(
            Col("words.report.col.date", CellKind.DATE, 12),
            Col("words.report.col.budget_unit", width=28),
            Col("words.report.col.person", width=14),
            Col("words.report.col.entered", CellKind.COUNT, 10),
            Col("words.report.col.submitted", CellKind.COUNT, 10),
            Col("words.report.col.decided_2", CellKind.COUNT, 10),
        ),
        rows=[(r.day, r.unit, r.person, r.entered, r.submitted, r.decided) for r in rows],
        total=(
            i18n.text("words.report.total", language),
            None,
            None,
            sum(r.entered for r in rows),
            sum(r.submitted for r in rows),
            sum(r.decided for r in rows),
        ),
    )


def usage(rows: list[UsageRowOut], _params: Any, language: Language) -> Laid:
    """People active on several days are one person: active users do not add up."""
    return Laid(
        columns=(
            Col("words.report.col.date", CellKind.DATE, 12),
            Col("words.report.col.logins", CellKind.COUNT, 12),
            Col("words.report.col.failed_logins", CellKind.COUNT, 12),
            Col("words.report.col.active_users", CellKind.COUNT, 12),
        ),
        rows=[(r.day, r.logins, r.failed_logins, r.active_users) for r in rows],
        total=(
            i18n.text("words.report.total", language),
            sum(r.logins for r in rows),
            sum(r.failed_logins for r in rows),
            None,
        ),
    )


def statement(answer: StatementOut, params: Any, language: Language) -> Laid:
    """资产负债表 / 收入费用表 / 预算收入支出表 as on screen: each line with its
    number, this period and the same period a year earlier; totals in bold
    come from the layout, so no 合计 line is added."""
    is_sheet = answer.kind is StatementKind.BALANCE_SHEET
    scope = answer.unit_code + " " + answer.unit_name
    if answer.subtree:
        scope += i18n.text("words.report.with_units_below", language)
    notes = [
        i18n.text("words.report.unit", language) + scope,
        i18n.text("words.report.period", language)
        + f"{answer.period} ({answer.date_from:%Y-%m-%d} – {answer.date_to:%Y-%m-%d})",
    ]
    if answer.balanced is not None:
        notes.append(
            i18n.text("words.report.assets_liabilities_net_assets", language)
            + (
                i18n.text("words.report.balanced", language)
                if answer.balanced
                else i18n.text("words.report.not_balanced_difference", language)
                + f"{answer.difference or ZERO:,.2f}"
            )
        )
    if answer.unmapped:
        notes.append(
            i18n.text("words.report.accounts_no_line_takes", language) + " ".join(answer.unmapped)
        )
    return Laid(
        columns=(
            Col("words.report.col.item", width=36),
            Col("words.report.col.line", CellKind.COUNT, 6),
            Col(
                "words.report.col.at_period_end" if is_sheet else "words.report.col.this_period",
                CellKind.MONEY,
                18,
            ),
            Col("words.report.col.a_year_earlier", CellKind.MONEY, 18),
        ),
        rows=[
            (
                line.label if language is Language.ZH_CN else (line.label_en or line.label),
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
