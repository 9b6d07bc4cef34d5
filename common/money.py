"""Money is an exact Decimal in yuan with two places; never a binary float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")  # fits Numeric(18, 2)


class MoneyError(ValueError):
    """A value that cannot be an amount of money."""


def to_money(value: Decimal | int | str) -> Decimal:
    """Convert to a Decimal with exactly two places.

    Floats are refused on purpose: 0.1 + 0.2 must never reach a ledger. More than
    two decimal places is an error, not a silent rounding, because a clerk who typed
    1.005 meant something and must be told.
    """
    if isinstance(value, float):
        raise MoneyError("float is not accepted for money; use Decimal or str")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise MoneyError(f"not a number: {value!r}") from exc
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {value!r}")
    quantized = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if quantized != amount:
        raise MoneyError(f"more than two decimal places: {value!r}")
    if abs(quantized) > MAX_AMOUNT:
        raise MoneyError(f"amount out of range: {value!r}")
    return quantized


def format_money(amount: Decimal) -> str:
    """Thousands separators and two places: Decimal('1234567.5') -> '1,234,567.50'."""
    return f"{to_money(amount):,.2f}"
