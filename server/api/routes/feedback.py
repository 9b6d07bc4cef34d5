"""问题反馈: any signed-in user sends a report and reads the answers to theirs;
administrators list, read, answer and close them in the console
(server/services/operations/feedback.py)."""

from __future__ import annotations

from common.schemas.feedback import (
    FeedbackAnswerIn,
    FeedbackDetailOut,
    FeedbackIn,
    FeedbackOut,
    FeedbackState,
)
from server.api.deps import AdminAuth, CurrentAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.operations import feedback

router = api_router(tags=["feedback"])


@router.post("/feedback", response_model=FeedbackOut, status_code=201)
def send(body: FeedbackIn, caller: CurrentAuth, session: Transaction, now: Now) -> FeedbackOut:
    return feedback.send(session, caller, body, now=now)


@router.get("/feedback/mine", response_model=list[FeedbackOut])
def mine(caller: CurrentAuth, session: Transaction) -> list[FeedbackOut]:
    return feedback.mine(session, caller)


@router.get("/admin/feedback", response_model=list[FeedbackOut])
def listing(
    caller: AdminAuth, session: Transaction, state: FeedbackState | None = None
) -> list[FeedbackOut]:
    return feedback.listing(session, state)


@router.get("/admin/feedback/{feedback_id}", response_model=FeedbackDetailOut)
def detail(feedback_id: int, caller: AdminAuth, session: Transaction) -> FeedbackDetailOut:
    return feedback.detail(session, feedback_id)


@router.post("/admin/feedback/{feedback_id}/answer", response_model=FeedbackOut)
def answer(
    feedback_id: int,
    body: FeedbackAnswerIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> FeedbackOut:
    return feedback.answer(session, caller, feedback_id, body, origin=origin, now=now)


@router.post("/admin/feedback/{feedback_id}/close", response_model=FeedbackOut)
def close(
    feedback_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> FeedbackOut:
    return feedback.close(session, caller, feedback_id, origin=origin, now=now)
