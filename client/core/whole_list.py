"""A list screen's whole list, fetched page after page in the background.

The first page shows at once; the rest follow while the user reads, so sorting
and filtering on screen cover every row, and the count says "共 N 条" from the
server's total rather than from however many rows happen to be loaded. A newer
load (a refresh, another tab) supersedes an older one still arriving.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject

from client.api.pages import Page
from client.core.ops import QueryOp

Row = TypeVar("Row")
PAGE_SIZE = 500


def count_text(total: int, loaded: int, *, shown: int | None = None) -> str:
    """ "共 3,000 条", while pages are still arriving how many are in, and with a
    filter typed (``shown`` rows of the loaded ones pass it) how many match."""
    if loaded < total:
        text = QCoreApplication.translate("WholeList", "共 {total} 条,已载入 {loaded} 条…")
    elif shown is not None and shown < loaded:
        text = QCoreApplication.translate("WholeList", "筛选出 {shown} 条 / 共 {total} 条")
    else:
        text = QCoreApplication.translate("WholeList", "共 {total} 条")
    return text.format(total=f"{total:,}", loaded=f"{loaded:,}", shown=f"{shown or 0:,}")


class WholeList(Generic[Row]):
    """``fetch(after)`` answers one page; ``shown(rows, total, first)`` is called
    for each page in order (``first``: replace what is on screen) and ``done()``
    after the last."""

    def __init__(
        self,
        parent: QObject,
        *,
        shown: Callable[[list[Row], int, bool], None],
        done: Callable[[], None] = lambda: None,
        failure: Callable[[Exception], None],
    ) -> None:
        self._parent = parent
        self._shown = shown
        self._done = done
        self._failure = failure
        self._generation = 0
        self.loading = False

    def stop(self) -> None:
        """Pages still on their way are dropped (after a logout: not the last user's)."""
        self._generation += 1
        self.loading = False

    def load(self, fetch: Callable[[str | None], Page[Row]]) -> None:
        self._generation += 1
        self.loading = True
        self._next(fetch, None, self._generation)

    def _next(
        self, fetch: Callable[[str | None], Page[Row]], after: str | None, generation: int
    ) -> None:
        def arrived(page: Page[Row]) -> None:
            if generation != self._generation:
                return  # a newer load took over
            self._shown(page.rows, page.total, after is None)
            if page.next is None:
                self.loading = False
                self._done()
            else:
                self._next(fetch, page.next, generation)

        def failed(error: Exception) -> None:
            if generation == self._generation:
                self.loading = False
                self._failure(error)

        op: QueryOp[Any] = QueryOp(
            parent=self._parent, op=lambda: fetch(after), success=arrived, failure=failed
        )
        op.run()
