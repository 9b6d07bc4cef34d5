"""Client versions (客户端版本) compared the one way both sides do.

A version is a PEP 440 version ("1.2.0", "1.2.0rc1", "0.1.0+source"); a text
that is not one is refused where it is typed (the login, an upload, the
minimum parameter) rather than compared as text, where "1.10" < "1.9".
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

MAX_LENGTH = 32
NO_MINIMUM = "0.0.0"  # the parameter's default: every client may log in


def parse_version(text: str) -> Version:
    """The version ``text`` names; ValueError for anything else."""
    if len(text) > MAX_LENGTH:
        raise ValueError(f"at most {MAX_LENGTH} characters")
    try:
        return Version(text.strip())
    except InvalidVersion as exc:
        raise ValueError("不是有效的版本号,例如 1.2.0 / not a version such as 1.2.0") from exc


def normalised(text: str) -> str:
    """The version as stored and shown: "01.2" and "1.2.0" read alike once parsed,
    but each is kept as its canonical spelling ("1.2")."""
    return str(parse_version(text))


def is_older(version: str, than: str) -> bool:
    """Whether ``version`` comes before ``than`` (both valid versions)."""
    return parse_version(version) < parse_version(than)
