from __future__ import annotations

import pytest

from common.enums import Language, parse_accept_language
from common.errors import MESSAGES, DomainError, render_message


def test_messages_render_in_both_languages_with_their_parameters() -> None:
    error = DomainError("user.exists", status=409, username="zhang")
    assert error.message(Language.ZH_CN) == "用户名“zhang”已存在"
    assert error.message(Language.EN) == "The username 'zhang' already exists"
    assert error.status == 409 and error.params == {"username": "zhang"}


def test_every_code_has_chinese_and_english_text() -> None:
    assert "user.exists" in MESSAGES and len(MESSAGES) > 300
    for code, (zh, en, *_) in MESSAGES.items():
        assert zh and en, code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), f"{code} zh text has no Chinese"
        assert en.isascii(), f"{code} en text is not English"


def test_unknown_code_is_refused_when_raised_but_shown_when_received() -> None:
    with pytest.raises(KeyError):
        DomainError("no.such.code")
    assert render_message("no.such.code", {}, Language.EN) == "no.such.code"


def test_missing_parameter_degrades_to_the_template() -> None:
    assert "{username}" in render_message("user.exists", {}, Language.EN)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, Language.ZH_CN),
        ("", Language.ZH_CN),
        ("en-US,en;q=0.9", Language.EN),
        ("zh-CN,zh;q=0.9,en;q=0.8", Language.ZH_CN),
        ("fr-FR, en;q=0.5", Language.EN),
        ("en;q=0.3, zh;q=0.7", Language.ZH_CN),
        ("de-DE", Language.ZH_CN),
        ("en;q=0", Language.ZH_CN),
        ("ja-JP,ja;q=0.9,en;q=0.8", Language.JA),
        ("fr, ja;q=0.5, en;q=0.4", Language.JA),
        ("zh-TW", Language.ZH_CN),
    ],
)
def test_accept_language(header: str | None, expected: Language) -> None:
    assert parse_accept_language(header) is expected


def test_a_refusal_names_the_post_needed_in_words_not_its_code() -> None:
    refusal = DomainError("auth.forbidden", status=403, roles="clerk, reviewer")
    assert refusal.message(Language.ZH_CN) == "无权执行此操作(需要岗位:业务操作员、审核员)"
    assert refusal.message(Language.EN) == "You may not do this (role needed: Clerk, Reviewer)"
