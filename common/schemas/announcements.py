"""公告 (announcements) as the API carries them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, Field

from common.schemas.base import PlainText, Schema


class AnnouncementKind(StrEnum):
    GENERAL = "general"  # 通知
    MAINTENANCE = "maintenance"  # 系统维护
    UPGRADE = "upgrade"  # 升级


class AnnouncementIn(Schema):
    kind: AnnouncementKind = AnnouncementKind.GENERAL
    title: PlainText = Field(min_length=1, max_length=200)
    body: PlainText = Field(default="", max_length=4000)
    starts_at: AwareDatetime  # with its zone: an office and its server may differ
    ends_at: AwareDatetime
    # a maintenance notice: when the work begins (the notice shows from starts_at,
    # counting down to this, and until ends_at, when the work is over)
    begins_at: AwareDatetime | None = None


class AnnouncementOut(Schema):
    id: int
    kind: AnnouncementKind
    title: str
    body: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    created_by: str
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None = None
    begins_at: dt.datetime | None = None
    # seconds from the server's "now" to begins_at when the answer was made: the
    # client counts down from its receipt, so a wrong desk clock does not matter
    begins_in_seconds: int | None = None
