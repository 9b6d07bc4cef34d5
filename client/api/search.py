"""Queries (查询): pages of documents matching filters, and the filtered totals."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter

from client.api import export_jobs
from client.api.transport import Transport
from common.schemas.export_jobs import ExportJobOut
from common.schemas.search import (
    DocumentQuery,
    LinePageOut,
    LineQuery,
    LineSearchIn,
    PersonOut,
    SearchIn,
    SearchPageOut,
    SearchTotalsOut,
)

POLL_SECONDS = export_jobs.POLL_SECONDS

_PEOPLE = TypeAdapter(list[PersonOut])


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

    def lines(self, query: LineQuery, *, limit: int = 100, after: str | None = None) -> LinePageOut:
        """One page of voucher lines; pass the previous page's ``next`` as ``after``."""
        body = LineSearchIn(query=query, limit=limit, after=after).model_dump(mode="json")
        return LinePageOut.model_validate(self._t.request("POST", "/search/lines", json=body))

    def people(self, text: str = "") -> list[PersonOut]:
        """Makers and reviewers to filter by (people whose units touch mine)."""
        answer = self._t.request("GET", "/search/people", params={"q": text})
        return _PEOPLE.validate_python(answer)

    def export(
        self,
        query: DocumentQuery,
        target: Path,
        *,
        progress: Callable[[int, int], bool] | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> int:
        """Save the documents the filters find as an .xlsx at ``target``; the number
        of rows. The server writes the file as a job: ``progress`` sees the rows
        written so far and the total, and may return False to cancel it (the
        server stops and nothing is left on either side)."""
        job = self.start_export(query)
        return export_jobs.follow(
            self._t, job, target, progress=progress, poll_seconds=poll_seconds
        )

    def start_export(self, query: DocumentQuery) -> ExportJobOut:
        answer = self._t.request("POST", "/exports/documents", json=query.model_dump(mode="json"))
        return ExportJobOut.model_validate(answer)

    def export_job(self, job_id: uuid.UUID) -> ExportJobOut:
        return export_jobs.job(self._t, job_id)

    def cancel_export(self, job_id: uuid.UUID) -> ExportJobOut:
        return export_jobs.cancel(self._t, job_id)
