"""The message catalogues (resources/locale, common/i18n.py) are complete: every
code of the source language (zh_CN) has a text in each language, with the same
placeholders, compiled into an up-to-date .mo; Japanese is really translated; every
error code the code raises has a text."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from common import i18n
from common.enums import Language
from common.errors import MESSAGES, render_message
from installers import catalogues

ROOT = Path(__file__).resolve().parents[1]
KANA = re.compile(r"[\u3040-\u30ff]")
# Messages whose languages fill different params (the server sends all of them):
# English names a posting step as a verb too; its year-end message names both years.
OWN_PLACEHOLDERS = {"posting.own_document", "posting.reviewed_it", "year_end.earlier_open"}
# Texts that read the same in Japanese as in Chinese or English: names, symbols,
# separators and Kanji words shared by both languages.
SAME_IN_JAPANESE = {
    "words.sep.list",
    "words.sep.filters",
    "label.normal_side.debit",
    "label.normal_side.credit",
    "words.report.col.debit",  # 借方
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_each_language_has_a_catalogue_and_each_catalogue_a_language() -> None:
    assert set(catalogues.po_files()) == {language.value for language in Language}


def test_the_catalogues_are_complete_and_compiled() -> None:
    """What ``python installers/catalogues.py check`` reports: a code missing or
    empty in a language, a placeholder zh_CN does not have, a stale .mo."""
    found = catalogues.problems()
    assert not found, "\n".join(found[:40])


def test_every_language_fills_the_same_placeholders() -> None:
    for code in i18n.codes():
        source = _placeholders(i18n.template(code, Language.ZH_CN))
        english = _placeholders(i18n.template(code, Language.EN))
        for language in Language:
            mine = _placeholders(i18n.template(code, language))
            if code in OWN_PLACEHOLDERS:
                assert mine <= source | english, (code, language.value, mine)
            else:
                assert mine == source, (code, language.value, mine, source)


def test_japanese_is_translated_not_copied() -> None:
    copied = [
        code
        for code in i18n.codes()
        if code not in SAME_IN_JAPANESE
        and i18n.template(code, Language.JA)
        in (i18n.template(code, Language.ZH_CN), i18n.template(code, Language.EN))
    ]
    assert not copied, copied
    with_kana = sum(bool(KANA.search(i18n.template(c, Language.JA))) for c in i18n.codes())
    assert with_kana > len(i18n.codes()) // 2  # Japanese, not Chinese kept as is


def _raised_codes() -> set[str]:
    """First arguments of DomainError("...") in common/ and server/."""
    found = set()
    for folder in ("common", "server"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "DomainError"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    return found


def test_every_error_code_raised_in_the_code_has_a_text() -> None:
    raised = _raised_codes()
    assert {"document.not_editable", "review.not_open"} <= raised
    assert not sorted(raised - set(MESSAGES))


def test_texts_fill_words_in_the_readers_language() -> None:
    params = {"status_name": "draft", "status_words": "words.status.draft"}
    for language in Language:
        message = render_message("document.not_editable", params, language)
        assert i18n.template("words.status.draft", language) in message
        assert "{" not in message
    # a list of codes is a list of words
    listed = i18n.localise({"x_words": ["label.role.clerk", "label.role.cashier"]}, Language.ZH_CN)
    assert listed["x_words"] == "业务操作员、出纳"
    # params stored before the catalogues (X_zh / X_en) still read
    old = {"status_zh": "草稿", "status_en": "a draft"}
    assert "草稿" in render_message("document.not_editable", old, Language.ZH_CN)
    assert "a draft" in render_message("document.not_editable", old, Language.EN)


def test_unknown_codes_and_missing_params_degrade_instead_of_failing() -> None:
    assert i18n.text("no.such.code", Language.JA) == "no.such.code"
    assert "{username}" in render_message("user.exists", {}, Language.JA)
    assert i18n.texts("user.exists")[Language.EN] == "The username '{username}' already exists"
