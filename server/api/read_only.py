"""GET and HEAD requests run in read-only transactions (Tryton's read-only flag
per method, as ARCHITECTURE.md asks).

A read's transaction is begun READ ONLY, so PostgreSQL refuses a write in it
(25006, a 500: a read that writes is a fault to fix, found by the tests rather
than in the data). Checking the caller's session is the one write every request
may make (its last-seen time, an expired session's revocation and log row):
for a read it runs in a short transaction of its own on the primary
(server/api/deps.py ``current_auth``), as the login throttle does.

Some reads write by design; they are listed here with the reason, and keep a
read-write transaction. tests/server/test_read_only.py checks that each entry
names a GET route of the app, and that an unlisted GET cannot write.
"""

from __future__ import annotations

from fastapi import Request

from common.version import API_PREFIX

READS = frozenset({"GET", "HEAD"})

# (method, path without the /api/v1 prefix) -> why it writes
WRITING_READS: dict[tuple[str, str], str] = {
    ("GET", "/attachments/{attachment_id}"): "a download is recorded in the operation log",
    ("GET", "/documents/{document_id}/archive.pdf"): "the archive copy is recorded in the log",
    ("GET", "/admin/audit-log/export"): "exporting the operation log is itself recorded in it",
    ("GET", "/admin/reference/{kind}/export"): "an export of reference data is recorded in the log",
    ("GET", "/exports/{job_id}/file"): "the job is marked collected (a workbook is served once)",
    ("GET", "/notifications"): (
        "a poll first sweeps reminders that became due into notices, and the caller's"
        " e-mails follow the language the client polls in"
    ),
}


def route_key(request: Request) -> tuple[str, str]:
    """(method, route path without the API prefix) of the request's route."""
    route = request.scope.get("route")
    path: str = getattr(route, "path", request.url.path)
    method = "GET" if request.method == "HEAD" else request.method  # HEAD is a GET's
    return method, path.removeprefix(API_PREFIX)


def reads_only(request: Request) -> bool:
    """Whether the request's transaction is read-only: a GET or HEAD not listed
    in WRITING_READS."""
    return request.method in READS and route_key(request) not in WRITING_READS
