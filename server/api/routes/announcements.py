"""公告: the current announcements for everyone signed in; publishing and
withdrawing in the admin console (server/services/operations/announcements.py)."""

from __future__ import annotations

from common.schemas.announcements import AnnouncementIn, AnnouncementOut
from server.api.deps import AuditorAuth, CurrentAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.operations import announcements

router = api_router(tags=["announcements"])


@router.get("/announcements/current", response_model=list[AnnouncementOut])
def current(caller: CurrentAuth, session: Transaction, now: Now) -> list[AnnouncementOut]:
    return announcements.current(session, now=now)


@router.get("/admin/announcements", response_model=list[AnnouncementOut])
def recent(caller: AuditorAuth, session: Transaction) -> list[AnnouncementOut]:
    return announcements.recent(session)


@router.post("/admin/announcements", response_model=AnnouncementOut, status_code=201)
def publish(
    body: AnnouncementIn, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> AnnouncementOut:
    return announcements.publish(session, caller, body, origin=origin, now=now)


@router.post("/admin/announcements/{announcement_id}/withdraw", response_model=AnnouncementOut)
def withdraw(
    announcement_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> AnnouncementOut:
    return announcements.withdraw(session, caller, announcement_id, origin=origin, now=now)
