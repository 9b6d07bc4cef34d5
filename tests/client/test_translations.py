"""Every UI language is complete: every tr() string of the client is translated
(Japanese for sense, not a copy of the Chinese) and compiled."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from client.core.i18n import LANGUAGE_NAMES, QT_LOCALES
from common.enums import DEFAULT_LANGUAGE, Language
from installers.translations import LANGUAGES
from resources import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]
TARGETS = [Language(code) for code in LANGUAGES]
# what a Japanese string may share with its Chinese source: nothing but
# placeholders, names, codes, numbers and punctuation
_NOT_WORDS = re.compile(r"\{[^}]*\}|%[0-9n]|<[^>]+>|&|[\sA-Za-z0-9()()::,,.。/~～\-+·…]")


def ts_file(language: Language) -> Path:
    return TRANSLATIONS_DIR / f"countersign_{language.value}.ts"


def _ts_entries(language: Language) -> dict[tuple[str, str], tuple[str, str | None]]:
    entries = {}
    for context in ET.parse(ts_file(language)).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            entries[(name, message.findtext("source", ""))] = (
                translation.text or "",
                translation.get("type"),
            )
    return entries


def _tr_calls_in_client() -> set[tuple[str, str]]:
    """(class, source) of every self.tr("literal") in client/."""
    found = set()
    for path in (ROOT / "client").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr == "tr" and call.args:
                    literal = call.args[0]
                    if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                        found.add((cls.name, literal.value))
    return found


def test_every_language_of_the_enum_is_offered_and_has_a_file() -> None:
    assert set(LANGUAGE_NAMES) == set(Language) == set(QT_LOCALES)
    assert set(TARGETS) == set(Language) - {DEFAULT_LANGUAGE}


@pytest.mark.parametrize("language", TARGETS, ids=str)
def test_every_string_in_the_code_is_in_the_translation_file(language: Language) -> None:
    missing = _tr_calls_in_client() - set(_ts_entries(language))
    assert not missing, f"run `python installers/translations.py` and translate: {sorted(missing)}"


@pytest.mark.parametrize("language", TARGETS, ids=str)
def test_every_entry_has_a_finished_translation(language: Language) -> None:
    unfinished = [
        src for (_, src), (text, kind) in _ts_entries(language).items() if not text or kind
    ]
    assert not unfinished, f"untranslated: {unfinished}"


@pytest.mark.parametrize("language", TARGETS, ids=str)
def test_placeholders_survive_translation(language: Language) -> None:
    fields = re.compile(r"\{[a-z_]*\}|%[0-9n]")
    broken = [
        (source, text)
        for (_, source), (text, _) in _ts_entries(language).items()
        if sorted(fields.findall(source)) != sorted(fields.findall(text))
    ]
    assert not broken, broken


def test_japanese_is_translated_not_copied() -> None:
    """A Japanese string equal to its Chinese source is allowed only when it has
    no words in it (a placeholder pattern like "{post}({deadline})")."""
    copied = [
        source
        for (_, source), (text, _) in _ts_entries(Language.JA).items()
        if text == source and _NOT_WORDS.sub("", source)
    ]
    assert not copied, copied


@pytest.mark.parametrize("language", TARGETS, ids=str)
def test_the_compiled_file_matches_the_source_file(language: Language) -> None:
    translator = QTranslator()
    assert translator.load(str(ts_file(language).with_suffix(".qm")))
    stale = [
        source
        for (context, source), (text, _) in _ts_entries(language).items()
        if translator.translate(context, source) != text
    ]
    assert not stale, f"{language}.qm is stale; run installers/translations.py: {stale}"
