"""Restore plans and their reports (DOMAIN.md "Backup and restore")."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, Field

from common.schemas.admin_requests import RequestAction
from common.schemas.base import PlainText, Schema

RESTORE_PLAN = RequestAction.RESTORE_PLAN  # the four-eyes action of a restore plan


class RestoreSource(StrEnum):
    BACKUP = "backup"  # a full backup file
    POINT_IN_TIME = "point_in_time"  # base backup + WAL archive, up to a moment


class RestorePlanIn(Schema):
    source: RestoreSource
    backup: str | None = Field(default=None, description="file name, for source=backup")
    target_time: AwareDatetime | None = Field(
        default=None,
        description="for point_in_time, with its time zone; empty means as late as the "
        "archive goes",
    )
    reason: Annotated[PlainText, Field(max_length=200)]


class RestoreReportOut(Schema):
    """What a restore did and found: the verification report."""

    plan_id: int
    plan_key: str
    source: RestoreSource
    backup: str | None = None
    target_time: dt.datetime | None = None
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    ok: bool = False
    old_database: str | None = Field(default=None, description="kept until an admin drops it")
    checks: dict[str, bool] = Field(default_factory=dict)
    row_counts: dict[str, int] = Field(default_factory=dict)
    ledger: dict[str, str] = Field(default_factory=dict)
    audit_records: int = 0
    problems: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class CoverageOut(Schema):
    """The span a point-in-time restore can reach (empty without continuous archiving)."""

    earliest: dt.datetime | None = None
    latest: dt.datetime | None = None


class OldDatabaseOut(Schema):
    name: str
    bytes: int


class RestoresOut(Schema):
    coverage: CoverageOut
    reports: list[RestoreReportOut]
    old_databases: list[OldDatabaseOut]
