"""Posting (记账) and the cashier's sign-off (出纳签字), where posting is a step
of its own (system parameter ``separate_posting``), and their two lists."""

from __future__ import annotations

from typing import Any

from common.schemas.documents import DocumentOut
from common.schemas.posting import PostingIn, PostingItemOut, PostingStage
from server.api.deps import CashierAuth, CashierCall, PosterAuth, PosterCall, Transaction
from server.api.retrying_route import api_router
from server.services.documents import posting_actions
from server.services.ledger import posting_queue

router = api_router(tags=["posting"])


@router.post("/documents/{document_id}/post", response_model=DocumentOut)
def post(document_id: int, body: PostingIn, call: PosterCall) -> Any:
    return call.run(
        lambda: posting_actions.post(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/documents/{document_id}/cashier-sign", response_model=DocumentOut)
def cashier_sign(document_id: int, body: PostingIn, call: CashierCall) -> Any:
    return call.run(
        lambda: posting_actions.sign_as_cashier(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.get("/posting/queue/post", response_model=list[PostingItemOut])
def waiting_for_poster(caller: PosterAuth, session: Transaction) -> Any:
    """待记账: approved vouchers no cashier holds up, oldest first."""
    return posting_queue.queue(session, caller, PostingStage.POST)


@router.get("/posting/queue/cashier", response_model=list[PostingItemOut])
def waiting_for_cashier(caller: CashierAuth, session: Transaction) -> Any:
    """待出纳签字: approved vouchers touching cash or bank, not yet signed."""
    return posting_queue.queue(session, caller, PostingStage.CASHIER)
