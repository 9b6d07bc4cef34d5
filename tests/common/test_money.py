from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.money import MoneyError, format_money, to_money


def test_strings_and_decimals_become_two_place_amounts() -> None:
    assert to_money("1,234.5") == Decimal("1234.50")
    assert str(to_money(Decimal("7"))) == "7.00"
    assert to_money(" 0.10 ") + to_money("0.20") == Decimal("0.30")


@pytest.mark.parametrize("bad", [0.1, "1.005", "abc", "NaN", "Infinity", "1e20"])
def test_what_is_not_money_is_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        to_money(bad)  # type: ignore[arg-type]


def test_thousands_separators() -> None:
    assert format_money(Decimal("1234567.5")) == "1,234,567.50"
    assert format_money(Decimal("-0.01")) == "-0.01"
    assert format_money(Decimal("0")) == "0.00"


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))  # +/- MAX_AMOUNT in cents
def test_formatting_round_trips_every_cent_amount(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert to_money(format_money(amount)) == amount
