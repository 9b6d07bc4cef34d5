"""Queries (查询): pages of documents matching filters, and the filtered totals."""

from __future__ import annotations

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
