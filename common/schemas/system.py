"""Health and error bodies."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from common.schemas.base import Schema


class HealthOut(Schema):
    """Answer of GET /api/v1/health.

    On the wire the Alembic revision is the key ``schema`` (a reserved attribute
    name on pydantic models, hence the alias).
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True
    )

    status: Literal["ok", "error"]
    database: Literal["ok", "unavailable"]
    schema_revision: str | None = Field(default=None, alias="schema")
    version: str
    server_time: str
    maintenance: str | None = Field(
        default=None, description="in maintenance (a restore): its phase; clients wait"
    )


class ErrorOut(Schema):
    """Every 4xx/5xx answer: a stable code, a translated message, and its parameters."""

    code: str
    message: str
    params: dict[str, Any] = Field(default_factory=dict)
