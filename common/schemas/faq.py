"""常见问题 (FAQ) as the API carries them: kept by administrators, one entry per
language, searched by the clients together with the manual."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from common.enums import Language
from common.schemas.base import PlainText, Schema

MAX_TAGS = 10


class FaqIn(Schema):
    language: Language = Language.ZH_CN
    question: PlainText = Field(min_length=2, max_length=300)
    answer: PlainText = Field(min_length=2, max_length=8000)
    tags: list[PlainText] = Field(default_factory=list, max_length=MAX_TAGS)


class FaqOut(Schema):
    id: int
    language: Language
    question: str
    answer: str
    tags: list[str]
    updated_by: str
    updated_at: dt.datetime
