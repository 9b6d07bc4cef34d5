"""Export jobs (导出任务): a large export written by the server in the background."""

from __future__ import annotations

import uuid
from enum import StrEnum

from common.schemas.base import Schema


class ExportState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    COLLECTED = "collected"  # downloaded; the file is gone from the server


class ExportJobOut(Schema):
    id: uuid.UUID
    state: ExportState
    rows_total: int
    rows_done: int
    error_code: str | None = None
