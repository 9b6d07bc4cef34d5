"""Password policy (DOMAIN.md): checked live in the client, enforced by the server.

Defaults: 12 to 128 characters of any Unicode, with a letter, a digit and a special
character, not containing the username; the last 5 may not be reused (server
only: it holds the history); expiry after 90 days with a warning 7 days ahead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from common.schemas.base import Schema


class PasswordPolicy(Schema):
    """The limits are what an administrator may set (系统参数); min ≤ max and a
    warning before expiry are checked where parameters are changed."""

    min_length: int = Field(default=12, ge=8, le=64)
    max_length: int = Field(default=128, ge=32, le=1024)
    require_letter: bool = True
    require_digit: bool = True
    require_special: bool = True
    history: int = Field(default=5, ge=0, le=24)
    max_age_days: int = Field(default=90, ge=1, le=3650)
    warn_days: int = Field(default=7, ge=0, le=90)


@dataclass(frozen=True)
class Violation:
    """An error code of common.errors with its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _is_digit(ch: str) -> bool:
    return unicodedata.category(ch) == "Nd"


def _is_special(ch: str) -> bool:
    return not (_is_letter(ch) or _is_digit(ch) or ch.isspace())


def check_password(password: str, *, username: str, policy: PasswordPolicy) -> list[Violation]:
    """Every rule the password breaks (empty when it is acceptable)."""
    found: list[Violation] = []
    length = len(password)
    if length < policy.min_length:
        found.append(Violation("password.too_short", {"min": policy.min_length}))
    if length > policy.max_length:
        found.append(Violation("password.too_long", {"max": policy.max_length}))
    if policy.require_letter and not any(_is_letter(c) for c in password):
        found.append(Violation("password.needs_letter"))
    if policy.require_digit and not any(_is_digit(c) for c in password):
        found.append(Violation("password.needs_digit"))
    if policy.require_special and not any(_is_special(c) for c in password):
        found.append(Violation("password.needs_special"))
    if username and username.casefold() in password.casefold():
        found.append(Violation("password.contains_username"))
    return found
