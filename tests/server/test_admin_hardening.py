"""Four eyes without holes and a fresh code for every sensitive act (issue 15,
items 1 and 2), against the live server and real PostgreSQL.

Creating an administrator or auditor waits for a second administrator like any
grant; a session whose code is older than ``fresh_code_minutes`` (the server's
clock moved on) changes nothing on any changing /admin route — not even that
window; a change that weakens a security parameter waits for a second
administrator, one that strengthens applies at once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from client.api import ApiClient
from common.enums import Role
from common.schemas.admin import UserOut
from common.schemas.admin_requests import AdminRequestOut, RequestState
from common.schemas.parameters import ParametersOut, ParameterValue
from common.version import API_PREFIX
from server.api import deps
from tests.support.accounts import (
    Account,
    add_user,
    code_now,
    log_in,
    next_step,
    refused,
)
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer

_names = itertools.count(1)
STALE = dt.timedelta(minutes=6)  # past the default fresh_code_minutes (5)


def admin_account(server: LiveServer) -> Account:
    return add_user(server, f"ah.admin{next(_names)}", [Role.ADMIN])


def listed(api: ApiClient, user_id: int) -> UserOut:
    return next(u for u in api.admin.users() if u.id == user_id)


def parameter(api: ApiClient, key: str) -> Any:
    return next(p.value for p in api.admin_system.parameters().parameters if p.key == key)


def raw(api: ApiClient, method: str, path: str, body: Any = None) -> tuple[int, dict[str, Any]]:
    """The status and body as the server answered them (no client-side parsing)."""
    transport = api.transport
    answer = transport._http.request(method, path, json=body, headers=transport._headers(None))
    return answer.status_code, answer.json() if answer.content else {}


@pytest.fixture
def defaults(live_server: LiveServer) -> Iterator[None]:
    """System parameters back at their defaults after the test, and no parameter
    change left waiting (an approval refused as outdated leaves its request pending)."""
    yield
    run_sql(live_server, "DELETE FROM system_parameters")
    run_sql(
        live_server,
        "UPDATE admin_requests SET state = 'withdrawn', decided_at = now()"
        " WHERE action = 'parameters.change' AND state = 'pending'",
    )


# -- item 1: a privileged account is not created by one administrator --------


def test_creating_an_administrator_waits_for_a_second_one_who_is_not_the_creator(
    live_server: LiveServer,
) -> None:
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))

    status, body = raw(
        first,
        "POST",
        "/admin/users",
        {"username": "ah.newadmin", "display_name": "新管理员", "roles": ["admin"]},
    )
    assert status == 202, body
    request = AdminRequestOut.model_validate(body["request"])
    assert (request.action, request.state) == ("user.grant", RequestState.PENDING)
    assert request.payload["added_roles"] == ["admin"]
    assert len(body["initial_password"]) >= 12  # shown once, to the creator
    new_id = body["user"]["id"]
    assert listed(first, new_id).roles == []  # exists, but is no administrator yet

    own = refused(first.admin.approve_request, request.id)
    assert (own.status, own.code) == (403, "admin_request.own")
    assert listed(first, new_id).roles == []

    second.admin.approve_request(request.id, "已核实任命文件")
    assert listed(first, new_id).roles == [Role.ADMIN]


def test_an_auditor_with_a_clerk_role_gets_the_clerk_role_now_and_the_auditor_on_approval(
    live_server: LiveServer,
) -> None:
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))
    created = first.admin.create_user(
        "ah.auditclerk", "审计兼制单", [Role.AUDITOR, Role.CLERK], [], reason="年度审计"
    )
    assert created.request is not None and created.request.reason == "年度审计"
    assert created.user.roles == [Role.CLERK]
    refused_request = second.admin.refuse_request(created.request.id, "无任命文件")
    assert refused_request.state is RequestState.REFUSED
    assert listed(first, created.user.id).roles == [Role.CLERK]

    plain = first.admin.create_user("ah.clerk", "制单员", [Role.CLERK], [])
    assert plain.request is None and plain.user.roles == [Role.CLERK]  # unguarded: at once


# -- item 2: a fresh code on every sensitive act ------------------------------


@pytest.fixture(scope="module")
def stale(live_server: LiveServer) -> dict[str, Any]:
    """An administrator whose login code is older than the fresh-code window, the
    accounts and the pending request the stale calls aim at."""
    target = add_user(live_server, "ah.target", [Role.CLERK])
    successor = add_user(live_server, "ah.successor", [Role.CLERK])
    asker = log_in(live_server, admin_account(live_server))
    pending = asker.admin.reset_second_factor(target.id, "手机丢失")
    assert isinstance(pending, AdminRequestOut)
    api = log_in(live_server, admin_account(live_server))
    live_server.clock.advance(STALE)
    return {"api": api, "target": target.id, "successor": successor.id, "request": pending.id}


def _rule(name: str) -> dict[str, Any]:
    return {"priority": 9000, "name": name, "steps": [{"level": "supervisor", "working_days": 3}]}


# (method, path with {target}/{successor}/{request}, body)
SENSITIVE: list[tuple[str, str, Any]] = [
    ("POST", "/admin/users", {"username": "ah.sneak", "display_name": "x", "roles": ["admin"]}),
    ("POST", "/admin/users", {"username": "ah.sneak2", "display_name": "x", "roles": ["clerk"]}),
    ("PUT", "/admin/users/{target}/access", {"roles": ["analyst"], "unit_ids": [], "version": 1}),
    ("POST", "/admin/users/{target}/disable", None),
    ("POST", "/admin/users/{target}/enable", None),
    ("POST", "/admin/users/{target}/unlock", None),
    ("POST", "/admin/users/{target}/reset-password", None),
    ("POST", "/admin/users/{target}/reset-second-factor", {"reason": "x"}),
    ("POST", "/admin/users/{target}/transfer", {"successor_id": "{successor}"}),
    ("PUT", "/admin/users/{target}/reviewer-posts", []),
    ("POST", "/admin/requests/{request}/approve", {"note": ""}),
    ("POST", "/admin/backups", None),
    ("POST", "/admin/restores", {"source": "point_in_time", "reason": "演练"}),
    ("DELETE", "/admin/restores/old-databases/countersign_old", None),
    ("PUT", "/admin/parameters", {"values": {"lockout_threshold": 3}}),
    ("PUT", "/admin/parameters", {"values": {"fresh_code_minutes": 60}}),
    ("POST", "/admin/approval-rules", _rule("ah.rule")),
    ("PUT", "/admin/approval-rules/1", _rule("ah.rule")),
    ("PUT", "/admin/calendar/2026-10-08", {"is_working": True, "name": "调休"}),
    ("DELETE", "/admin/calendar/2026-10-08", None),
    ("POST", "/admin/periods/2026/9/close", None),
    ("POST", "/admin/periods/2026/9/reopen", {"reason": "补录"}),
    ("POST", "/admin/reference/units", {"values": {"code": "ah1", "name": "新单位"}}),
    ("PUT", "/admin/reference/units/1", {"values": {"name": "改名"}}),
    ("POST", "/admin/reference/units/import", {"file": "AAAA"}),
]


def _filled(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _filled(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "body"), SENSITIVE, ids=[f"{m} {p}" for m, p, _ in SENSITIVE]
)
def test_a_stale_code_is_refused_on_every_sensitive_route(
    stale: dict[str, Any], method: str, path: str, body: Any
) -> None:
    ids = {key: value for key, value in stale.items() if key != "api"}
    status, answer = raw(stale["api"], method, path.format(**ids), _filled(body, ids))
    assert (status, answer.get("code")) == (403, "auth.fresh_code_required"), answer


def test_nothing_changed_by_the_stale_calls(live_server: LiveServer, stale: dict[str, Any]) -> None:
    fresh = log_in(live_server, admin_account(live_server))
    names = {user.username for user in fresh.admin.users()}
    assert not {"ah.sneak", "ah.sneak2"} & names
    target = listed(fresh, stale["target"])
    assert target.roles == [Role.CLERK] and target.is_active and target.second_factor_enrolled
    assert (
        parameter(fresh, "fresh_code_minutes") == 5 and parameter(fresh, "lockout_threshold") == 5
    )
    (waiting,) = [r for r in fresh.admin.requests(RequestState.PENDING) if r.id == stale["request"]]
    assert waiting.state is RequestState.PENDING


def _depends_on(dependant: Dependant, call: object) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def test_every_changing_admin_route_asks_for_a_fresh_code_unless_listed_as_exempt(
    live_server: LiveServer,
) -> None:
    """The routes of the app the server runs (create_app), not a list of modules:
    a route or router added later cannot forget the check, it fails here first."""
    walked, unguarded = 0, []
    # the app holds its routers as included (lazy) routers: walk the routes they give
    for route in iter_route_contexts(live_server.app.routes):
        path = (route.path or "").removeprefix(API_PREFIX)
        if not path.startswith("/admin"):
            continue
        assert isinstance(route.original_route, APIRoute), path
        for method in (route.methods or set()) - {"GET", "HEAD"}:
            walked += 1
            guarded = _depends_on(route.dependant, deps.fresh_admin)
            exempt = (method, path) in deps.WITHOUT_FRESH_CODE
            if guarded == exempt:
                unguarded.append((method, path, guarded))
    assert unguarded == []
    assert walked >= 25  # the walk did see the changing routes (a wrong prefix would see none)


def test_a_stale_session_cannot_widen_the_window_and_then_reset_a_password(
    live_server: LiveServer, defaults: None
) -> None:
    """The issue's sequence: a 66-second-old code against a one-minute window."""
    account = admin_account(live_server)
    api = log_in(live_server, account)
    fresh = log_in(live_server, admin_account(live_server))
    assert account.totp_secret is not None
    narrowed = fresh.admin_system.save_parameters({"fresh_code_minutes": 1})
    assert isinstance(narrowed, ParametersOut)  # stricter: at once
    target = add_user(live_server, f"ah.victim{next(_names)}", [Role.CLERK])
    live_server.clock.advance(dt.timedelta(seconds=66))

    widened = refused(api.admin_system.save_parameters, {"fresh_code_minutes": 60})
    assert (widened.status, widened.code) == (403, "auth.fresh_code_required")
    assert parameter(api, "fresh_code_minutes") == 1
    reset = refused(api.admin.reset_password, target.id)
    assert (reset.status, reset.code) == (403, "auth.fresh_code_required")

    next_step(live_server)
    api.auth.reverify(code_now(live_server, account.totp_secret))
    assert len(api.admin.reset_password(target.id)) >= 12  # with a fresh code it works


