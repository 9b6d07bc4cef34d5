"""Income records, expenditure records and vouchers: drafts, submission, recall,
deletion, reversal. Every mutation carries an idempotency key (``ClerkCall``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response

from common.schemas.documents import (
    DeleteIn,
    DocumentOut,
    DocumentSummaryOut,
    DraftCreateIn,
    DraftUpdateIn,
    NumberGapOut,
    RecallIn,
    SubmitIn,
    SubmitNewIn,
)
from common.schemas.imports import ImportIn, ImportResultOut
from server.api.deps import AuditorAuth, ClerkCall, CurrentAuth, Transaction
from server.api.paging import After, paged
from server.api.retrying_route import api_router
from server.services.documents import documents, imports
from server.services.ledger import number_gaps
from server.services.review import document_lifecycle

router = api_router(prefix="/documents", tags=["documents"])


@router.post("", response_model=DocumentOut, status_code=201)
def create(body: DraftCreateIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: documents.create_draft(
            call.session, call.caller, body.draft, origin=call.origin, now=call.now
        )
    )


@router.post("/submit", response_model=DocumentOut, status_code=201)
def create_and_submit(body: SubmitNewIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: document_lifecycle.create_and_submit(
            call.session, call.caller, body, origin=call.origin, now=call.now
        )
    )


@router.get("", response_model=list[DocumentSummaryOut])
def mine(
    caller: CurrentAuth,
    session: Transaction,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    after: After = None,
) -> Any:
    return paged(response, documents.list_mine(session, caller, limit=limit, after=after))


@router.get("/number-gaps", response_model=list[NumberGapOut])
def gaps(
    caller: AuditorAuth, session: Transaction, year: Annotated[int | None, Query()] = None
) -> list[NumberGapOut]:
    """Missing document numbers per period and series, for auditors and administrators."""
    return number_gaps.number_gaps(session, year=year)


@router.get("/{document_id}", response_model=DocumentOut)
def get(document_id: int, caller: CurrentAuth, session: Transaction) -> DocumentOut:
    return documents.read(session, caller, document_id)


@router.put("/{document_id}", response_model=DocumentOut)
def update(document_id: int, body: DraftUpdateIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: documents.update_draft(
            call.session,
            call.caller,
            document_id,
            body.draft,
            version=body.version,
            origin=call.origin,
            now=call.now,
        )
    )


@router.post("/{document_id}/submit", response_model=DocumentOut)
def submit(document_id: int, body: SubmitIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: document_lifecycle.submit(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/{document_id}/recall", response_model=DocumentOut)
def recall(document_id: int, body: RecallIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: document_lifecycle.recall(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/{document_id}/delete", response_model=DocumentOut)
def delete(document_id: int, body: DeleteIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: document_lifecycle.delete_draft(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/{document_id}/reverse", response_model=DocumentOut, status_code=201)
def reverse(document_id: int, call: ClerkCall) -> Any:
    return call.run(
        lambda: document_lifecycle.reverse(
            call.session, call.caller, document_id, origin=call.origin, now=call.now
        )
    )


@router.post("/import", response_model=ImportResultOut, status_code=201)
def import_file(body: ImportIn, call: ClerkCall) -> Any:
    return call.run(
        lambda: imports.import_documents(
            call.session, call.caller, body, origin=call.origin, now=call.now
        )
    )
