"""The operation log viewer (操作日志, DOMAIN.md "Audit and monitoring"): the
filters an auditor reads the log with, one page of rows, and the export."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field

from common.schemas.base import PlainText, Schema

PAGE_LIMIT = 500
DEFAULT_LIMIT = 100
EXPORT_LIMIT = 100_000


class AuditLogFilters(Schema):
    """Every filter is optional. Dates are office days (China time), both ends
    included. ``actor`` matches part of the username unless ``actor_exact``;
    ``action`` matches that action and every action below it (``user`` and
    ``user.`` find ``user.created``; ``login.fail*`` is a plain prefix);
    ``text`` is looked for in the record's before and after values."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: Annotated[PlainText, Field(max_length=64)] = ""
    actor_exact: bool = False
    action: Annotated[PlainText, Field(max_length=64)] = ""
    target_type: Annotated[PlainText, Field(max_length=32)] = ""
    target_id: Annotated[PlainText, Field(max_length=64)] = ""
    text: Annotated[PlainText, Field(max_length=200)] = ""


class AuditLogQuery(AuditLogFilters):
    """The filters and a page: rows older than ``before_id`` (keyset paging)."""

    before_id: int | None = Field(default=None, ge=1)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=PAGE_LIMIT)

    def filters(self) -> AuditLogFilters:
        return AuditLogFilters.model_validate(self.model_dump(exclude={"before_id", "limit"}))


class AuditLogEntryOut(Schema):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    target_type: str
    target_id: str
    client_host: str
    client_address: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditLogPageOut(Schema):
    """Newest first; ``next_before_id`` asks for the next page (None: no more)."""

    rows: list[AuditLogEntryOut]
    next_before_id: int | None = None