# -- item 2: weakening a security parameter takes four eyes ---------------------


def test_weakening_security_parameters_waits_for_a_second_administrator(
    live_server: LiveServer, defaults: None
) -> None:
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))

    status, body = raw(
        first,
        "PUT",
        "/admin/parameters",
        {"values": {"fresh_code_minutes": 60, "lockout_threshold": 4}, "reason": "出差期间"},
    )
    assert status == 202, body
    asked = AdminRequestOut.model_validate(body)
    assert (asked.action, asked.state, asked.reason) == (
        "parameters.change",
        RequestState.PENDING,
        "出差期间",
    )
    assert asked.payload["weakened"] == ["fresh_code_minutes"]
    # the whole change waits, the stricter part too: it was asked as one
    assert parameter(first, "fresh_code_minutes") == 5
    assert parameter(first, "lockout_threshold") == 5
    assert refused(first.admin.approve_request, asked.id).code == "admin_request.own"

    second.admin.approve_request(asked.id, "同意")
    assert parameter(first, "fresh_code_minutes") == 60
    assert parameter(first, "lockout_threshold") == 4

    for laxer in (
        {"four_eyes": False},
        {"lockout_threshold": 10},
        {"password_policy.min_length": 8},
        {"password_policy.require_special": False},
        {"session_idle_minutes": 120},
    ):
        waiting = first.admin_system.save_parameters(laxer)
        assert isinstance(waiting, AdminRequestOut), laxer
        first.admin.withdraw_request(waiting.id)
    assert parameter(first, "four_eyes") is True
    assert parameter(first, "password_policy.min_length") == 12


