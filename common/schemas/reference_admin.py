"""Requests and answers of the reference data editors (基础数据) and their Excel
import. Rows are text per column key (common.reference_admin.COLUMNS), in the
canonical words; the server decides whether they are valid."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Base64Bytes, Field

from common.reference_admin import RefKind
from common.schemas.base import Schema
from common.schemas.imports import ImportProblem

Cell = Annotated[str, Field(max_length=200)]


class RefRowOut(Schema):
    id: int
    key: str = Field(description="The key columns joined, e.g. '1002' or 'expenditure/302/*'.")
    values: dict[str, str]
    is_active: bool


class RefListOut(Schema):
    kind: RefKind
    rows: list[RefRowOut]


class RefRowIn(Schema):
    """A new row (every column) or a change (key columns as they are, the rest as
    wanted; ``status`` 'inactive' deactivates, 'active' activates again)."""

    values: dict[str, Cell]


class RefImportIn(Schema):
    file: Base64Bytes = Field(description="The .xlsx file.")
    confirm: str | None = Field(
        default=None,
        max_length=64,
        description="None: check only (dry run). The token of the dry run's report: "
        "apply exactly what that report showed.",
    )


class RefChange(Schema):
    row: int = Field(description="The row number in the file.")
    action: Literal["add", "change"]
    key: str
    before: dict[str, str] | None
    after: dict[str, str]


class RefImportReportOut(Schema):
    kind: RefKind
    rows: int = Field(description="Data rows read from the file.")
    to_add: list[RefChange]
    to_change: list[RefChange]
    unchanged: int
    problems: list[ImportProblem]
    token: str | None = Field(description="Confirms this report; None when there are problems.")
    applied: bool
