"""Qt translation: zh_CN is the source language, English comes from en.qm.

Switching at run time replaces the installed translators; Qt then sends every
widget a LanguageChange event and the views re-apply their texts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from common.enums import DEFAULT_LANGUAGE, Language
from resources import TRANSLATIONS_DIR

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []
_current: list[Language] = [DEFAULT_LANGUAGE]


# each language in its own words, for the choosers (login dialog, 设置 → 语言)
LANGUAGE_NAMES: dict[Language, str] = {Language.ZH_CN: "简体中文", Language.EN: "English"}


def current_language() -> Language:
    """The UI language now, for words that come from common/labels.py (not Qt's .ts)."""
    return _current[0]


def install_language(language: Language) -> bool:
    """Switch the UI language; False when a translation file was not found (the
    words then stay Chinese — the self-test checks this in an installed bundle)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current[0] = language
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language is Language.EN:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        loaded = _load(TRANSLATIONS_DIR, "countersign_en")
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        loaded = _load(qt_dir, "qtbase_zh_CN")  # standard buttons and dialogs of Qt itself
    log.info("UI language: %s", language.value)
    return loaded


def _load(directory: object, name: str) -> bool:
    translator = QTranslator()
    if translator.load(name, str(directory)):
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
        return True
    log.warning("translation %s not found in %s", name, directory)
    return False