def test_an_approved_weakening_of_a_parameter_changed_since_is_refused_as_outdated(
    live_server: LiveServer, defaults: None
) -> None:
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))
    asked = first.admin_system.save_parameters({"lockout_threshold": 8})
    assert isinstance(asked, AdminRequestOut)
    stricter = second.admin_system.save_parameters({"lockout_threshold": 3})
    assert isinstance(stricter, ParametersOut)
    outdated = refused(second.admin.approve_request, asked.id)
    assert (outdated.status, outdated.code) == (409, "parameter_request.outdated")
    assert "连续登录失败锁定次数" in outdated.message
    assert parameter(first, "lockout_threshold") == 3


def test_strengthening_applies_at_once_and_other_parameters_are_not_guarded(
    live_server: LiveServer, defaults: None
) -> None:
    api = log_in(live_server, admin_account(live_server))
    changes: tuple[dict[str, ParameterValue], ...] = (
        {"lockout_threshold": 3},
        {"fresh_code_minutes": 2},
        {"password_policy.min_length": 16, "password_policy.history": 10},
        {"session_idle_minutes": 15},
        {"duplicate_window_days": 60, "backup_keep_daily": 10},  # tighter controls
        {"password_policy.warn_days": 3, "backup_daily_at": "03:30"},  # no control looser
    )
    for stricter in changes:
        done = api.admin_system.save_parameters(stricter)
        assert isinstance(done, ParametersOut), stricter
        for key, value in stricter.items():
            assert parameter(api, key) == value


