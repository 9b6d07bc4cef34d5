"""Amounts at the edges: whatever arrives is money within the limit or a MoneyError
naming the rule -- never an arithmetic error from deep inside the decimal module."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from common.money import MAX_AMOUNT, MoneyError, canonical, format_money, to_money
from common.schemas.documents import IncomeIn, SubmitIn, VoucherLineIn
from common.schemas.search import DocumentQuery

BAD = [
    ("1e300", "money.too_large"),
    ("-1e300", "money.too_large"),
    ("10000000000000.00", "money.too_large"),
    ("NaN", "money.not_finite"),
    ("sNaN", "money.not_finite"),
    ("Infinity", "money.not_finite"),
    ("-inf", "money.not_finite"),
    ("0.001", "money.too_precise"),
    ("1e-5", "money.too_precise"),
    ("1.005", "money.too_precise"),
    ("abc", "money.not_a_number"),
    ("", "money.not_a_number"),
    ("1e300000000", "money.too_large"),
]


@pytest.mark.parametrize(("text", "rule"), BAD)
def test_each_bad_amount_names_its_rule(text: str, rule: str) -> None:
    with pytest.raises(MoneyError) as caught:
        to_money(text)
    assert caught.value.rule == rule
    with pytest.raises(MoneyError):
        to_money(Decimal(text)) if text not in ("abc", "") else to_money(text)


def test_the_largest_amount_and_canonical_forms() -> None:
    assert to_money("9,999,999,999,999.99") == MAX_AMOUNT
    assert to_money("-9999999999999.99") == -MAX_AMOUNT
    assert str(to_money("1E+2")) == "100.00"
    assert str(to_money("-0")) == "0.00"
    assert str(to_money(Decimal("-0.00"))) == "0.00"
    assert canonical(Decimal("1E+2")) == "100.00" and canonical(Decimal("0.1")) == "0.10"
    assert format_money(MAX_AMOUNT * 1000) == "9,999,999,999,999,990.00"  # a total may be larger


@given(st.text(max_size=40))
def test_any_text_is_money_or_a_money_error(text: str) -> None:
    try:
        amount = to_money(text)
    except MoneyError:
        return
    assert abs(amount) <= MAX_AMOUNT and amount == amount.quantize(Decimal("0.01"))


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_any_decimal_is_money_or_a_money_error(value: Decimal) -> None:
    try:
        amount = to_money(value)
    except MoneyError:
        return
    assert amount == value and str(amount) == canonical(amount)


@pytest.mark.parametrize(
    "value",
    [
        "1e300",
        1e300,
        "NaN",
        float("nan"),
        "Infinity",
        float("inf"),
        "10000000000000.00",
        "0.001",
        1e-5,
        True,
        "十元",
    ],
)
def test_every_schema_with_money_refuses_the_same(value: object) -> None:
    """The pydantic money type is in each schema: a field error of type money."""
    for build in (
        lambda: IncomeIn.model_validate({"doc_date": "2026-01-05", "unit_id": 1, "amount": value}),
        lambda: VoucherLineIn.model_validate({"debit": value}),
        lambda: SubmitIn.model_validate({"version": 1, "confirmed_amounts": [value]}),
        lambda: DocumentQuery.model_validate({"amount_min": value}),
    ):
        with pytest.raises(ValidationError) as caught:
            build()
        (error,) = caught.value.errors()
        assert error["type"] == "money" and error["ctx"]["rule"].startswith("money.")


def test_json_numbers_and_strings_come_back_canonical() -> None:
    line = VoucherLineIn.model_validate_json('{"debit": 1E+2, "credit": "0.1"}')
    assert line.model_dump(mode="json")["debit"] == "100.00"
    assert line.model_dump(mode="json")["credit"] == "0.10"
    assert IncomeIn.model_validate(
        {"doc_date": "2026-01-05", "unit_id": 1, "amount": 12345678901.23}
    ).amount == Decimal("12345678901.23")
