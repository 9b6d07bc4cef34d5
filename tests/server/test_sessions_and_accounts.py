"""Sessions expire and end; administrators manage accounts; everything is logged."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from itertools import count

import psycopg2
import pytest
from sqlalchemy import select, text

from client.api import ApiClient
from common.enums import Role
from common.schemas.admin import UserOut
from common.schemas.admin_requests import AdminRequestOut
from server.db.models import AuditRecord, UserSession
from server.db.uow import UnitOfWork
from server.services.core.audit import verify_chain
from tests.support.accounts import Account, add_user, api_for, code_now, log_in, next_step, refused
from tests.support.live_server import LiveServer

_names = count(1)


def fresh(server: LiveServer, roles: list[Role] | None = None, **kwargs: object) -> Account:
    return add_user(server, f"acct{next(_names)}", roles or [Role.CLERK], **kwargs)  # type: ignore[arg-type]


def revoked_reason(server: LiveServer, api: ApiClient) -> str | None:
    from server.crypto import token_hash

    assert api.transport.token is not None
    with UnitOfWork(server.engine).transaction() as session:
        row = session.scalar(
            select(UserSession).where(UserSession.token_hash == token_hash(api.transport.token))
        )
        assert row is not None
        return row.revoked_reason


def test_an_idle_session_expires_after_30_minutes(live_server: LiveServer) -> None:
    api = log_in(live_server, fresh(live_server))
    live_server.clock.advance(dt.timedelta(minutes=29))
    api.auth.me()  # activity keeps it alive
    live_server.clock.advance(dt.timedelta(minutes=29))
    api.auth.me()
    live_server.clock.advance(dt.timedelta(minutes=31))
    error = refused(api.auth.me)
    assert (error.status, error.code) == (401, "auth.session_expired")
    assert revoked_reason(live_server, api) == "expired_idle"
    assert refused(api.auth.me).code == "auth.not_authenticated"


def test_every_session_ends_after_12_hours_however_active(live_server: LiveServer) -> None:
    api = log_in(live_server, fresh(live_server))
    for _ in range(12 * 4 - 1):  # active every 15 minutes for 11 h 45 min
        live_server.clock.advance(dt.timedelta(minutes=15))
        api.auth.me()
    live_server.clock.advance(dt.timedelta(minutes=15))
    assert refused(api.auth.me).code == "auth.session_expired"
    assert revoked_reason(live_server, api) == "expired_absolute"


def test_logout_ends_the_session_on_the_server(live_server: LiveServer) -> None:
    api = log_in(live_server, fresh(live_server))
    token = api.transport.token
    api.auth.logout()
    api.transport.token = token
    assert refused(api.auth.me).code == "auth.not_authenticated"


def test_a_clerk_on_an_admin_route_gets_403_with_a_code(live_server: LiveServer) -> None:
    clerk = log_in(live_server, fresh(live_server))
    for call in (clerk.admin.users, clerk.admin.sessions, clerk.admin.verify_audit):
        error = refused(call)
        assert (error.status, error.code) == (403, "auth.forbidden")
    assert "admin" in refused(clerk.admin.unlock, 1).params["roles"]


def test_password_change_keeps_policy_and_history(live_server: LiveServer) -> None:
    user = fresh(live_server)
    api = log_in(live_server, user)
    assert refused(api.auth.change_password, "wrong-current", "Another-Good-One-1").code == (
        "password.wrong_current"
    )
    history = [f"History-Password-{n}!" for n in range(5)]
    current = user.password
    for new in history:
        api.auth.change_password(current, new)
        current = new
    for old in [user.password, *history[1:]]:
        error = refused(api.auth.change_password, current, old)
        assert error.code == "password.reused" and error.params["count"] == 5
    assert refused(api.auth.change_password, current, "nodigits-here!!").code == (
        "password.needs_digit"
    )
    assert refused(api.auth.change_password, current, f"{user.username}-Pass-123").code == (
        "password.contains_username"
    )
    api.auth.change_password(current, "Completely-Fresh-99")


def test_an_expired_password_must_be_changed_and_the_warning_comes_seven_days_ahead(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server)
    assert user.totp_secret is not None
    api = api_for(live_server)
    live_server.clock.advance(dt.timedelta(days=84))
    try:
        next_step(live_server)
        ticket = api.auth.login(user.username, user.password)
        session = api.auth.submit_code(
            ticket.ticket, code_now(live_server, user.totp_secret)
        ).session
        assert session is not None and session.password_expires_in_days is not None
        assert 5 <= session.password_expires_in_days <= 6
        live_server.clock.advance(dt.timedelta(days=7))
        # expired: the code still comes first, then the new password, then the session
        next_step(live_server)
        ticket = api.auth.login(user.username, user.password)
        assert ticket.next_step == "totp"
        progress = api.auth.submit_code(ticket.ticket, code_now(live_server, user.totp_secret))
        assert progress.session is None and progress.ticket is not None
        assert progress.ticket.next_step == "change_password"
        done = api.auth.set_initial_password(progress.ticket.ticket, "Renewed-Password-84")
        assert done.session is not None and done.session.password_expires_in_days is None
        assert api.auth.me().username == user.username
    finally:
        live_server.clock.advance(dt.timedelta(days=-91))


def test_administrator_lifecycle_of_an_account(live_server: LiveServer) -> None:
    admin_user = fresh(live_server, [Role.ADMIN])
    admin = log_in(live_server, admin_user)
    created = admin.admin.create_user("zhao.leaver", "赵离职", [Role.CLERK], [])
    assert created.user.must_change_password and len(created.initial_password) >= 12

    # first login of the new user: change password, enrol, in
    api = api_for(live_server)
    ticket = api.auth.login("zhao.leaver", created.initial_password)
    progress = api.auth.set_initial_password(ticket.ticket, "Leavers-Password-1")
    assert progress.ticket is not None
    ticket = progress.ticket
    secret = api.auth.start_enrolment(ticket.ticket).secret
    api.auth.confirm_enrolment(ticket.ticket, code_now(live_server, secret))
    assert [s.username for s in admin.admin.sessions(created.user.id)] == ["zhao.leaver"]

    # disabling ends the sessions at once and login is refused, the account stays
    admin.admin.disable(created.user.id)
    assert refused(api.auth.me).code == "auth.not_authenticated"
    next_step(live_server)
    assert refused(api.auth.login, "zhao.leaver", "Leavers-Password-1").code == (
        "auth.invalid_credentials"
    )
    listed = {u.username: u for u in admin.admin.users()}["zhao.leaver"]
    assert not listed.is_active and listed.display_name == "赵离职"
    assert refused(admin.admin.disable, admin_user.id).code == "user.cannot_disable_self"

    # a reset password must be changed at the next login
    admin.admin.enable(created.user.id)
    new_initial = admin.admin.reset_password(created.user.id)
    # enrolled: the code comes before the new password, and the old password is history
    next_step(live_server)
    ticket = api.auth.login("zhao.leaver", new_initial)
    assert ticket.next_step == "totp"
    progress = api.auth.submit_code(ticket.ticket, code_now(live_server, secret))
    assert progress.ticket is not None and progress.ticket.next_step == "change_password"
    reused = refused(api.auth.set_initial_password, progress.ticket.ticket, "Leavers-Password-1")
    assert reused.code == "password.reused"
    done = api.auth.set_initial_password(progress.ticket.ticket, "Returning-Password-2")
    assert done.session is not None and api.auth.me().username == "zhao.leaver"


def test_second_factor_reset_needs_a_fresh_code_and_forces_re_enrolment(
    live_server: LiveServer,
) -> None:
    admin_user = fresh(live_server, [Role.ADMIN])
    admin = log_in(live_server, admin_user)
    target = fresh(live_server)
    victim_api = log_in(live_server, target)

    live_server.clock.advance(dt.timedelta(minutes=6))
    for sensitive in (admin.admin.reset_second_factor, admin.admin.reset_password):
        error = refused(sensitive, target.id)
        assert (error.status, error.code) == (403, "auth.fresh_code_required")
    assert admin_user.totp_secret is not None
    next_step(live_server)
    admin.auth.reverify(code_now(live_server, admin_user.totp_secret))
    asked = admin.admin.reset_second_factor(target.id)  # four eyes: a second admin approves
    assert isinstance(asked, AdminRequestOut)
    assert victim_api.auth.me().username == target.username
    second = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    second.admin.approve_request(asked.id)
    assert not {u.id: u for u in admin.admin.users()}[target.id].second_factor_enrolled

    assert refused(victim_api.auth.me).code == "auth.not_authenticated"
    api = api_for(live_server)
    assert api.auth.login(target.username, target.password).next_step == "enroll"


def test_roles_and_scope_changes_need_a_fresh_code_and_the_current_version(
    live_server: LiveServer,
) -> None:
    admin_user = fresh(live_server, [Role.ADMIN])
    admin = log_in(live_server, admin_user)
    username = fresh(live_server).username
    target = {u.username: u for u in admin.admin.users()}[username]
    changed = admin.admin.set_access(
        target.id, roles=[Role.CLERK, Role.ANALYST], unit_ids=[], version=target.version
    )
    assert isinstance(changed, UserOut)  # an analyst grant is immediate, even under four eyes
    assert changed.roles == [Role.ANALYST, Role.CLERK] and changed.version == target.version + 1
    stale = refused(
        admin.admin.set_access, target.id, roles=[Role.AUDITOR], unit_ids=[], version=target.version
    )
    assert (stale.status, stale.code) == (409, "user.stale")
    unknown_unit = refused(
        admin.admin.set_access,
        target.id,
        roles=[Role.CLERK],
        unit_ids=[999999],
        version=changed.version,
    )
    assert unknown_unit.code == "user.unit_unknown" and unknown_unit.params["field"] == "unit_ids"

    # the login code goes stale one second past the window: the change is refused
    # and nothing changes; a fresh code lets the same change through
    [window] = [
        p.value for p in admin.admin_system.parameters().parameters if p.key == "fresh_code_minutes"
    ]
    assert isinstance(window, int)
    live_server.clock.advance(dt.timedelta(minutes=window, seconds=1))
    stale_code = refused(
        admin.admin.set_access,
        target.id,
        roles=[Role.CLERK],
        unit_ids=[],
        version=changed.version,
    )
    assert (stale_code.status, stale_code.code) == (403, "auth.fresh_code_required")
    unchanged = {u.id: u for u in admin.admin.users()}[target.id]
    assert (unchanged.roles, unchanged.version) == (changed.roles, changed.version)
    assert admin_user.totp_secret is not None
    next_step(live_server)
    admin.auth.reverify(code_now(live_server, admin_user.totp_secret))
    narrowed = admin.admin.set_access(
        target.id, roles=[Role.CLERK], unit_ids=[], version=changed.version
    )
    assert isinstance(narrowed, UserOut)
    assert narrowed.roles == [Role.CLERK] and narrowed.version == changed.version + 1


def test_admin_can_revoke_any_session(live_server: LiveServer) -> None:
    admin = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    user = fresh(live_server)
    api = log_in(live_server, user)
    (row,) = admin.admin.sessions(user.id)
    admin.admin.revoke_session(row.id)
    assert refused(api.auth.me).code == "auth.not_authenticated"
    assert admin.admin.sessions(user.id) == []


def test_every_auth_event_is_in_the_operation_log_with_origin(live_server: LiveServer) -> None:
    user = fresh(live_server)
    api = api_for(live_server)
    refused(api.auth.login, user.username, "Wrong-Password-9")
    log_in(live_server, user, api).auth.logout()
    with UnitOfWork(live_server.engine).transaction() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actor_name == user.username)
            .order_by(AuditRecord.id)
        ).all()
    actions = [r.action for r in rows]
    assert actions == ["login.failed", "login.password_accepted", "login.succeeded", "logout"]
    assert all(r.client_address == "127.0.0.1" and r.client_host for r in rows)
    assert rows[0].after == {"step": "password", "consecutive_failures": 1}


def test_the_database_refuses_to_change_the_operation_log(live_server: LiveServer) -> None:
    log_in(live_server, fresh(live_server))
    for statement in (
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(Exception, match="append-only"), live_server.engine.begin() as conn:
            conn.execute(text(statement))


def _set_client_address(server: LiveServer, record_id: int, address: str) -> None:
    """Change an operation-log row as someone with the owner's rights could: the
    append-only trigger switched off around the update."""
    owner = server.engine.url.set(drivername="postgresql")
    connection = psycopg2.connect(owner.render_as_string(hide_password=False))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete")
            try:
                cursor.execute(
                    "UPDATE audit_log SET client_address = %s WHERE id = %s", (address, record_id)
                )
            finally:
                cursor.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete")
    finally:
        connection.close()


def test_verify_audit_names_the_first_altered_row(live_server: LiveServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    api = log_in(live_server, fresh(live_server))
    auditor = log_in(live_server, fresh(live_server, [Role.AUDITOR]))
    assert auditor.admin.verify_audit().ok
    with UnitOfWork(live_server.engine).transaction() as session:
        assert verify_chain(session).ok
        victim, address = session.execute(
            select(AuditRecord.id, AuditRecord.client_address)
            .where(AuditRecord.action == "login.succeeded")
            .order_by(AuditRecord.id.desc())
            .limit(1)
        ).one()
    url = live_server.settings.database_url
    assert url is not None
    _set_client_address(live_server, victim, "10.9.9.9")
    try:
        report = auditor.admin.verify_audit()
        assert not report.ok and report.first_bad_id == victim
        assert api.auth.me()  # the server keeps working

        cli = subprocess.run(
            [sys.executable, "-m", "server", "verify-audit"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={
                **__import__("os").environ,
                "DATABASE_URL": url,
                "COUNTERSIGN_DATA_DIR": str(tmp_path),
            },
        )
        assert cli.returncode == 1
        assert f"BROKEN at record {victim}" in cli.stdout
    finally:  # the module's other tests find the chain whole again
        _set_client_address(live_server, victim, str(address))
    assert auditor.admin.verify_audit().ok
