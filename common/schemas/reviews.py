"""Review and approval (审核 / 审批): decisions, the reviewers' lists, the timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from common.enums import (
    DeadlineState,
    DocumentKind,
    DocumentStatus,
    NotificationKind,
    ReviewAction,
    ReviewLevel,
)
from common.schemas.base import PlainText, Schema
from common.schemas.money import MoneyOut

Opinion = Annotated[PlainText, Field(max_length=500)]


class DecisionIn(Schema):
    """Approve, reject or return, at the document version the reviewer read.
    Rejecting and returning need a specific reason (the opinion)."""

    version: int
    opinion: Opinion = ""


class UrgeIn(Schema):
    """督办: a reminder to the reviewers of an overdue item, with what to say."""

    opinion: Opinion = ""


class DelegateIn(Schema):
    version: int
    to_user_id: int
    opinion: Opinion = ""


class DelegateCandidateOut(Schema):
    """Someone the item in hand could be delegated to: they could act on it."""

    user_id: int
    display_name: str
    level: ReviewLevel


class ReviewItemOut(Schema):
    """A row of a reviewer's list: the document, and its current step if open."""

    document_id: int
    kind: DocumentKind
    status: DocumentStatus
    number: str | None
    doc_date: dt.date
    unit_id: int
    amount: MoneyOut
    summary: str
    counterparty: str
    maker_name: str
    version: int
    submitted_at: dt.datetime | None
    step_no: int | None = None
    steps: int | None = None
    level: ReviewLevel | None = None
    started_at: dt.datetime | None = None
    yellow_from: dt.datetime | None = None
    deadline_at: dt.datetime | None = None
    deadline_state: DeadlineState | None = None
    delegated: bool = False
    # 代办: on my to-do list only because I stand in for this reviewer while away
    on_behalf_of: str | None = None


class ReviewCountsOut(Schema):
    """The home screen's figures."""

    todo: int
    in_progress: int
    done: int
    overdue: int


class TimelineEntryOut(Schema):
    round: int
    step_no: int | None
    action: ReviewAction
    actor_id: int
    actor_name: str
    opinion: str
    delegate_name: str | None
    at: dt.datetime
    routed_amount: MoneyOut | None = Field(
        default=None, description="拆分规避: the look-alike items' sum the route was chosen by."
    )


class StepOut(Schema):
    round: int
    step_no: int
    level: ReviewLevel
    status: str
    started_at: dt.datetime | None
    yellow_from: dt.datetime | None
    deadline_at: dt.datetime | None
    deadline_state: DeadlineState | None
    delegate_name: str | None
    actor_name: str | None
    acted_at: dt.datetime | None


class TimelineOut(Schema):
    """审批记录: what was done, and the steps of the current route."""

    document_id: int
    entries: list[TimelineEntryOut]
    steps: list[StepOut]


class AbsenceIn(Schema):
    """休假委托: while away (office dates, inclusive) my to-do list also goes to
    ``delegate_id``, who must be able to act at my levels."""

    delegate_id: int
    starts_on: dt.date
    ends_on: dt.date
    reason: Annotated[PlainText, Field(max_length=200)] = ""


class StandInOut(Schema):
    """Someone who could stand in for me while I am away: they hold my posts' levels
    (or higher) over my posts' units and may decide on reviews."""

    user_id: int
    display_name: str
    username: str


class AbsenceOut(Schema):
    id: int
    user_id: int
    delegate_id: int
    delegate_name: str
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    cancelled: bool


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    document_id: int | None
    text: str = Field(description="The message, in the caller's language.")
    created_at: dt.datetime
    read: bool


class NotificationsOut(Schema):
    """New notifications after the caller's cursor, and the unread count."""

    items: list[NotificationOut]
    unread: int


class MarkReadIn(Schema):
    """Mark these as read, or all of them when ``ids`` is None."""

    ids: list[int] | None = None
