"""Money is an exact Decimal in yuan with two places; never a binary float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# The largest amount anyone may enter: 13 digits of yuan and 2 of fen, so every
# amount is at most 15 significant digits -- exact in a JSON number (a double) as
# well as in a string -- and totals of many still fit Numeric(18, 2).
MAX_AMOUNT = Decimal("9999999999999.99")
MAX_TEXT = "9,999,999,999,999.99"

# Why a value is not money, as an error code of common.errors (the rule's words).
NOT_A_NUMBER = "money.not_a_number"
NOT_FINITE = "money.not_finite"
TOO_LARGE = "money.too_large"
TOO_PRECISE = "money.too_precise"
FLOAT = "money.float"


class MoneyError(ValueError):
    """A value that cannot be an amount of money; ``rule`` says which rule it broke."""

    def __init__(self, message: str, *, rule: str = NOT_A_NUMBER) -> None:
        super().__init__(message)
        self.rule = rule


def _decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise MoneyError("float is not accepted for money; use Decimal or str", rule=FLOAT)
    if isinstance(value, bool):
        raise MoneyError(f"not a number: {value!r}")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise MoneyError(f"not a number: {value!r}") from exc
    if isinstance(value, int | Decimal):
        return Decimal(value)
    raise MoneyError(f"not a number: {value!r}")


def to_money(value: Decimal | int | str) -> Decimal:
    """Convert to a Decimal with exactly two places, within +/- MAX_AMOUNT.

    Floats are refused on purpose: 0.1 + 0.2 must never reach a ledger. More than
    two decimal places is an error, not a silent rounding, because a clerk who typed
    1.005 meant something and must be told. The range is checked before rounding:
    quantizing 1e300 to cents would overflow the decimal context. Minus zero is zero.
    """
    amount = _decimal(value)
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {value!r}", rule=NOT_FINITE)
    if amount.copy_abs() > MAX_AMOUNT:  # copy_abs: no rounding, so no overflow
        raise MoneyError(f"amount out of range: {value!r}", rule=TOO_LARGE)
    quantized = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if quantized != amount:
        raise MoneyError(f"more than two decimal places: {value!r}", rule=TOO_PRECISE)
    return quantized if quantized else CENT * 0  # "-0" is 0.00


def canonical(amount: Decimal) -> str:
    """The one way an amount is written on the wire: "100.00", never "1E+2" or "0.1".
    Any finite amount (a total may exceed MAX_AMOUNT); rounded half up to the cent."""
    quantized = amount.quantize(CENT, rounding=ROUND_HALF_UP) + 0
    return f"{quantized:.2f}"


def format_money(amount: Decimal) -> str:
    """Thousands separators and two places: Decimal('1234567.5') -> '1,234,567.50'.
    Totals may exceed what one document may carry, so no range check here."""
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {amount!r}", rule=NOT_FINITE)
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP) + 0:,.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")
_CAPITALS_LIMIT = Decimal(10) ** 16  # a voucher's total may pass MAX_AMOUNT; 万亿 ends here


def _group_to_capitals(group: int) -> str:
    """0 < group < 10000, written with 拾佰仟 and inner zeros as a single 零."""
    text = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def to_capitals(amount: Decimal) -> str:
    """大写金额 as written on Chinese vouchers and cheques.

    Conventions (the 支付结算办法 rules for 中文大写): 元 after the integer part;
    整 when there are no 角 and 分 ("壹佰元整"), and also after 角 with no 分
    ("壹元伍角整"); a zero between 元 and 分 is written ("壹元零伍分"); any run of
    zeros inside the integer part is one 零, also across 万/亿 groups
    ("壹万零伍元"); "零元" alone for zero; 负 in front of a negative amount.
    """
    if not amount.is_finite() or abs(amount) >= _CAPITALS_LIMIT:
        raise MoneyError(f"no capitals for {amount!r}", rule=TOO_LARGE)
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    negative = amount < 0
    cents = int(abs(amount) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    parts: list[str] = []
    if yuan:
        groups = []
        while yuan:
            groups.append(yuan % 10000)
            yuan //= 10000
        text = ""
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or group < 1000):
                text += "零"
            text += _group_to_capitals(group) + _GROUP_UNITS[index]
            need_zero = False
        parts.append(text + "元")
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    if fen:
        if parts and not jiao:
            parts.append("零")
        parts.append(_DIGITS[fen] + "分")
    if not parts:
        return "零元整"
    result = "".join(parts)
    if not fen:
        result += "整"
    return ("负" if negative else "") + result
