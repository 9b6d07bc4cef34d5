"""Base model settings shared by every schema, and the typed text users write."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

_ALLOWED_CONTROLS = "\n\t"


def _no_control_characters(value: str) -> str:
    """PostgreSQL refuses NUL in text, and no other control character belongs in a
    summary or a reason; refuse them as a field error instead of failing later."""
    if any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in value):
        raise ValueError("不能包含控制字符 / must not contain control characters")
    return value


PlainText = Annotated[str, AfterValidator(_no_control_characters)]


class Schema(BaseModel):
    """Immutable and strict about unknown fields, so typos fail loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid")
