"""Entry checks (系统自动校验) that the client runs as the user types and the server
runs again as the authority. Each violation names the field and the rule.

Two levels: what even a draft must satisfy (amounts are money, a line is never
both debit and credit), and what a submission must satisfy (everything filled in,
at least two voucher lines, each non-zero, debit total equal to credit total).
A reversal (红字冲销) carries negative amounts; everything else is positive.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from common.money import MoneyError, to_money
from common.rules.passwords import Violation
from common.schemas.documents import (
    DraftIn,
    ExpenditureIn,
    IncomeIn,
    QuotaAdjustmentIn,
    VoucherIn,
)

ZERO = Decimal("0.00")
# The years fiscal periods can have (the database checks the same range).
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2999, 12, 31)


def _line(code: str, index: int, **params: object) -> Violation:
    """A violation about line ``index`` (0-based in the field path, 1-based for people)."""
    return Violation(code, {"field": f"lines[{index}]", "line": index + 1, **params})


def _money_violation(value: Decimal, field: str) -> Violation | None:
    try:
        to_money(value)
    except MoneyError:
        return Violation("document.amount_format", {"field": field})
    return None


def draft_violations(draft: DraftIn, *, reversal: bool = False) -> list[Violation]:
    """What must hold for a draft to be saved at all."""
    found: list[Violation] = []
    if not FIRST_DATE <= draft.doc_date <= LAST_DATE:
        found.append(
            Violation(
                "document.date_out_of_range",
                {
                    "field": "doc_date",
                    "first": FIRST_DATE.isoformat(),
                    "last": LAST_DATE.isoformat(),
                },
            )
        )

    def check_amount(value: Decimal, field: str) -> None:
        bad = _money_violation(value, field)
        if bad is not None:
            found.append(bad)
        elif (value < 0) if not reversal else (value > 0):
            code = "document.amount_negative" if not reversal else "document.reversal_positive"
            found.append(Violation(code, {"field": field}))

    if isinstance(draft, IncomeIn | ExpenditureIn | QuotaAdjustmentIn):
        check_amount(draft.amount, "amount")
    else:
        for index, line in enumerate(draft.lines):
            check_amount(line.debit, f"lines[{index}].debit")
            check_amount(line.credit, f"lines[{index}].credit")
            if line.debit != 0 and line.credit != 0:
                found.append(
                    Violation(
                        "voucher.line_both_sides", {"field": f"lines[{index}]", "line": index + 1}
                    )
                )
    return found


def submission_violations(draft: DraftIn, *, reversal: bool = False) -> list[Violation]:
    """What must hold before a document goes to review."""
    found = draft_violations(draft, reversal=reversal)
    if found:
        return found
    if isinstance(draft, IncomeIn):
        if draft.income_item_id is None:
            found.append(Violation("document.field_required", {"field": "income_item_id"}))
        if draft.amount == 0:
            found.append(Violation("document.amount_zero", {"field": "amount"}))
        if not draft.payer.strip():
            found.append(Violation("document.field_required", {"field": "payer"}))
    elif isinstance(draft, ExpenditureIn):
        for field in ("functional_item_id", "economic_item_id"):
            if getattr(draft, field) is None:
                found.append(Violation("document.field_required", {"field": field}))
        if draft.amount == 0:
            found.append(Violation("document.amount_zero", {"field": "amount"}))
        for field in ("payee", "payee_account", "payee_bank"):
            if not getattr(draft, field).strip():
                found.append(Violation("document.field_required", {"field": field}))
    elif isinstance(draft, QuotaAdjustmentIn):
        for field in ("functional_item_id", "economic_item_id"):
            if getattr(draft, field) is None:
                found.append(Violation("document.field_required", {"field": field}))
        if draft.amount == 0:
            found.append(Violation("document.amount_zero", {"field": "amount"}))
        if not draft.summary.strip():
            found.append(Violation("document.field_required", {"field": "summary"}))
    else:
        found.extend(_voucher_violations(draft))
    return found


def _voucher_violations(draft: VoucherIn) -> list[Violation]:
    found: list[Violation] = []
    if len(draft.lines) < 2:
        found.append(
            Violation("voucher.too_few_lines", {"field": "lines", "count": len(draft.lines)})
        )
    for index, line in enumerate(draft.lines):
        if line.account_id is None:
            found.append(
                Violation("document.field_required", {"field": f"lines[{index}].account_id"})
            )
        if line.debit == 0 and line.credit == 0:
            found.append(
                Violation("voucher.line_zero", {"field": f"lines[{index}]", "line": index + 1})
            )
    debit, credit = voucher_totals(draft)
    if debit != credit:
        found.append(
            Violation(
                "voucher.unbalanced",
                {"field": "lines", "debit": f"{debit:,.2f}", "credit": f"{credit:,.2f}"},
            )
        )
    return found


def voucher_totals(draft: VoucherIn) -> tuple[Decimal, Decimal]:
    debit = sum((line.debit for line in draft.lines), ZERO)
    credit = sum((line.credit for line in draft.lines), ZERO)
    return debit, credit


def document_amount(draft: DraftIn) -> Decimal:
    """The amount a document is known by: the record's amount, a voucher's debit total."""
    if isinstance(draft, VoucherIn):
        return voucher_totals(draft)[0]
    return draft.amount


def large_amounts(draft: DraftIn, threshold: Decimal) -> list[tuple[str, Decimal]]:
    """(field, amount) of every amount at or above the double-entry threshold."""
    if isinstance(draft, VoucherIn):
        found = []
        for index, line in enumerate(draft.lines):
            for side in ("debit", "credit"):
                value: Decimal = getattr(line, side)
                if abs(value) >= threshold:
                    found.append((f"lines[{index}].{side}", value))
        return found
    return [("amount", draft.amount)] if abs(draft.amount) >= threshold else []


def unconfirmed_amounts(
    draft: DraftIn, confirmed: list[Decimal], threshold: Decimal
) -> list[Violation]:
    """二次核对: every large amount must have been typed a second time, equal to the first."""
    available = Counter(confirmed)
    missing = []
    for field, value in large_amounts(draft, threshold):
        if available[value] > 0:
            available[value] -= 1
        else:
            missing.append(
                Violation(
                    "document.amount_needs_confirmation",
                    {"field": field, "threshold": f"{threshold:,.2f}"},
                )
            )
    return missing
