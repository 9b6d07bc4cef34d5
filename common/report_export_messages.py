"""Messages of the reports' Excel exports, and the broken rule of a bad parameter.

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

# the parameters as people call them: (zh_CN, en)
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "date_from": ("开始日期", "start date"),
    "date_to": ("截止日期", "end date"),
    "posted_only": ("仅已记账", "posted only"),
    "account_id": ("会计科目", "account"),
    "year": ("年度", "year"),
    "by": ("分组方式", "grouping"),
}

REPORT_EXPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "report_export.unknown": (
        "没有名为“{report}”的报表;可导出的报表:{choices}",
        "No report is called '{report}'; the reports that export are: {choices}",
    ),
    "report_export.not_an_object": (
        "报表参数须为 JSON 对象(参数名: 值)",
        "The report's parameters must be a JSON object (name: value)",
    ),
    "report_export.missing": (
        "缺少参数 {field}({label_zh}):此报表必须提供",
        "Parameter {field} ({label_en}) is missing: this report requires it",
    ),
    "report_export.unknown_parameter": (
        "参数 {field} 不属于此报表;此报表的参数为:{allowed}",
        "Parameter {field} is not one of this report's; its parameters are: {allowed}",
    ),
    "report_export.not_a_date": (
        "参数 {field}({label_zh})须为日期,格式 YYYY-MM-DD",
        "Parameter {field} ({label_en}) must be a date, YYYY-MM-DD",
    ),
    "report_export.not_an_integer": (
        "参数 {field}({label_zh})须为整数",
        "Parameter {field} ({label_en}) must be a whole number",
    ),
    "report_export.out_of_range": (
        "参数 {field}({label_zh})须在 {min} 至 {max} 之间",
        "Parameter {field} ({label_en}) must be from {min} to {max}",
    ),
    "report_export.not_a_flag": (
        "参数 {field}({label_zh})须为 true 或 false",
        "Parameter {field} ({label_en}) must be true or false",
    ),
    "report_export.not_a_choice": (
        "参数 {field}({label_zh})须为以下之一:{choices}",
        "Parameter {field} ({label_en}) must be one of: {choices}",
    ),
    "report_export.invalid": (
        "参数 {field}({label_zh})无效:{rule}",
        "Parameter {field} ({label_en}) is invalid: {rule}",
    ),
}

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
    zh, en = PARAMETER_LABELS.get(field, (field, field))
    params: dict[str, Any] = {"field": field, "label_zh": zh, "label_en": en}
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
