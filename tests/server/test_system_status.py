"""系统状态 through client/api against a real server and PostgreSQL: the database's
size and connections as PostgreSQL itself reports them, live login sessions
(a logout takes one away), the backups in the backup folder with their states
(real pg_dump and verification), disks, versions and uptime; administrators and
auditors only."""

from __future__ import annotations

import datetime as dt
import shutil

from sqlalchemy import text

from common.enums import Role
from common.schemas.system_status import BackupState
from common.version import __version__
from server.db.migrate import head_revision
from server.db.uow import UnitOfWork
from server.services.operations.backups import backup, verify
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import clerk
from tests.support.live_server import LiveServer


def ask(server: LiveServer, sql: str) -> object:
    with UnitOfWork(server.engine).transaction() as session:
        return session.execute(text(sql)).scalar_one()


def test_status_reports_the_database_sessions_versions_and_disks(live_server: LiveServer) -> None:
    admin = log_in(live_server, add_user(live_server, "st.admin", [Role.ADMIN]))
    before = admin.admin_system.status()
    others = [
        log_in(live_server, add_user(live_server, f"st.user{n}", [Role.AUDITOR])) for n in (1, 2)
    ]
    status = admin.admin_system.status()

    size = int(str(ask(live_server, "SELECT pg_database_size(current_database())")))
    assert status.database_bytes > 1_000_000
    assert abs(status.database_bytes - size) < size // 10  # the same measure, moments apart
    assert status.max_connections == int(str(ask(live_server, "SHOW max_connections")))
    # the server's own pool holds at least the connection answering this request
    assert 1 <= status.connections <= status.max_connections
    assert status.postgres_version == ask(live_server, "SHOW server_version")
    assert status.server_version == __version__
    assert status.schema_revision == head_revision() and status.schema_current

    assert status.active_sessions == before.active_sessions + 2
    assert status.active_users == before.active_users + 2
    others[0].auth.logout()
    assert admin.admin_system.status().active_sessions == before.active_sessions + 1

    data, backups = status.disks
    assert (data.key, data.path) == ("data", str(live_server.settings.data_dir))
    assert (backups.key, backups.path) == ("backups", str(live_server.settings.backups))
    usage = shutil.disk_usage(live_server.settings.data_dir)
    assert data.total_bytes == usage.total and 0 < data.free_bytes <= data.total_bytes
    assert abs(data.free_bytes - usage.free) < 500 * 1024 * 1024

    started = status.started_at
    assert started <= status.now and status.uptime_seconds >= 0
    live_server.clock.advance(dt.timedelta(minutes=20))  # within the session's idle limit
    later = admin.admin_system.status()
    assert later.started_at == started
    assert later.uptime_seconds >= status.uptime_seconds + 20 * 60


def test_status_names_the_last_verified_backup_and_the_state_of_the_last(
    live_server: LiveServer,
) -> None:
    auditor = log_in(live_server, add_user(live_server, "st.auditor", [Role.AUDITOR]))
    folder = live_server.settings.backups
    nothing = auditor.admin_system.status()
    assert nothing.last_verified_backup is None and nothing.last_backup is None
    assert not nothing.backup_running

    url = live_server.engine.url.render_as_string(hide_password=False)
    now = live_server.clock.now()
    good, _ = backup(live_server.engine, folder, now=now - dt.timedelta(hours=2))
    assert verify(good, url, now=now).ok
    damaged, _ = backup(live_server.engine, folder, now=now - dt.timedelta(hours=1))
    with damaged.open("ab") as file:
        file.write(b"not what the manifest says")
    assert not verify(damaged, url, now=now).ok
    seen = auditor.admin_system.status()
    assert seen.last_verified_backup is not None and seen.last_backup is not None
    assert seen.last_verified_backup.name == good.name
    assert seen.last_verified_backup.state is BackupState.VERIFIED
    assert (seen.last_backup.name, seen.last_backup.state) == (
        damaged.name,
        BackupState.VERIFICATION_FAILED,
    )

    newest, _ = backup(live_server.engine, folder, now=now)  # not verified (yet)
    seen = auditor.admin_system.status()
    assert seen.last_backup is not None and seen.last_verified_backup is not None
    assert (seen.last_backup.name, seen.last_backup.state) == (
        newest.name,
        BackupState.NOT_VERIFIED,
    )
    assert seen.last_verified_backup.name == good.name
    assert abs(seen.last_verified_backup.taken_at - (now - dt.timedelta(hours=2))) < dt.timedelta(
        seconds=1
    )


def test_only_administrators_and_auditors_see_the_status(live_server: LiveServer) -> None:
    worker = log_in(live_server, clerk(live_server, "st.clerk"))
    error = refused(worker.admin_system.status)
    assert error.status == 403 and error.code == "auth.forbidden"
