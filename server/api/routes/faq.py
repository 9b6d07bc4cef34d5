"""常见问题: every signed-in user reads the entries of their language (the client
searches them with the manual); administrators keep them in the console
(server/services/operations/faq.py)."""

from __future__ import annotations

from fastapi import Response

from common.schemas.faq import FaqIn, FaqOut
from server.api.deps import (
    AdminAuth,
    CurrentAuth,
    FreshAdmin,
    Now,
    RequestLanguage,
    RequestOrigin,
    Transaction,
)
from server.api.retrying_route import api_router
from server.services.operations import faq

router = api_router(tags=["faq"])


@router.get("/faq", response_model=list[FaqOut])
def for_me(caller: CurrentAuth, session: Transaction, language: RequestLanguage) -> list[FaqOut]:
    return faq.for_language(session, language)


@router.get("/admin/faq", response_model=list[FaqOut])
def every(caller: AdminAuth, session: Transaction) -> list[FaqOut]:
    return faq.every(session)


@router.post("/admin/faq", response_model=FaqOut, status_code=201)
def create(
    body: FaqIn, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> FaqOut:
    return faq.create(session, caller, body, origin=origin, now=now)


@router.put("/admin/faq/{entry_id}", response_model=FaqOut)
def update(
    entry_id: int,
    body: FaqIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> FaqOut:
    return faq.update(session, caller, entry_id, body, origin=origin, now=now)


@router.delete("/admin/faq/{entry_id}", status_code=204)
def delete(
    entry_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> Response:
    faq.delete(session, caller, entry_id, origin=origin, now=now)
    return Response(status_code=204)