def test_loosening_a_control_that_is_no_login_waits_and_tightening_it_applies_at_once(
    live_server: LiveServer, defaults: None
) -> None:
    """Fewer backups kept deletes backups; a higher export alert hides large
    exports; a higher double-entry threshold drops the second typing; a shorter
    duplicate window finds fewer duplicates: each waits for a second administrator."""
    api = log_in(live_server, admin_account(live_server))
    for laxer in (
        {"backup_keep_daily": 3},
        {"backup_keep_weekly": 2},
        {"alert_export_rows": 50_000},
        {"double_entry_threshold": "200000.00"},
        {"duplicate_window_days": 7},
    ):
        waiting = api.admin_system.save_parameters(laxer)
        assert isinstance(waiting, AdminRequestOut), laxer
        assert waiting.payload["weakened"] == list(laxer), laxer
        api.admin.withdraw_request(waiting.id)
    assert parameter(api, "backup_keep_daily") == 7
    assert parameter(api, "double_entry_threshold") == "100000.00"

    stricter: dict[str, ParameterValue] = {
        "backup_keep_daily": 10,
        "backup_keep_weekly": 8,
        "alert_export_rows": 5_000,
        "double_entry_threshold": "99999.99",  # lower as an amount, though not as text
        "duplicate_window_days": 60,
    }
    done = api.admin_system.save_parameters(stricter)
    assert isinstance(done, ParametersOut)
    for key, value in stricter.items():
        assert parameter(api, key) == value


# -- the command line: create-admin is for the first administrator ---------------


def _create_admin(database_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=database_url)
    env.pop("COUNTERSIGN_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "server", "create-admin", *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_create_admin_refuses_while_an_active_administrator_exists_unless_forced(
    live_server: LiveServer, module_database_url: str, tmp_path: Any
) -> None:
    admin_account(live_server)  # this database has active administrators
    data_dir = ["--data-dir", str(tmp_path)]
    again = _create_admin(module_database_url, "ah.cli", *data_dir)
    assert again.returncode != 0
    assert "--force" in again.stderr and "已存在在用的系统管理员" in again.stderr
    fresh = log_in(live_server, admin_account(live_server))
    assert "ah.cli" not in {user.username for user in fresh.admin.users()}

    forced = _create_admin(module_database_url, "ah.cli", "--force", *data_dir)
    assert forced.returncode == 0, forced.stderr
    assert [u.roles for u in fresh.admin.users() if u.username == "ah.cli"] == [[Role.ADMIN]]
