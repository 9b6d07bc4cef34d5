"""Review and approval: decisions on an item, the reviewers' lists, the timeline.

Any logged-in user may call these; who may decide what is the service's call
(server/services/review/reviews.py), so a refusal names the rule that was broken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query, Response

from common.schemas.documents import DocumentOut
from common.schemas.reviews import (
    AbsenceIn,
    AbsenceOut,
    DecisionIn,
    DelegateCandidateOut,
    DelegateIn,
    ReviewCountsOut,
    ReviewItemOut,
    StandInOut,
    TimelineOut,
    UrgeIn,
)
from server.api.deps import CurrentAuth, Now, RequestOrigin, ReviewCall, Transaction
from server.api.paging import After, paged
from server.api.retrying_route import api_router
from server.services.core import scope
from server.services.review import absences, follow_ups, review_lists, reviews, timelines

router = api_router(tags=["reviews"])

Limit = Annotated[int, Query(ge=1, le=1000)]


@router.post("/documents/{document_id}/approve", response_model=DocumentOut)
def approve(document_id: int, body: DecisionIn, call: ReviewCall) -> Any:
    return call.run(
        lambda: reviews.approve(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/documents/{document_id}/reject", response_model=DocumentOut)
def reject(document_id: int, body: DecisionIn, call: ReviewCall) -> Any:
    return call.run(
        lambda: reviews.reject(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/documents/{document_id}/return", response_model=DocumentOut)
def return_for_correction(document_id: int, body: DecisionIn, call: ReviewCall) -> Any:
    return call.run(
        lambda: reviews.return_for_correction(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.post("/documents/{document_id}/delegate", response_model=DocumentOut)
def delegate(document_id: int, body: DelegateIn, call: ReviewCall) -> Any:
    return call.run(
        lambda: reviews.delegate(
            call.session, call.caller, document_id, body, origin=call.origin, now=call.now
        )
    )


@router.get("/documents/{document_id}/delegates", response_model=list[DelegateCandidateOut])
def delegates(document_id: int, caller: CurrentAuth, session: Transaction, now: Now) -> Any:
    """Whom the caller may delegate the item's current step to."""
    return reviews.delegate_candidates(session, caller, document_id, now=now)


@router.get("/documents/{document_id}/timeline", response_model=TimelineOut)
def timeline(document_id: int, caller: CurrentAuth, session: Transaction, now: Now) -> TimelineOut:
    """审批记录, for anyone who may see the document (else the 404 of a missing one)."""
    scope.visible_document(session, caller.user.id, document_id)
    return timelines.timeline(session, document_id, now=now)


def _paged_list(path: str, lister: Callable[..., review_lists.ItemPage], summary: str) -> None:
    """GET ``path``: one page of a reviewer's list (server/api/paging.py)."""

    def route(
        caller: CurrentAuth,
        session: Transaction,
        now: Now,
        response: Response,
        limit: Limit = 200,
        after: After = None,
    ) -> Any:
        page = lister(session, caller.user.id, now=now, limit=limit, after=after)
        return paged(response, page)

    router.add_api_route(
        path, route, methods=["GET"], response_model=list[ReviewItemOut], summary=summary
    )


_paged_list(
    "/reviews/todo", review_lists.todo, "待办: open steps I may act on, nearest deadline first"
)
_paged_list(
    "/reviews/in-progress", review_lists.in_progress, "进行中: items I acted on, still open"
)
_paged_list("/reviews/done", review_lists.done, "已办: items I acted on that have ended")


@router.post("/documents/{document_id}/take-back", response_model=DocumentOut)
def take_back(
    document_id: int,
    body: DecisionIn,
    caller: CurrentAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> DocumentOut:
    """收回审批: my approval back on my list while the next step has not acted."""
    return follow_ups.take_back(session, caller, document_id, body, origin=origin, now=now)


@router.post("/documents/{document_id}/urge", response_model=DocumentOut)
def urge(
    document_id: int,
    body: UrgeIn,
    caller: CurrentAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> DocumentOut:
    """督办: remind the reviewers of an overdue item (its maker, or a higher post)."""
    return follow_ups.urge(session, caller, document_id, body, origin=origin, now=now)


@router.get("/reviews/counts", response_model=ReviewCountsOut)
def counts(caller: CurrentAuth, session: Transaction, now: Now) -> ReviewCountsOut:
    return review_lists.counts(session, caller.user.id, now=now)


@router.post("/reviews/absences", response_model=AbsenceOut, status_code=201)
def file_absence(
    body: AbsenceIn, caller: CurrentAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> AbsenceOut:
    """休假委托: my to-do list goes to a stand-in for these dates."""
    return absences.create(session, caller, body, origin=origin, now=now)


@router.get("/reviews/absences/stand-ins", response_model=list[StandInOut])
def stand_ins(caller: CurrentAuth, session: Transaction) -> list[StandInOut]:
    """Who could stand in for me while I am away (whom an absence may name)."""
    return absences.stand_ins(session, caller)


@router.get("/reviews/absences", response_model=list[AbsenceOut])
def list_absences(caller: CurrentAuth, session: Transaction) -> list[AbsenceOut]:
    return absences.mine(session, caller.user.id)


@router.post("/reviews/absences/{absence_id}/cancel", response_model=AbsenceOut)
def cancel_absence(
    absence_id: int, caller: CurrentAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> AbsenceOut:
    return absences.cancel(session, caller, absence_id, origin=origin, now=now)
