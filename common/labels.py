"""Human words for the server's codes: every enum value and every operation-log
action, in every language of the UI.

One set of words, used by the workbench, the admin console and the server's Excel
and PDF output, so a status reads 已退回 wherever it appears and never ``returned``.
The words are catalogue entries (common/i18n.py): ``label.<enum>.<member>`` for an
enum value (``label.document_status.returned``, the enum's class name in
snake_case and the member's name in lower case) and ``action.<action>`` for an
operation-log action. tests/common/test_labels.py walks every enum and every action
code in the code and fails on one without words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from enum import StrEnum

from common import i18n
from common.enums import Language

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def label_code(value: StrEnum) -> str:
    return f"label.{_CAMEL.sub('_', type(value).__name__).lower()}.{value.name.lower()}"


def label(value: StrEnum, language: Language) -> str:
    """The words for one enum value; KeyError for one missing (the test sees it first)."""
    code = label_code(value)
    if not i18n.known(code):
        raise KeyError(code)
    return i18n.template(code, language)


def labels_of(enum: type[StrEnum], language: Language) -> dict[str, str]:
    """value -> words, for every value of ``enum``."""
    return {member.value: label(member, language) for member in enum}


def action_code(action: str) -> str:
    return f"action.{action}"


def action_label(action: str, language: Language) -> str:
    """The words for an operation-log action; an action this version does not know
    (a newer server's) keeps its code rather than vanish."""
    code = action_code(action)
    return i18n.template(code, language) if i18n.known(code) else action


class _ActionLabels(Mapping[str, tuple[str, ...]]):
    """action -> its words in the order of :class:`Language`."""

    def _actions(self) -> list[str]:
        return [code.removeprefix("action.") for code in i18n.codes("action.")]

    def __getitem__(self, action: str) -> tuple[str, ...]:
        if not i18n.known(action_code(action)):
            raise KeyError(action)
        return tuple(i18n.template(action_code(action), language) for language in Language)

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions())

    def __len__(self) -> int:
        return len(self._actions())


ACTION_LABELS: Mapping[str, tuple[str, ...]] = _ActionLabels()
