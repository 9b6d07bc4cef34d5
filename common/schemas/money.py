"""Money as it travels in requests and responses.

``Money`` is every amount a user or a client sends: it is parsed by
``common.money.to_money`` (at most 9,999,999,999,999.99, two decimal places,
finite), so every schema that uses it gets the same rule and a refusal is a
field error naming the rule (type ``money``, context ``rule``), never an
overflow deep in the server. A JSON number is read by its shortest text
(``1e300`` -> "1e+300"): every valid amount has at most 15 significant digits,
which a double carries exactly. ``MoneyOut`` is an amount the server answers
with, possibly a total beyond one document's limit. Both are written
canonically on the wire: "100.00", never "1E+2" or "0.1".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer
from pydantic_core import PydanticCustomError

from common import i18n
from common.enums import Language
from common.money import MAX_TEXT, NOT_A_NUMBER, MoneyError, canonical, to_money

MONEY_ERROR = "money"  # the pydantic error type of a refused amount


def _parse(value: object) -> Decimal:
    if isinstance(value, float):  # a JSON number
        value = repr(value)
    try:
        if not isinstance(value, Decimal | int | str):
            raise MoneyError(f"not a number: {value!r}", rule=NOT_A_NUMBER)
        return to_money(value)
    except MoneyError as exc:
        english = i18n.template(exc.rule, Language.EN)
        raise PydanticCustomError(
            MONEY_ERROR, english, {"rule": exc.rule, "max": MAX_TEXT}
        ) from None


_ON_THE_WIRE = PlainSerializer(canonical, return_type=str, when_used="json")

Money = Annotated[Decimal, BeforeValidator(_parse), _ON_THE_WIRE]
MoneyOut = Annotated[Decimal, _ON_THE_WIRE]
