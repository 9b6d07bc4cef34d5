"""问题反馈 as the API carries them: a user's report of a problem (what happened,
and if they chose, a screenshot of the window and the client's recent log), the
administrators' answers, and whether it is still open."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Base64Bytes, Field

from common.schemas.base import PlainText, Schema

MAX_SCREENSHOT_BYTES = 6 * 1024 * 1024  # a full-HD window as PNG is well under this
MAX_LOG_CHARS = 200_000


class FeedbackState(StrEnum):
    OPEN = "open"  # 待处理
    ANSWERED = "answered"  # 已答复 (the user may still be asked something)
    CLOSED = "closed"  # 已关闭


class FeedbackIn(Schema):
    description: PlainText = Field(min_length=5, max_length=4000)
    screen: str = Field(default="", max_length=64)  # the page in hand (its nav key)
    client_version: str = Field(default="", max_length=32)
    screenshot: Base64Bytes | None = None  # PNG; its size is checked by the server
    log: PlainText | None = Field(default=None, max_length=MAX_LOG_CHARS)


class FeedbackReplyOut(Schema):
    author: str
    body: str
    created_at: dt.datetime


class FeedbackOut(Schema):
    """One report; ``screenshot`` and ``log`` only in the console's detail."""

    id: int
    state: FeedbackState
    description: str
    screen: str
    client_version: str
    username: str
    display_name: str
    created_at: dt.datetime
    has_screenshot: bool
    has_log: bool
    replies: list[FeedbackReplyOut] = Field(default_factory=list)
    closed_at: dt.datetime | None = None


class FeedbackDetailOut(FeedbackOut):
    screenshot: Base64Bytes | None = None
    log: str | None = None


class FeedbackAnswerIn(Schema):
    body: PlainText = Field(min_length=1, max_length=4000)
    close: bool = False  # answer and close in one step
