"""A list route's page: the rows in the body (the list the route always answered),
the size of the whole list and the next page's token in headers, so a screen can
say "共 N 条" and scroll to the end without a silent cap."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import Query, Response

TOTAL_HEADER = "X-Total-Count"
NEXT_HEADER = "X-Next-Page"

After = Annotated[
    str | None, Query(max_length=300, description="The X-Next-Page token of the page before.")
]


class Page(Protocol):
    @property
    def rows(self) -> list[Any]: ...
    @property
    def total(self) -> int: ...
    @property
    def next(self) -> str | None: ...


def paged(response: Response, page: Page) -> list[Any]:
    response.headers[TOTAL_HEADER] = str(page.total)
    if page.next is not None:
        response.headers[NEXT_HEADER] = page.next
    return page.rows
