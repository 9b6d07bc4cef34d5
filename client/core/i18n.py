"""Qt translation: zh_CN is the source language; every other language comes from
its resources/translations/countersign_<code>.qm (adding one is adding a file
and a line in LANGUAGE_NAMES and QT_LOCALES, no other code).

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
LANGUAGE_NAMES: dict[Language, str] = {
    Language.ZH_CN: "简体中文",
    Language.EN: "English",
    Language.JA: "日本語",
}
# the locale numbers, dates and Qt's own dialogs follow
QT_LOCALES: dict[Language, tuple[QLocale.Language, QLocale.Country]] = {
    Language.ZH_CN: (QLocale.Language.Chinese, QLocale.Country.China),
    Language.EN: (QLocale.Language.English, QLocale.Country.UnitedStates),
    Language.JA: (QLocale.Language.Japanese, QLocale.Country.Japan),
}


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
    QLocale.setDefault(QLocale(*QT_LOCALES[language]))
    # standard buttons and dialogs of Qt itself (English needs none)
    if language is not Language.EN:
        _load(qt_dir, f"qtbase_{language.value}")
    if language is DEFAULT_LANGUAGE:
        loaded = bool(_installed)
    else:
        loaded = _load(TRANSLATIONS_DIR, f"countersign_{language.value}")
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
