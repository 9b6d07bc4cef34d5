"""督办提醒: telling reviewers an item has entered the last quarter of its time.

There is no scheduler to run: every notification poll (any user's, every 30 s per
open workbench) first sweeps a few steps whose yellow mark has passed and that
nobody was told about yet, marks them, and notifies whoever sees them now. A
partial index keeps the sweep cheap when nothing is due; SKIP LOCKED lets two
polls sweep at once without waiting on each other or telling anyone twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import Language, NotificationKind
from common.schemas.reviews import NotificationsOut
from server.db.models import ApprovalStep, Document
from server.services.core.working_days import OFFICE_TZ
from server.services.review import approval_routing, notifications

SWEEP = 20  # steps per poll; a backlog drains over a few polls


def sweep(session: Session, *, now: dt.datetime) -> int:
    """Notify the readers of up to ``SWEEP`` steps that became due soon; how many."""
    steps = list(
        session.scalars(
            select(ApprovalStep)
            .where(
                ApprovalStep.status == "active",
                ApprovalStep.due_notified_at.is_(None),
                ApprovalStep.yellow_from <= now,
            )
            .order_by(ApprovalStep.yellow_from)
            .limit(SWEEP)
            .with_for_update(skip_locked=True)
        )
    )
    for step in steps:
        step.due_notified_at = now
        doc = session.get(Document, step.document_id)
        assert doc is not None and step.deadline_at is not None
        deadline = step.deadline_at.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M")
        notifications.notify(
            session,
            approval_routing.readers(session, doc, step, now=now),
            NotificationKind.DUE_SOON,
            now=now,
            document_id=doc.id,
            params={
                **notifications.document_params(session, doc),
                "deadline": deadline,
                "overdue": step.deadline_at < now,  # found late (nobody polled in time)
            },
            dedup_key=f"due:{step.id}",
        )
    return len(steps)


def poll(
    session: Session,
    user_id: int,
    *,
    after: int,
    latest: int,
    language: Language,
    now: dt.datetime,
) -> NotificationsOut:
    """A client's poll: sweep what became due, then the caller's new notices."""
    sweep(session, now=now)
    return notifications.listing(session, user_id, after=after, latest=latest, language=language)
