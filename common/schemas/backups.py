"""Backups as the admin console sees them: the files and the run in progress."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from common.schemas.base import Schema
from common.schemas.restores import RestoresOut


class RunState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    DONE = "done"  # backed up and verified
    FAILED = "failed"  # the backup or its verification failed


class BackupRunOut(Schema):
    state: RunState
    phase: str | None = Field(
        default=None, description="backup, verify, base, done; restores: prepare … switch, done"
    )
    trigger: str | None = Field(default=None, description="manual, schedule or restore")
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    backup: str | None = None
    problems: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list, description="gone by retention")
    plan_id: int | None = Field(default=None, description="the restore plan being carried out")


class BackupOut(Schema):
    name: str
    taken_at: dt.datetime
    bytes: int
    verified: bool
    verification_failed: bool
    verified_at: dt.datetime | None = Field(default=None, description="when it was checked")
    problems: list[str] = Field(
        default_factory=list, description="what the verification report found wrong"
    )


class BackupsOut(Schema):
    run: BackupRunOut
    backups: list[BackupOut]
    restores: RestoresOut | None = None
