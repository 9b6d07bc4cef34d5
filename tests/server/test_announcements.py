"""公告 through client/api: an administrator publishes an announcement for a
while; every signed-in user sees it from its start to its end (and not once
withdrawn); the dates are checked and both acts are in the operation log."""

from __future__ import annotations

import datetime as dt

from common.enums import Role
from common.schemas.announcements import AnnouncementIn, AnnouncementKind
from common.schemas.audit_log import AuditLogQuery
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import clerk
from tests.support.live_server import LiveServer


def test_an_announcement_is_shown_from_its_start_to_its_end_and_not_once_withdrawn(
    live_server: LiveServer,
) -> None:
    admin_account = add_user(live_server, "ann.admin", [Role.ADMIN])
    reader_account = clerk(live_server, "ann.clerk")
    admin, reader = log_in(live_server, admin_account), log_in(live_server, reader_account)
    now = live_server.clock.now()
    soon = admin.announcements.publish(
        AnnouncementIn(
            kind=AnnouncementKind.MAINTENANCE,
            title="今晚 22:00 系统维护",
            body="维护约 30 分钟,请提前保存。",
            starts_at=now - dt.timedelta(minutes=1),
            ends_at=now + dt.timedelta(hours=2),
        )
    )
    later = admin.announcements.publish(
        AnnouncementIn(
            title="下周升级",
            starts_at=now + dt.timedelta(days=1),
            ends_at=now + dt.timedelta(days=2),
        )
    )
    assert soon.created_by == "ann.admin" and soon.kind is AnnouncementKind.MAINTENANCE
    assert [a.id for a in reader.announcements.current()] == [soon.id]

    backwards = refused(
        admin.announcements.publish,
        AnnouncementIn(title="错的", starts_at=now, ends_at=now - dt.timedelta(hours=1)),
    )
    assert (backwards.status, backwards.code) == (422, "announcement.dates")
    assert "结束时间须晚于开始时间" in backwards.message
    assert (
        refused(
            reader.announcements.publish,
            AnnouncementIn(title="x", starts_at=now, ends_at=now + dt.timedelta(hours=1)),
        ).status
        == 403
    )
    assert {a.id for a in admin.announcements.recent()} >= {soon.id, later.id}

    # a day later (this module's server keeps the moved clock): signed in afresh
    live_server.clock.advance(dt.timedelta(days=1, minutes=1))  # the first has ended
    admin, reader = log_in(live_server, admin_account), log_in(live_server, reader_account)
    assert [a.id for a in reader.announcements.current()] == [later.id]
    gone = admin.announcements.withdraw(later.id)
    assert gone.withdrawn_at is not None
    assert reader.announcements.current() == []
    again = refused(admin.announcements.withdraw, later.id)
    assert (again.status, again.code) == (409, "announcement.ended")

    auditor = log_in(live_server, add_user(live_server, "ann.auditor", [Role.AUDITOR]))
    rows = auditor.audit_log.page(AuditLogQuery(target_type="announcement")).rows
    assert sorted(r.action for r in rows) == [
        "announcement.published",
        "announcement.published",
        "announcement.withdrawn",
    ]


def test_a_maintenance_notice_counts_down_to_when_the_work_begins(
    live_server: LiveServer,
) -> None:
    admin = log_in(live_server, add_user(live_server, "maint.admin", [Role.ADMIN]))
    reader = log_in(live_server, clerk(live_server, "maint.clerk"))
    now = live_server.clock.now()
    window = AnnouncementIn(
        kind=AnnouncementKind.MAINTENANCE,
        title="数据库升级",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=3),
        begins_at=now + dt.timedelta(minutes=40),
    )
    published = admin.announcements.publish(window)
    (shown,) = [a for a in reader.announcements.current() if a.id == published.id]
    assert shown.begins_at == window.begins_at
    # from the server's clock (it runs on between publishing and asking), not the desk's
    assert shown.begins_in_seconds is not None
    assert 40 * 60 - 30 <= shown.begins_in_seconds <= 40 * 60

    outside = refused(
        admin.announcements.publish,
        window.model_copy(update={"begins_at": now + dt.timedelta(hours=4)}),
    )
    assert (outside.status, outside.code) == (422, "announcement.begins_outside")
    assert "维护开始时间" in outside.message
    general = refused(
        admin.announcements.publish,
        window.model_copy(update={"kind": AnnouncementKind.GENERAL}),
    )
    assert general.code == "announcement.begins_not_maintenance"
