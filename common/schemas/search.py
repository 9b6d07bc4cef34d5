"""Document queries (查询): the filters of DOMAIN.md, a sort, and keyset pages."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from common.enums import DocumentKind, DocumentStatus
from common.schemas.base import PlainText, Schema
from common.schemas.documents import DocumentSummaryOut
from common.schemas.money import Money, MoneyOut


class SortKey(StrEnum):
    DOC_DATE = "doc_date"
    AMOUNT = "amount"
    UPDATED_AT = "updated_at"


class DocumentQuery(Schema):
    """Every filter is optional; the caller's unit scope always applies."""

    kind: DocumentKind | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: int | None = Field(default=None, description="This unit and the units below it.")
    item_id: int | None = Field(default=None, description="Income, functional or economic item.")
    account_id: int | None = Field(default=None, description="Vouchers with a line on it.")
    amount_min: Money | None = None
    amount_max: Money | None = None
    statuses: list[DocumentStatus] = Field(default_factory=list)
    maker_id: int | None = None
    reviewer_id: int | None = Field(default=None, description="Someone who decided a step.")
    number: int | None = Field(default=None, ge=1, le=99_999_999, description="记-0012 → 12")
    series: Annotated[PlainText, Field(max_length=8)] | None = Field(
        default=None, description="The number's series (记, 收入 …) with ``number``."
    )
    text: Annotated[PlainText, Field(max_length=100)] = Field(
        default="", description="Words found in the summary or counterparty, in any order."
    )
    sort: SortKey = SortKey.DOC_DATE
    descending: bool = True


class SearchIn(Schema):
    query: DocumentQuery = Field(default_factory=DocumentQuery)
    limit: int = Field(default=100, ge=1, le=500)
    after: str | None = Field(default=None, description="The page token of the previous page.")


class SearchRowOut(DocumentSummaryOut):
    maker_name: str


class SearchPageOut(Schema):
    rows: list[SearchRowOut]
    next: str | None = Field(description="Token for the next page; None on the last page.")


class KindTotalOut(Schema):
    kind: DocumentKind
    count: int
    amount: MoneyOut


class SearchTotalsOut(Schema):
    """The whole filtered set, not only the page: how many and how much, and per
    kind (income and expenditure are not added together; an approved record and the
    voucher made from it are the same money, so vouchers are a kind of their own)."""

    count: int
    amount: MoneyOut
    by_kind: list[KindTotalOut] = Field(default_factory=list)


class PersonOut(Schema):
    """Someone to filter by as maker or reviewer (查询's people picker)."""

    id: int
    username: str
    display_name: str


class LineQuery(Schema):
    """Voucher lines (分录查询): every filter optional, the caller's scope always."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: int | None = Field(default=None, description="This unit and the units below it.")
    account_id: int | None = Field(default=None, description="This account and its sub-accounts.")
    side: Literal["debit", "credit"] | None = None
    amount_min: Money | None = None
    amount_max: Money | None = None
    text: Annotated[PlainText, Field(max_length=100)] = Field(
        default="", description="Words in the line's summary, in any order."
    )


class LineSearchIn(Schema):
    query: LineQuery = Field(default_factory=LineQuery)
    limit: int = Field(default=100, ge=1, le=500)
    after: str | None = None


class LineRowOut(Schema):
    document_id: int
    number: str | None
    doc_date: dt.date
    status: DocumentStatus
    unit_id: int
    line_no: int
    account_code: str
    account_name: str
    summary: str
    debit: MoneyOut
    credit: MoneyOut


class LinePageOut(Schema):
    rows: list[LineRowOut]
    next: str | None
