"""A page of a list the server pages (server/api/paging.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from client.api.transport import Transport

Row = TypeVar("Row")


@dataclass(frozen=True)
class Page(Generic[Row]):
    rows: list[Row]
    total: int  # the whole list, not only this page
    next: str | None  # the token of the page after this one; None on the last


def fetch_page(
    transport: Transport,
    path: str,
    parse: Callable[[Any], Row],
    *,
    limit: int,
    after: str | None,
) -> Page[Row]:
    params: dict[str, Any] = {"limit": limit}
    if after is not None:
        params["after"] = after
    rows, total, following = transport.page(path, params=params)
    return Page([parse(row) for row in rows], total, following)
