"""Queries (查询): pages of documents matching filters, and the filtered totals."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter

from client.api.errors import ApiError
from client.api.transport import DownloadCancelled, Transport
from common.errors import render_message
from common.schemas.export_jobs import ExportJobOut, ExportState
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

POLL_SECONDS = 0.25
STALL_SECONDS = 300  # no row written for this long: the job is not coming back

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
        moved_at, last_done = time.monotonic(), -1
        while job.state is ExportState.RUNNING:
            if progress is not None and not progress(job.rows_done, job.rows_total):
                self.cancel_export(job.id)
                raise DownloadCancelled(target.name)
            if job.rows_done != last_done:
                moved_at, last_done = time.monotonic(), job.rows_done
            elif time.monotonic() - moved_at > STALL_SECONDS:  # a server stopped mid-way
                self.cancel_export(job.id)
                params = {"minutes": STALL_SECONDS // 60}
                message = render_message("export.stalled", params, self._t.language)
                raise ApiError(504, "export.stalled", message, params)
            time.sleep(poll_seconds)
            job = self.export_job(job.id)
        if job.state is not ExportState.DONE:
            code = job.error_code or "export.failed"
            raise ApiError(500, code, render_message(code, {}, self._t.language), {})
        if progress is not None:
            progress(job.rows_done, job.rows_total)
        self._t.download(f"/exports/{job.id}/file", target, method="GET")
        return job.rows_done

    def start_export(self, query: DocumentQuery) -> ExportJobOut:
        answer = self._t.request("POST", "/exports/documents", json=query.model_dump(mode="json"))
        return ExportJobOut.model_validate(answer)

    def export_job(self, job_id: uuid.UUID) -> ExportJobOut:
        return ExportJobOut.model_validate(self._t.request("GET", f"/exports/{job_id}"))

    def cancel_export(self, job_id: uuid.UUID) -> ExportJobOut:
        return ExportJobOut.model_validate(self._t.request("POST", f"/exports/{job_id}/cancel"))
