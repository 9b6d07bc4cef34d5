"""English is complete: every tr() string of the client is translated and compiled."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from resources import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = TRANSLATIONS_DIR / "countersign_en.ts"


def _ts_entries() -> dict[tuple[str, str], tuple[str, str | None]]:
    entries = {}
    for context in ET.parse(TS_FILE).getroot().iter("context"):
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


def test_every_string_in_the_code_is_in_the_translation_file() -> None:
    missing = _tr_calls_in_client() - set(_ts_entries())
    assert not missing, f"run `python installers/translations.py` and translate: {sorted(missing)}"


def test_every_entry_has_a_finished_english_translation() -> None:
    unfinished = [src for (_, src), (text, kind) in _ts_entries().items() if not text or kind]
    assert not unfinished, f"untranslated: {unfinished}"


def test_the_compiled_file_matches_the_source_file() -> None:
    translator = QTranslator()
    assert translator.load(str(TS_FILE.with_suffix(".qm")))
    stale = [
        source
        for (context, source), (text, _) in _ts_entries().items()
        if translator.translate(context, source) != text
    ]
    assert not stale, f"countersign_en.qm is stale; run installers/translations.py: {stale}"
