"""Notifications (消息提醒): new work for the reviewers who will see it, decisions
for the maker, and "due soon" for the reviewer whose item enters its last quarter.

Each notice is a row per reader, kept until read and beyond. Clients poll with the
id of the last notice they have (a cursor), so each is delivered once and nothing
depends on a long-lived connection surviving a proxy. "Due soon" notices are raised
by the polls themselves (server/services/review/reminders.py), once per step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.enums import Language, NotificationKind, ReviewAction
from common.money import format_money
from common.schemas.reviews import NotificationOut, NotificationsOut
from server.db.models import Document, FiscalPeriod, Notification, User
from server.services.core import mail_outbox, numbering

PAGE = 100


def document_params(session: Session, doc: Document) -> dict[str, Any]:
    maker = session.get(User, doc.maker_id)
    number = numbering.display(doc.series, doc.number) or ""
    period = session.get(FiscalPeriod, doc.period_id) if doc.period_id is not None else None
    if period is not None:  # numbers restart each month: 支出-0001 alone is ambiguous
        number = f"{period.year}-{period.month:02d} {number}"
    return {
        "kind_words": f"words.document_kind.{doc.kind}",
        "number": number,
        "amount": format_money(doc.amount),
        "maker": maker.display_name if maker else "",
    }


def _insert(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the notices; the readers of those inserted (not already told)."""
    if not rows:
        return []
    statement = insert(Notification).values(rows)
    statement = statement.on_conflict_do_nothing(
        index_elements=["user_id", "dedup_key"], index_where=Notification.dedup_key.isnot(None)
    )
    return list(session.scalars(statement.returning(Notification.user_id)))


def notify(
    session: Session,
    user_ids: Iterable[int],
    kind: NotificationKind,
    *,
    now: dt.datetime,
    document_id: int | None,
    params: dict[str, Any],
    dedup_key: str | None = None,
) -> None:
    """The notices, and in the same transaction the e-mails of the readers who
    want this kind by e-mail (server/services/core/mail_outbox.py)."""
    told = _insert(
        session,
        [
            {
                "user_id": user_id,
                "kind": kind.value,
                "document_id": document_id,
                "params": params,
                "dedup_key": dedup_key,
                "created_at": now,
            }
            for user_id in sorted(set(user_ids))
        ],
    )
    mail_outbox.queue_notices(session, [(user_id, kind.value, params) for user_id in told], now=now)


def new_work(session: Session, doc: Document, user_ids: Iterable[int], *, now: dt.datetime) -> None:
    notify(
        session,
        user_ids,
        NotificationKind.NEW_WORK,
        now=now,
        document_id=doc.id,
        params=document_params(session, doc),
    )


def delegated(
    session: Session, doc: Document, to_user_id: int, *, actor: str, now: dt.datetime
) -> None:
    notify(
        session,
        [to_user_id],
        NotificationKind.DELEGATED,
        now=now,
        document_id=doc.id,
        params={**document_params(session, doc), "actor": actor},
    )


def urged(
    session: Session,
    doc: Document,
    user_ids: Iterable[int],
    *,
    actor: str,
    opinion: str,
    now: dt.datetime,
) -> None:
    """督办: the reviewers who see the overdue step are asked to act."""
    notify(
        session,
        user_ids,
        NotificationKind.URGED,
        now=now,
        document_id=doc.id,
        params={**document_params(session, doc), "actor": actor, "opinion": opinion},
    )


def decided(
    session: Session,
    doc: Document,
    action: ReviewAction,
    *,
    actor: str,
    opinion: str,
    now: dt.datetime,
) -> None:
    """Tell the maker the outcome; a returned item says what to correct."""
    notify(
        session,
        [doc.maker_id],
        NotificationKind.DECIDED,
        now=now,
        document_id=doc.id,
        params={
            **document_params(session, doc),
            "action": action.value,
            "actor": actor,
            "opinion": opinion,
        },
    )


def _text(notice: Notification, language: Language) -> str:
    return mail_outbox.notice_text(notice.kind, notice.params, language)


def unread_count(session: Session, user_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def listing(
    session: Session,
    user_id: int,
    *,
    after: int,
    language: Language,
    latest: int = 0,
) -> NotificationsOut:
    """Notices newer than ``after`` (oldest first), or with ``latest`` the newest
    ``latest`` whatever the cursor (the home screen's list)."""
    query = select(Notification).where(Notification.user_id == user_id)
    if latest:
        query = query.order_by(Notification.id.desc()).limit(latest)
    else:
        query = query.where(Notification.id > after).order_by(Notification.id).limit(PAGE)
    items = [
        NotificationOut(
            id=notice.id,
            kind=NotificationKind(notice.kind),
            document_id=notice.document_id,
            text=_text(notice, language),
            created_at=notice.created_at,
            read=notice.read_at is not None,
        )
        for notice in session.scalars(query)
    ]
    return NotificationsOut(items=items, unread=unread_count(session, user_id))


def mark_read(session: Session, user_id: int, ids: list[int] | None, *, now: dt.datetime) -> int:
    """Mark the caller's own notices read (others' ids are ignored); the unread count."""
    statement = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if ids is not None:
        statement = statement.where(Notification.id.in_(ids))
    session.execute(statement.values(read_at=now))
    return unread_count(session, user_id)
