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


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


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
    amount = to_money(amount)
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
