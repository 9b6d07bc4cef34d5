"""Queries (查询) for everyone, within their unit scope (server/services/search.py)."""

from __future__ import annotations

from fastapi import APIRouter

from common.schemas.search import DocumentQuery, SearchIn, SearchPageOut, SearchTotalsOut
from server.api.deps import CurrentAuth, Transaction
from server.services import search

router = APIRouter(prefix="/search", tags=["search"])


@router.post("/documents", response_model=SearchPageOut)
def documents(body: SearchIn, caller: CurrentAuth, session: Transaction) -> SearchPageOut:
    """A page of documents matching the filters (POST: the filters are a body)."""
    return search.search(session, caller, body)


@router.post("/documents/totals", response_model=SearchTotalsOut)
def totals(body: DocumentQuery, caller: CurrentAuth, session: Transaction) -> SearchTotalsOut:
    """How many documents match, and their total amount."""
    return search.totals(session, caller, body)
