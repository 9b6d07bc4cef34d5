"""Queries (查询) for everyone, within their unit scope (server/services/exports/search.py)."""

from __future__ import annotations

from common.schemas.search import (
    DocumentQuery,
    LinePageOut,
    LineSearchIn,
    PersonOut,
    SearchIn,
    SearchPageOut,
    SearchTotalsOut,
)
from server.api.deps import CurrentAuth, ReplicaRead, Transaction
from server.api.retrying_route import api_router
from server.services.accounts import people
from server.services.exports import line_search, search

router = api_router(prefix="/search", tags=["search"])


@router.post("/documents", response_model=SearchPageOut)
def documents(body: SearchIn, caller: CurrentAuth, session: ReplicaRead) -> SearchPageOut:
    """A page of documents matching the filters (POST: the filters are a body)."""
    return search.search(session, caller, body)


@router.post("/documents/totals", response_model=SearchTotalsOut)
def totals(body: DocumentQuery, caller: CurrentAuth, session: ReplicaRead) -> SearchTotalsOut:
    """How many documents match, and their total amount."""
    return search.totals(session, caller, body)


@router.get("/people", response_model=list[PersonOut])
def find_people(caller: CurrentAuth, session: Transaction, q: str = "") -> list[PersonOut]:
    """Makers and reviewers to filter by: people whose units touch the caller's."""
    return people.people(session, caller, q[:64])


@router.post("/lines", response_model=LinePageOut)
def lines(body: LineSearchIn, caller: CurrentAuth, session: ReplicaRead) -> LinePageOut:
    """A page of voucher lines (分录) matching the filters, newest first."""
    return line_search.search_lines(session, caller, body)
