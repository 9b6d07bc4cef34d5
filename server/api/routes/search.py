"""Queries (查询) for everyone, within their unit scope (server/services/search.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from common.schemas.search import DocumentQuery, SearchIn, SearchPageOut, SearchTotalsOut
from server.api.deps import CurrentAuth, Now, RequestLanguage, RequestOrigin, Transaction
from server.services import exports, search

router = APIRouter(prefix="/search", tags=["search"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/documents", response_model=SearchPageOut)
def documents(body: SearchIn, caller: CurrentAuth, session: Transaction) -> SearchPageOut:
    """A page of documents matching the filters (POST: the filters are a body)."""
    return search.search(session, caller, body)


@router.post("/documents/totals", response_model=SearchTotalsOut)
def totals(body: DocumentQuery, caller: CurrentAuth, session: Transaction) -> SearchTotalsOut:
    """How many documents match, and their total amount."""
    return search.totals(session, caller, body)


@router.post("/documents/export")
def export(
    body: DocumentQuery,
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
) -> FileResponse:
    """The documents the filters find, as an Excel workbook (logged with its row count)."""
    path, count = exports.export_documents(
        session, caller, body, language=language, origin=origin, now=now
    )
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"countersign-documents-{stamp}.xlsx",
        headers={"X-Row-Count": str(count)},
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
