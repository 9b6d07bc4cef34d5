"""公告: administrators publish announcements for a while (from–to); every
signed-in user is shown the current ones (after login and on the workbench's
home page). Publishing and withdrawing are in the operation log; an announcement
is never edited — a wrong one is withdrawn and published again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.announcements import AnnouncementIn, AnnouncementKind, AnnouncementOut
from server.db.models import Announcement, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit

RECENT = 200  # the console lists the latest ones


def _out(
    row: Announcement, names: dict[int, str], now: dt.datetime | None = None
) -> AnnouncementOut:
    begins_in = None
    if row.begins_at is not None and now is not None:
        begins_in = round((row.begins_at - now).total_seconds())
    return AnnouncementOut(
        id=row.id,
        kind=AnnouncementKind(row.kind),
        title=row.title,
        body=row.body,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        created_by=names.get(row.created_by, ""),
        created_at=row.created_at,
        withdrawn_at=row.withdrawn_at,
        begins_at=row.begins_at,
        begins_in_seconds=begins_in,
    )


def _listed(
    session: Session, rows: list[Announcement], now: dt.datetime | None = None
) -> list[AnnouncementOut]:
    ids = {row.created_by for row in rows}
    found = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    names: dict[int, str] = {user_id: name for user_id, name in found}
    return [_out(row, names, now) for row in rows]


def current(session: Session, *, now: dt.datetime) -> list[AnnouncementOut]:
    """What every user is shown now: started, not ended, not withdrawn; the
    soonest to end first (a maintenance window about to begin leads)."""
    rows = session.scalars(
        select(Announcement)
        .where(
            Announcement.starts_at <= now,
            Announcement.ends_at > now,
            Announcement.withdrawn_at.is_(None),
        )
        .order_by(Announcement.ends_at, Announcement.id)
    )
    return _listed(session, list(rows), now)


def recent(session: Session) -> list[AnnouncementOut]:
    rows = session.scalars(select(Announcement).order_by(Announcement.id.desc()).limit(RECENT))
    return _listed(session, list(rows))


def publish(
    session: Session,
    auth: Authenticated,
    body: AnnouncementIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AnnouncementOut:
    if body.ends_at <= body.starts_at:
        raise DomainError("announcement.dates", status=422, field="ends_at")
    if body.begins_at is not None and body.kind is not AnnouncementKind.MAINTENANCE:
        raise DomainError("announcement.begins_not_maintenance", status=422, field="begins_at")
    if body.begins_at is not None and not body.starts_at <= body.begins_at < body.ends_at:
        raise DomainError("announcement.begins_outside", status=422, field="begins_at")
    row = Announcement(
        kind=body.kind.value,
        title=body.title.strip(),
        body=body.body.strip(),
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        begins_at=body.begins_at,
        created_by=auth.user.id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        auth.actor,
        "announcement.published",
        origin=origin,
        at=now,
        target_type="announcement",
        target_id=row.id,
        after={
            "kind": row.kind,
            "title": row.title,
            "from": row.starts_at,
            "to": row.ends_at,
            "begins": row.begins_at,
        },
    )
    (out,) = _listed(session, [row])
    return out


def withdraw(
    session: Session,
    auth: Authenticated,
    announcement_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AnnouncementOut:
    row = session.get(Announcement, announcement_id, with_for_update=True)
    if row is None:
        raise DomainError("announcement.not_found", status=404, id=announcement_id)
    if row.withdrawn_at is not None or row.ends_at <= now:
        raise DomainError("announcement.ended", status=409)
    row.withdrawn_at = now
    session.flush()
    audit.record(
        session,
        auth.actor,
        "announcement.withdrawn",
        origin=origin,
        at=now,
        target_type="announcement",
        target_id=row.id,
        before={"title": row.title, "to": row.ends_at},
    )
    (out,) = _listed(session, [row])
    return out
