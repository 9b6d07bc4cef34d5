"""Hand-over of a leaver's pending work (离职交接, DOMAIN.md "Leavers")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field

from common.enums import DocumentKind, DocumentStatus, ReviewLevel
from common.schemas.admin import UserOut
from common.schemas.base import Schema


class PendingKind(StrEnum):
    # An open review step the leaver holds: delegated to them, or queued at a level
    # over a unit that nobody but them staffs.
    REVIEW_STEP = "review_step"
    # A draft or an item returned for correction that they made (only its maker edits it).
    DOCUMENT = "document"


class PendingItemOut(Schema):
    kind: PendingKind
    document_id: int
    document_kind: DocumentKind
    number: str | None
    status: DocumentStatus
    doc_date: dt.date
    unit_id: int
    unit_name: str
    amount: Decimal
    summary: str
    step_no: int | None = None
    level: ReviewLevel | None = None
    delegated: bool = False
    # Why the successor cannot take the item: a handover.item_* code and its
    # parameters (common/user_admin_messages.py); None when they can.
    problem: str | None = None
    problem_params: dict[str, Any] = Field(default_factory=dict)


class PendingWorkOut(Schema):
    """What would move to ``successor_id`` (when given) and what could not."""

    user_id: int
    display_name: str
    successor_id: int | None
    review_steps: int
    documents: int
    # The leaver's own items still under review: they are the reviewers' work and
    # stay recorded as the leaver's; listed so the administrator knows.
    in_review: int
    items: list[PendingItemOut]


class TransferIn(Schema):
    successor_id: int
    disable: bool = Field(default=False, description="disable the leaver's account afterwards")


class TransferOut(Schema):
    moved: list[PendingItemOut]
    left: list[PendingItemOut] = Field(description="items the successor cannot take, with why")
    user: UserOut
