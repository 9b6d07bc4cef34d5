"""问题反馈: a user reports a problem from any screen (a description, and if they
chose, a PNG of the window and the client's recent log with its secrets already
removed — the user saw what is sent); administrators read it in the console,
answer it (the answer reaches the user as a notification) and close it.

Reports and answers are kept, never edited; sending is not in the operation log
(it is the user's own message), answering and closing are."""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import NotificationKind
from common.errors import DomainError
from common.schemas.feedback import (
    MAX_SCREENSHOT_BYTES,
    FeedbackAnswerIn,
    FeedbackDetailOut,
    FeedbackIn,
    FeedbackOut,
    FeedbackReplyOut,
    FeedbackState,
)
from server.db.models import FeedbackReply, FeedbackReport, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.review import notifications

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RECENT = 200  # the console lists the latest ones of a state
SUMMARY_CHARS = 60  # of the description, in the user's notification


def send(
    session: Session, auth: Authenticated, body: FeedbackIn, *, now: dt.datetime
) -> FeedbackOut:
    shot = body.screenshot
    if shot is not None and len(shot) > MAX_SCREENSHOT_BYTES:
        raise DomainError("feedback.screenshot_too_large", status=422, field="screenshot", max_mb=6)
    if shot is not None and not shot.startswith(PNG_SIGNATURE):
        raise DomainError("feedback.screenshot_not_png", status=422, field="screenshot")
    row = FeedbackReport(
        user_id=auth.user.id,
        description=body.description.strip(),
        screen=body.screen,
        client_version=body.client_version,
        screenshot=shot or None,
        log=body.log or None,
        state=FeedbackState.OPEN.value,
        created_at=now,
    )
    session.add(row)
    session.flush()
    (out,) = _listed(session, [row])
    return out


def mine(session: Session, auth: Authenticated) -> list[FeedbackOut]:
    rows = session.scalars(
        select(FeedbackReport)
        .where(FeedbackReport.user_id == auth.user.id)
        .order_by(FeedbackReport.id.desc())
        .limit(RECENT)
    )
    return _listed(session, list(rows))


def listing(session: Session, state: FeedbackState | None) -> list[FeedbackOut]:
    query = select(FeedbackReport).order_by(FeedbackReport.id.desc()).limit(RECENT)
    if state is not None:
        query = query.where(FeedbackReport.state == state.value)
    return _listed(session, list(session.scalars(query)))


def detail(session: Session, feedback_id: int) -> FeedbackDetailOut:
    row = _found(session, feedback_id, lock=False)
    (out,) = _listed(session, [row])
    shot = base64.b64encode(row.screenshot) if row.screenshot is not None else None
    return FeedbackDetailOut(**out.model_dump(), screenshot=shot, log=row.log)


def answer(
    session: Session,
    auth: Authenticated,
    feedback_id: int,
    body: FeedbackAnswerIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> FeedbackOut:
    """The answer goes to the reporter's notifications; with ``close`` the report
    is closed too (nothing more to do)."""
    row = _found(session, feedback_id, lock=True)
    if row.state == FeedbackState.CLOSED.value:
        raise DomainError("feedback.closed", status=409, id=feedback_id)
    text = body.body.strip()
    session.add(
        FeedbackReply(feedback_id=row.id, author_id=auth.user.id, body=text, created_at=now)
    )
    row.state = FeedbackState.ANSWERED.value
    if body.close:
        _close(row, auth, now)
    session.flush()
    notifications.notify(
        session,
        [row.user_id],
        NotificationKind.FEEDBACK,
        now=now,
        document_id=None,
        params={
            "id": row.id,
            "summary": _summary(row.description),
            "answer": text,
            "actor": auth.user.display_name,
        },
    )
    audit.record(
        session,
        auth.actor,
        "feedback.answered",
        origin=origin,
        at=now,
        target_type="feedback",
        target_id=row.id,
        after={"answer": text, "closed": body.close},
    )
    (out,) = _listed(session, [row])
    return out


def close(
    session: Session,
    auth: Authenticated,
    feedback_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> FeedbackOut:
    row = _found(session, feedback_id, lock=True)
    if row.state == FeedbackState.CLOSED.value:
        raise DomainError("feedback.closed", status=409, id=feedback_id)
    _close(row, auth, now)
    session.flush()
    audit.record(
        session,
        auth.actor,
        "feedback.closed",
        origin=origin,
        at=now,
        target_type="feedback",
        target_id=row.id,
    )
    (out,) = _listed(session, [row])
    return out


def _close(row: FeedbackReport, auth: Authenticated, now: dt.datetime) -> None:
    row.state = FeedbackState.CLOSED.value
    row.closed_at, row.closed_by = now, auth.user.id


def _summary(description: str) -> str:
    first = description.strip().splitlines()[0] if description.strip() else ""
    return first if len(first) <= SUMMARY_CHARS else first[: SUMMARY_CHARS - 1] + "…"


def _found(session: Session, feedback_id: int, *, lock: bool) -> FeedbackReport:
    row = session.get(FeedbackReport, feedback_id, with_for_update=lock)
    if row is None:
        raise DomainError("feedback.not_found", status=404, id=feedback_id)
    return row


def _listed(session: Session, rows: list[FeedbackReport]) -> list[FeedbackOut]:
    ids = [row.id for row in rows]
    replies: dict[int, list[FeedbackReply]] = defaultdict(list)
    for reply in session.scalars(
        select(FeedbackReply).where(FeedbackReply.feedback_id.in_(ids)).order_by(FeedbackReply.id)
    ):
        replies[reply.feedback_id].append(reply)
    people = {row.user_id for row in rows} | {r.author_id for rs in replies.values() for r in rs}
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_(people)))}
    return [
        FeedbackOut(
            id=row.id,
            state=FeedbackState(row.state),
            description=row.description,
            screen=row.screen,
            client_version=row.client_version,
            username=users[row.user_id].username,
            display_name=users[row.user_id].display_name,
            created_at=row.created_at,
            has_screenshot=row.screenshot is not None,
            has_log=row.log is not None,
            replies=[
                FeedbackReplyOut(
                    author=users[reply.author_id].display_name,
                    body=reply.body,
                    created_at=reply.created_at,
                )
                for reply in replies[row.id]
            ],
            closed_at=row.closed_at,
        )
        for row in rows
    ]
