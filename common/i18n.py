"""The words of the server's codes in every language, from gettext catalogues.

Messages, labels and the words of exported files are codes (``review.not_open``,
``label.role.clerk``, ``words.export.col.amount``); their texts live in
resources/locale/<language>/LC_MESSAGES/countersign.po, compiled to .mo by
``python installers/catalogues.py``. A language is a catalogue (and its value of
:class:`common.enums.Language`); nothing else names languages.

Texts are ``str.format`` templates filled from params. A param whose name ends in
``_words`` holds a code (or a list of codes) and is put in the reader's language
too, so a message can name a status or a field in any language.

An unknown code degrades to the code itself; an entry missing from a language falls
back to Simplified Chinese (tests/test_catalogues.py forbids missing entries).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from common.enums import DEFAULT_LANGUAGE, Language

DOMAIN = "countersign"
WORDS_SUFFIX = "_words"
# Namespaces of texts that are not error messages; every other code is an error's.
WORD_PREFIXES = ("label.", "action.", "field.", "audit.", "words.")


def _locale_dir() -> Any:
    from resources import LOCALE_DIR

    return LOCALE_DIR


@cache
def catalogue(language: Language) -> dict[str, str]:
    """code -> template of one language, read from its compiled catalogue once."""
    path = _locale_dir() / language.value / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as f:
            translations = gettext.GNUTranslations(f)
    except OSError:
        return {}
    raw: dict[Any, str] = translations._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in raw.items() if isinstance(key, str) and key}


def known(code: str) -> bool:
    return code in catalogue(DEFAULT_LANGUAGE)


def codes(prefix: str = "") -> list[str]:
    """Every code of the source language starting with ``prefix``, in catalogue order."""
    return [code for code in catalogue(DEFAULT_LANGUAGE) if code.startswith(prefix)]


def error_codes() -> frozenset[str]:
    return _error_codes()


@cache
def _error_codes() -> frozenset[str]:
    return frozenset(c for c in catalogue(DEFAULT_LANGUAGE) if not c.startswith(WORD_PREFIXES))


def template(code: str, language: Language = DEFAULT_LANGUAGE) -> str:
    """The unfilled text of ``code``: the language's, else the source language's, else
    the code."""
    found = catalogue(language).get(code)
    if found is None and language is not DEFAULT_LANGUAGE:
        found = catalogue(DEFAULT_LANGUAGE).get(code)
    return code if found is None else found


def texts(code: str) -> dict[Language, str]:
    """The unfilled text of ``code`` in every language."""
    return {language: template(code, language) for language in Language}


def join(words: Iterable[str], language: Language) -> str:
    """Words as a list in the language ("甲、乙" / "a, b")."""
    return template("words.sep.list", language).join(words)


def localise(params: Mapping[str, Any], language: Language) -> dict[str, Any]:
    """The params with every ``*_words`` value (a code or a list of codes) in words."""
    values = dict(params)
    for key, value in params.items():
        if not key.endswith(WORDS_SUFFIX):
            continue
        if isinstance(value, str):
            values[key] = template(value, language)
        elif isinstance(value, list | tuple):
            values[key] = join((template(str(v), language) for v in value), language)
    return values


def fill(template_text: str, params: Mapping[str, Any]) -> str:
    """``str.format`` that keeps the template when a field is missing or bad."""
    try:
        return template_text.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template_text


def text(code: str, language: Language = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The text of ``code`` in ``language`` filled from ``params``."""
    found = template(code, language)
    return fill(found, localise(params, language)) if params else found
