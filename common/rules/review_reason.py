"""A rejection or a return needs a specific reason (DOMAIN.md: 具体原因): the maker
must be able to tell what to correct. Empty text, a bare "no" or a stock phrase
says nothing, so it is refused; the client checks as the reviewer types, the
server decides."""

from __future__ import annotations

import unicodedata

# Phrases that only restate the decision, compared without spaces or punctuation.
STOCK_PHRASES = frozenset(
    {
        "不同意",
        "不行",
        "不可以",
        "不通过",
        "不予通过",
        "驳回",
        "退回",
        "退回修改",
        "审核不通过",
        "有误",
        "错误",
        "有问题",
        "不对",
        "无",
        "见附件",
        "no",
        "nok",
        "ok",
        "reject",
        "rejected",
        "return",
        "returned",
        "wrong",
        "error",
        "none",
        "na",
        "see attachment",
    }
)
MIN_CHARS = 2  # 重复 / 超标 say enough in Chinese
MIN_LATIN_CHARS = 8  # "dup" does not; "duplicate" does


def _normalised(text: str) -> str:
    kept = (ch for ch in text.lower() if unicodedata.category(ch)[0] in "LN" or ch == " ")
    return " ".join("".join(kept).split())


def is_specific_reason(text: str) -> bool:
    reason = _normalised(text)
    if reason in STOCK_PHRASES or reason.replace(" ", "") in STOCK_PHRASES:
        return False
    if reason.isascii():
        return len(reason) >= MIN_LATIN_CHARS
    return len(reason.replace(" ", "")) >= MIN_CHARS
