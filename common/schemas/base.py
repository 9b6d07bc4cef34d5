"""Base model settings shared by every schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """Immutable and strict about unknown fields, so typos fail loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid")
