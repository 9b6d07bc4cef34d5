"""Alerts through client/api, each from what really happened: repeated wrong
passwords and the lockout they cause, a login at night, a large export, a change
of permissions, and no verified backup; for auditors and administrators only."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from client.api import ApiError
from common.enums import Role
from common.schemas.alerts import AlertKind
from common.schemas.audit_log import AuditLogFilters
from common.schemas.search import DocumentQuery
from tests.support.accounts import add_user, api_for, log_in, refused
from tests.support.documents import Codes, clerk, income, run_sql, today
from tests.support.live_server import LiveServer

OFFICE = dt.timezone(dt.timedelta(hours=8))


def test_alerts_say_what_an_administrator_should_look_at(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    victim = clerk(live_server, "al.victim", unit="001001")
    stranger = api_for(live_server)
    for _ in range(5):
        with contextlib.suppress(ApiError):
            stranger.auth.login("al.victim", "not-the-password-1")
    worker = log_in(live_server, clerk(live_server, "al.worker", unit="001001"))
    worker.documents.create_and_submit(income(codes, today(live_server), amount="10.00"))
    run_sql(
        live_server,
        "INSERT INTO system_parameters (key, value) VALUES ('alert_export_rows', '1')"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    )
    worker.search.export(DocumentQuery(), tmp_path / "all.xlsx")
    admin = log_in(live_server, add_user(live_server, "al.admin", [Role.ADMIN]))
    admin.admin.create_user("al.new", "新同事", [Role.CLERK], [codes.units["001001"]])
    assert refused(worker.admin.alerts).status == 403  # auditors and administrators only

    office_now = live_server.clock.now().astimezone(OFFICE)
    night = office_now.replace(hour=23, minute=10, second=0, microsecond=0)
    if night <= office_now:
        night += dt.timedelta(days=1)
    live_server.clock.advance(night - office_now)  # the clock only moves on
    auditor = log_in(live_server, add_user(live_server, "al.auditor", [Role.AUDITOR]))
    auditor.audit_log.export(AuditLogFilters(), tmp_path / "log.xlsx")  # the log itself

    found = auditor.admin.alerts()
    by_kind: dict[AlertKind, list[str]] = {}
    for alert in found:
        by_kind.setdefault(alert.kind, []).append(alert.subject)
    assert "al.victim" in by_kind[AlertKind.FAILED_LOGINS]
    assert "al.victim" in by_kind[AlertKind.ACCOUNT_LOCKED]
    assert "al.auditor" in by_kind[AlertKind.UNUSUAL_HOUR]  # 23:10 office time
    assert {"al.worker", "al.auditor"} <= set(by_kind[AlertKind.LARGE_EXPORT])
    assert any(s for s in by_kind[AlertKind.PERMISSION_CHANGE])  # the account just made
    [backup] = [a for a in found if a.kind is AlertKind.BACKUP]
    assert backup.details["problem"] == "no_recent_verified_backup"
    assert [a.at for a in found] == sorted((a.at for a in found), reverse=True)
    assert victim.username not in by_kind.get(AlertKind.UNUSUAL_HOUR, [])
