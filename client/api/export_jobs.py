"""Following an export job (导出任务) to its file: the server writes it in the
background; the client polls its progress, may cancel it, then fetches the
finished workbook once. Documents and reports alike (client/api/search.py,
client/api/reports.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from client.api.errors import ApiError
from client.api.transport import DownloadCancelled, Transport
from common.errors import render_message
from common.schemas.export_jobs import ExportJobOut, ExportState

POLL_SECONDS = 0.25
STALL_SECONDS = 300  # no row written for this long: the job is not coming back

# rows written so far and in all; False cancels the job
Progress = Callable[[int, int], bool]


def job(transport: Transport, job_id: object) -> ExportJobOut:
    return ExportJobOut.model_validate(transport.request("GET", f"/exports/{job_id}"))


def cancel(transport: Transport, job_id: object) -> ExportJobOut:
    return ExportJobOut.model_validate(transport.request("POST", f"/exports/{job_id}/cancel"))


def follow(
    transport: Transport,
    started: ExportJobOut,
    target: Path,
    *,
    progress: Progress | None = None,
    poll_seconds: float = POLL_SECONDS,
    stall_seconds: float = STALL_SECONDS,
) -> int:
    """Wait for the job, then save its file at ``target``; its number of rows.
    ``progress`` returning False cancels the job (the server stops and nothing is
    left on either side: DownloadCancelled); a job that fails raises its error."""
    current = started
    moved_at, last_done = time.monotonic(), -1
    while current.state is ExportState.RUNNING:
        if progress is not None and not progress(current.rows_done, current.rows_total):
            cancel(transport, current.id)
            raise DownloadCancelled(target.name)
        if current.rows_done != last_done:
            moved_at, last_done = time.monotonic(), current.rows_done
        elif time.monotonic() - moved_at > stall_seconds:  # a server stopped mid-way
            cancel(transport, current.id)
            params = {"minutes": int(stall_seconds // 60)}
            message = render_message("export.stalled", params, transport.language)
            raise ApiError(504, "export.stalled", message, params)
        time.sleep(poll_seconds)
        current = job(transport, current.id)
    if current.state is not ExportState.DONE:
        code = current.error_code or "export.failed"
        raise ApiError(500, code, render_message(code, {}, transport.language), {})
    if progress is not None:
        progress(current.rows_done, current.rows_total)
    transport.download(f"/exports/{current.id}/file", target, method="GET")
    return current.rows_done
