"""Period close (结账): what stands in the way of closing a month, and the result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from common.enums import DocumentKind, DocumentStatus
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.base import PlainText, Schema


class PeriodProblemOut(Schema):
    """A document dated in the period that keeps it from closing."""

    document_id: int
    kind: DocumentKind
    status: DocumentStatus
    number: str | None
    doc_date: dt.date
    problem: str = Field(
        description="unfinished (not decided yet), unbalanced, or unposted (approved, not"
        " yet posted where posting is a step of its own)"
    )
    debit: Decimal | None = None
    credit: Decimal | None = None


class PeriodOut(Schema):
    year: int
    month: int
    is_closed: bool
    closed_at: dt.datetime | None
    closed_by: str | None
    documents: int
    problems: list[PeriodProblemOut]
    reopen_request: AdminRequestOut | None = Field(
        default=None, description="a reopening waiting for a second administrator"
    )


class ReopenIn(Schema):
    reason: Annotated[PlainText, Field(min_length=1, max_length=200)]
