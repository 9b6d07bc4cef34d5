"""Notifications (消息提醒): poll with a cursor, mark read. Each user sees only
their own; polling also raises the "due soon" notices that have come due."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from common.schemas.reviews import MarkReadIn, NotificationsOut
from server.api.deps import CurrentAuth, Now, RequestLanguage, Transaction
from server.api.retrying_route import api_router
from server.services.core import mail_outbox
from server.services.review import notifications, reminders

router = api_router(tags=["notifications"])


@router.get("/notifications", response_model=NotificationsOut)
def poll(
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    now: Now,
    after: Annotated[int, Query(ge=0)] = 0,
    latest: Annotated[int, Query(ge=0, le=100)] = 0,
) -> NotificationsOut:
    """Notices after the ``after`` cursor, oldest first; or the newest ``latest``.
    The caller's e-mails follow the language the client polls in."""
    mail_outbox.follow_language(session, caller.user.id, language)
    return reminders.poll(
        session, caller.user.id, after=after, latest=latest, language=language, now=now
    )


@router.post("/notifications/read", response_model=int)
def mark_read(body: MarkReadIn, caller: CurrentAuth, session: Transaction, now: Now) -> int:
    """Mark notices read; answers the unread count left."""
    return notifications.mark_read(session, caller.user.id, body.ids, now=now)
