"""The entry rules the client runs as the user types (and the server again)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from common.enums import Language
from common.errors import render_message
from common.rules.documents import (
    large_amounts,
    submission_violations,
    unconfirmed_amounts,
    voucher_totals,
)
from common.schemas.documents import ExpenditureIn, VoucherIn, VoucherLineIn

DAY = dt.date(2026, 11, 2)


def lines(*pairs: tuple[str, str]) -> VoucherIn:
    return VoucherIn(
        doc_date=DAY,
        unit_id=1,
        lines=[
            VoucherLineIn(account_id=index + 1, debit=Decimal(d), credit=Decimal(c))
            for index, (d, c) in enumerate(pairs)
        ],
    )


def test_a_balanced_voucher_passes_and_its_totals_are_exact() -> None:
    voucher = lines(("0.10", "0"), ("0.20", "0"), ("0", "0.30"))
    assert submission_violations(voucher) == []
    assert voucher_totals(voucher) == (Decimal("0.30"), Decimal("0.30"))


def test_each_broken_rule_names_its_field() -> None:
    codes = [
        (v.code, v.params["field"])
        for v in submission_violations(lines(("5.00", "0"), ("0", "0"), ("0", "4.00")))
    ]
    assert codes == [("voucher.line_zero", "lines[1]"), ("voucher.unbalanced", "lines")]


def test_field_names_read_naturally_in_both_languages() -> None:
    params = {"field": "lines[2].debit", "threshold": "100,000.00"}
    assert render_message("document.amount_needs_confirmation", params, Language.ZH_CN) == (
        "第 3 行借方金额达到 100,000.00 元,需再次输入金额核对(二次核对)"
    )
    assert render_message("document.amount_needs_confirmation", params, Language.EN) == (
        "Line 3 debit is 100,000.00 or more and must be typed a second time"
    )


def test_every_large_amount_must_be_confirmed_once() -> None:
    threshold = Decimal("100000.00")
    voucher = lines(("100000.00", "0"), ("0", "60000.00"), ("0", "40000.00"))
    assert large_amounts(voucher, threshold) == [("lines[0].debit", Decimal("100000.00"))]
    missing = unconfirmed_amounts(voucher, [], threshold)
    assert [v.params["field"] for v in missing] == ["lines[0].debit"]
    assert unconfirmed_amounts(voucher, [Decimal("100000")], threshold) == []
    two = lines(("150000.00", "0"), ("0", "150000.00"))
    assert len(unconfirmed_amounts(two, [Decimal("150000.00")], threshold)) == 1
    record = ExpenditureIn(doc_date=DAY, unit_id=1, amount=Decimal("99999.99"))
    assert large_amounts(record, threshold) == []
