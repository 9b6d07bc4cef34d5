"""Queries (查询): pages of documents matching filters, and the filtered totals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from client.api.transport import Transport
from common.schemas.search import DocumentQuery, SearchIn, SearchPageOut, SearchTotalsOut


class SearchApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def documents(
        self, query: DocumentQuery, *, limit: int = 100, after: str | None = None
    ) -> SearchPageOut:
        """One page; pass the previous page's ``next`` as ``after`` for the one after."""
        body = SearchIn(query=query, limit=limit, after=after).model_dump(mode="json")
        return SearchPageOut.model_validate(self._t.request("POST", "/search/documents", json=body))

    def totals(self, query: DocumentQuery) -> SearchTotalsOut:
        answer = self._t.request(
            "POST", "/search/documents/totals", json=query.model_dump(mode="json")
        )
        return SearchTotalsOut.model_validate(answer)

    def export(
        self,
        query: DocumentQuery,
        target: Path,
        *,
        progress: Callable[[int], bool] | None = None,
    ) -> int:
        """Save the documents the filters find as an .xlsx at ``target``; its size in
        bytes. ``progress`` sees the bytes so far and may return False to cancel."""
        body = query.model_dump(mode="json")
        return self._t.download("/search/documents/export", target, json=body, progress=progress)
