"""Words of the reports' Excel exports, and the broken rule of a bad parameter.

A bad parameter is answered with the parameter's name (as sent, and as people
call it) and the rule it broke, in both languages: each rule is a code of its
own here, so the message is whole in Chinese and in English (pydantic's own
wording is English only). :func:`parameter_error` turns the first error of a
pydantic validation into such a code and its params; it is pure, so the client
can name a field the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from common import i18n
from common.enums import Language


def parameter_label(field: str, language: Language) -> str:
    """A report parameter as people call it (``words.report_param.<field>``)."""
    code = f"words.report_param.{field}"
    return i18n.template(code, language) if i18n.known(code) else field


def _label_code(field: str) -> str:
    code = f"words.report_param.{field}"
    return code if i18n.known(code) else field


_RULES = {
    "missing": "report_export.missing",
    "extra_forbidden": "report_export.unknown_parameter",
    "greater_than_equal": "report_export.out_of_range",
    "less_than_equal": "report_export.out_of_range",
    "enum": "report_export.not_a_choice",
    "literal_error": "report_export.not_a_choice",
}
_PREFIXES = (
    ("date", "report_export.not_a_date"),
    ("int", "report_export.not_an_integer"),
    ("bool", "report_export.not_a_flag"),
)


def _code(kind: str) -> str:
    if kind in _RULES:
        return _RULES[kind]
    for prefix, code in _PREFIXES:
        if kind.startswith(prefix):
            return code
    return "report_export.invalid"


def parameter_error(
    errors: Sequence[Mapping[str, Any]],
    *,
    allowed: Iterable[str],
    limits: tuple[int, int] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The code and params of the first broken rule of a validation's ``errors``
    (pydantic's ``ValidationError.errors()``); ``allowed``: the report's
    parameters; ``limits``: the range of a bounded number (the year)."""
    error = errors[0]
    location = [str(part) for part in error.get("loc", ())]
    field = location[0] if location else ""
    code = _code(str(error.get("type", "")))
    params: dict[str, Any] = {"field": field, "label_words": _label_code(field)}
    context = error.get("ctx") or {}
    if code == "report_export.unknown_parameter":
        params["allowed"] = ", ".join(allowed)
    elif code == "report_export.out_of_range":
        low, high = limits or (context.get("ge", ""), context.get("le", ""))
        params.update(min=low, max=high)
    elif code == "report_export.not_a_choice":
        params["choices"] = str(context.get("expected", "")).replace("'", "")
    elif code == "report_export.invalid":
        params["rule"] = str(error.get("msg", ""))
    return code, params
