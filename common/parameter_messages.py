"""Names of the system parameters for the messages of refused values: each
message names the parameter and the rule it broke; the server fills
``name_words`` (and ``other_words`` for a rule between two parameters) with the
catalogue code of the name, ``words.parameter.<key>`` (common/i18n.py)."""

from __future__ import annotations

from common import i18n


def parameter_name_code(key: str) -> str:
    """The catalogue code of ``key``'s name; an unknown key as itself."""
    code = f"words.parameter.{key}"
    return code if i18n.known(code) else key


def parameter_names(key: str) -> dict[str, str]:
    """``name_words`` of ``key`` for a message."""
    return {"name_words": parameter_name_code(key)}
