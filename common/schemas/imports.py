"""Batch import requests and answers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from common.enums import DocumentKind
from common.imports import MAX_ROWS
from common.schemas.base import Schema

Cell = Annotated[str, Field(max_length=200)]


class ImportRowIn(Schema):
    row: int = Field(ge=1, description="The row number in the file, for the error report.")
    values: dict[str, Cell]


class ImportIn(Schema):
    kind: DocumentKind
    rows: list[ImportRowIn] = Field(max_length=MAX_ROWS)


class ImportProblem(Schema):
    """One broken rule of one row; ``code`` and ``params`` render as in common.errors."""

    row: int
    column: str
    code: str
    params: dict[str, str | int | list[str]]  # a list: codes of words (common/i18n.py)


class ImportResultOut(Schema):
    created: int
    document_ids: list[int]
