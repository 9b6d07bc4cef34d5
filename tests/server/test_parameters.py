"""系统参数 through client/api against a real server: every parameter with its
default and limits; a change holds from the next request (the lockout threshold
locks an account sooner, the idle lock reaches the next login, the nightly
backup's hour moves); a bad value is a 422 naming the parameter and its rule in
both languages and nothing of the request is saved; each change is logged with
before and after; turning four eyes off takes a fresh code and a second
administrator; clerks and auditors change nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from client.api import ApiClient
from common.enums import Language, Role
from common.errors import render_message
from common.schemas.admin_requests import AdminRequestOut
from server.clock import Clock
from server.db.uow import UnitOfWork
from server.services.accounts.four_eyes import required
from server.services.operations.backup_runs import BackupRunner, Where
from tests.support.accounts import Account, add_user, api_for, code_now, log_in, next_step, refused
from tests.support.documents import clerk, run_sql
from tests.support.live_server import LiveServer

OFFICE = dt.timezone(dt.timedelta(hours=8))
_ADMINS = itertools.count()


@pytest.fixture
def admin(live_server: LiveServer) -> Iterator[ApiClient]:
    """A logged-in administrator; the parameters are back at their defaults after."""
    name = f"pa.admin{next(_ADMINS)}"
    yield log_in(live_server, add_user(live_server, name, [Role.ADMIN]))
    run_sql(live_server, "DELETE FROM system_parameters")


def values(api: ApiClient) -> dict[str, Any]:
    return {p.key: p.value for p in api.admin_system.parameters().parameters}


def changes_logged(server: LiveServer) -> list[tuple[str, str, Any, Any]]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.execute(
            text(
                "SELECT actor_name, target_id, before, after FROM audit_log"
                " WHERE action = 'parameter.changed' ORDER BY id"
            )
        ).all()
    return [(r.actor_name, r.target_id, r.before, r.after) for r in rows]


def wrong_passwords(server: LiveServer, user: Account, times: int) -> str:
    """The code of a login with the right password after ``times`` wrong ones."""
    api = api_for(server)
    for _ in range(times):
        refused(api.auth.login, user.username, "Wrong-Password-9")
    try:
        api.auth.login(user.username, user.password)
    except Exception as error:
        return str(getattr(error, "code", error))
    return "ok"


def test_every_parameter_is_listed_with_its_default_and_limits(admin: ApiClient) -> None:
    listed = {p.key: p for p in admin.admin_system.parameters().parameters}
    assert {"password_policy.min_length", "lockout_threshold", "client_idle_lock_minutes"} <= set(
        listed
    )
    assert {"double_entry_threshold", "backup_daily_at", "backup_keep_weekly", "four_eyes"} <= set(
        listed
    )
    minimum = listed["password_policy.min_length"]
    assert (minimum.value, minimum.default) == (12, 12)
    assert (minimum.minimum, minimum.maximum) == (Decimal(8), Decimal(64))
    lockout = listed["lockout_threshold"]
    assert (lockout.value, lockout.group, lockout.kind) == (5, "lockout", "integer")
    assert listed["double_entry_threshold"].value == "100000.00"
    assert listed["backup_daily_at"].value == "02:00"
    assert listed["four_eyes"].value is True and listed["four_eyes"].kind == "boolean"
    assert listed["backup_keep_daily"].minimum == 1 and listed["backup_keep_weekly"].minimum == 1


def test_a_changed_lockout_threshold_locks_sooner(
    live_server: LiveServer, admin: ApiClient
) -> None:
    before = add_user(live_server, "pa.before", [Role.CLERK])
    assert wrong_passwords(live_server, before, 3) == "ok"  # 3 of 5: not locked

    saved = admin.admin_system.save_parameters({"lockout_threshold": 3})
    assert {p.key: p.value for p in saved.parameters}["lockout_threshold"] == 3
    after = add_user(live_server, "pa.after", [Role.CLERK])
    assert wrong_passwords(live_server, after, 3) == "auth.locked"
    assert values(admin)["lockout_threshold"] == 3
    assert changes_logged(live_server)[-1][1:] == (
        "lockout_threshold",
        {"lockout_threshold": 5},
        {"lockout_threshold": 3},
    )


def test_idle_lock_and_backup_hour_hold_from_the_next_request(
    live_server: LiveServer, admin: ApiClient
) -> None:
    admin.admin_system.save_parameters({"client_idle_lock_minutes": 3, "backup_daily_at": "04:30"})
    someone = log_in(live_server, add_user(live_server, "pa.idle", [Role.CLERK]))
    assert someone.auth.me().client_idle_lock_minutes == 3
    runner = BackupRunner(
        live_server.engine, Where(live_server.settings.data_dir / "none", None), Clock()
    )
    night = dt.datetime(2026, 11, 30, 4, 0, tzinfo=OFFICE)
    assert not runner.due(night)  # 02:00 has passed, 04:30 has not
    assert runner.due(night + dt.timedelta(minutes=31))


def test_a_bad_value_names_the_parameter_and_its_rule_and_nothing_is_saved(
    live_server: LiveServer, admin: ApiClient
) -> None:
    logged = len(changes_logged(live_server))
    error = refused(
        admin.admin_system.save_parameters,
        {"lockout_threshold": 4, "password_policy.min_length": 5},
    )
    assert error.status == 422 and error.code == "parameter.between"
    assert error.params["field"] == "password_policy.min_length"
    assert error.message == "密码最短长度须在 8 到 64 之间"
    assert (
        render_message(error.code, error.params, Language.EN)
        == "Minimum password length must be between 8 and 64"
    )
    assert values(admin)["lockout_threshold"] == 5  # the good value went nowhere either
    assert values(admin)["password_policy.min_length"] == 12
    assert len(changes_logged(live_server)) == logged

    bad: dict[str, Any] = {
        "backup_daily_at": "24:10",
        "four_eyes": 1,
        "backup_keep_weekly": 0,
        "double_entry_threshold": "1.005",
        "no_such_thing": 3,
    }
    error = refused(admin.admin_system.save_parameters, bad)
    problems = {
        p["field"]: render_message(p["code"], p["params"]) for p in error.params["problems"]
    }
    assert problems == {
        "backup_daily_at": "每日备份时间须为 HH:MM 格式的时间(00:00 到 23:59),例如 02:00",
        "four_eyes": "双人复核须为“是”或“否”",
        "backup_keep_weekly": "保留每周备份(周)须在 1 到 520 之间",
        "double_entry_threshold": "二次核对金额阈值须为金额,最多两位小数",
        "no_such_thing": "没有名为“no_such_thing”的系统参数",
    }
    # a rule between two parameters names both, on the one being changed
    admin.admin_system.save_parameters({"password_policy.min_length": 40})
    error = refused(admin.admin_system.save_parameters, {"password_policy.max_length": 32})
    assert error.params["field"] == "password_policy.max_length"
    assert error.message == "密码最短长度不能大于密码最长长度(32)"
    error = refused(
        admin.admin_system.save_parameters,
        {"password_policy.warn_days": 90, "password_policy.max_age_days": 60},
    )
    assert error.message == "密码到期提前提醒(天)须小于密码有效期(天)(60)"
    assert values(admin)["password_policy.max_length"] == 128


def test_each_change_is_logged_once_with_before_and_after(
    live_server: LiveServer, admin: ApiClient
) -> None:
    logged = len(changes_logged(live_server))
    me = admin.auth.me().username
    admin.admin_system.save_parameters(
        {
            "password_policy.history": 8,
            "password_policy.min_length": 14,  # stricter: applies at once (laxer waits)
            "double_entry_threshold": "50000",
            "four_eyes": True,  # as it was: not a change
        }
    )
    assert changes_logged(live_server)[logged:] == [
        (
            me,
            "password_policy.min_length",
            {"password_policy.min_length": 12},
            {"password_policy.min_length": 14},
        ),
        (
            me,
            "password_policy.history",
            {"password_policy.history": 5},
            {"password_policy.history": 8},
        ),
        (
            me,
            "double_entry_threshold",
            {"double_entry_threshold": "100000.00"},
            {"double_entry_threshold": "50000.00"},
        ),
    ]
    now = values(admin)
    assert now["password_policy.history"] == 8 and now["password_policy.min_length"] == 14
    assert now["double_entry_threshold"] == "50000.00"


def test_turning_four_eyes_off_takes_a_fresh_code_and_a_second_administrator(
    live_server: LiveServer, admin: ApiClient
) -> None:
    """Changed by design in issue 15: every parameter change needs a fresh code,
    and switching four eyes off (a weakening) waits for a second administrator."""
    account = add_user(live_server, "pa.guard", [Role.ADMIN])
    guard = log_in(live_server, account)
    live_server.clock.advance(dt.timedelta(minutes=6))  # the login's code is stale now
    error = refused(guard.admin_system.save_parameters, {"four_eyes": False})
    assert (error.status, error.code) == (403, "auth.fresh_code_required")
    with UnitOfWork(live_server.engine).transaction() as session:
        assert required(session)  # still on
    next_step(live_server)
    assert account.totp_secret is not None
    guard.auth.reverify(code_now(live_server, account.totp_secret))
    asked = guard.admin_system.save_parameters({"four_eyes": False})
    assert isinstance(asked, AdminRequestOut) and asked.action == "parameters.change"
    with UnitOfWork(live_server.engine).transaction() as session:
        assert required(session)  # still on until another administrator approves
    second = log_in(live_server, add_user(live_server, "pa.second", [Role.ADMIN]))
    second.admin.approve_request(asked.id, "同意")
    with UnitOfWork(live_server.engine).transaction() as session:
        assert not required(session)
    # turning it back on is stricter: at once, with a fresh code
    live_server.clock.advance(dt.timedelta(minutes=6))
    stale = refused(guard.admin_system.save_parameters, {"four_eyes": True})
    assert stale.code == "auth.fresh_code_required"
    next_step(live_server)
    guard.auth.reverify(code_now(live_server, account.totp_secret))
    guard.admin_system.save_parameters({"four_eyes": True})
    assert values(guard)["four_eyes"] is True


def test_clerks_and_auditors_change_nothing(live_server: LiveServer) -> None:
    worker = log_in(live_server, clerk(live_server, "pa.clerk"))
    assert refused(worker.admin_system.parameters).status == 403
    assert refused(worker.admin_system.save_parameters, {"lockout_threshold": 3}).status == 403
    auditor = log_in(live_server, add_user(live_server, "pa.auditor", [Role.AUDITOR]))
    assert values(auditor)["lockout_threshold"] == 5  # an auditor reads them
    assert refused(auditor.admin_system.save_parameters, {"lockout_threshold": 3}).status == 403
    assert values(auditor)["lockout_threshold"] == 5
