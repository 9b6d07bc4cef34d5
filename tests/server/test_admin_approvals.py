"""Approvals of four-eyes requests, against the live server and real PostgreSQL
(issue 15 review).

Privileged credentials come from the approver: an approved grant of
administrator or auditor (or a privileged account's second-factor reset) resets
the account's password and second factor, and only the approver sees the new
password, so the administrator who asked cannot keep a second privileged
account. An approval of a parameter change that races parameter saves takes the
locks in the order the saves do, so neither fails with a deadlock.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from client.api import ApiClient
from client.api.tls import pinned_context
from common.enums import Role
from common.schemas.admin_requests import AdminRequestOut
from common.version import API_PREFIX
from tests.server.test_admin_hardening import admin_account, listed, parameter, raw
from tests.support.accounts import add_user, api_for, code_now, log_in, refused
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer

_names = itertools.count(1)


@pytest.fixture
def defaults(live_server: LiveServer) -> Iterator[None]:
    """System parameters back at their defaults after the test."""
    yield
    run_sql(live_server, "DELETE FROM system_parameters")


def _first_login(server: LiveServer, username: str, password: str, chosen: str) -> ApiClient:
    """A first login as the person would do it: new password, then an authenticator."""
    api = api_for(server)
    ticket = api.auth.login(username, password)
    assert ticket.next_step == "change_password"
    progress = api.auth.set_initial_password(ticket.ticket, chosen)
    assert progress.ticket is not None and progress.ticket.next_step == "enroll"
    enrolment = api.auth.start_enrolment(progress.ticket.ticket)
    api.auth.confirm_enrolment(progress.ticket.ticket, code_now(server, enrolment.secret))
    return api


def test_an_approved_administrator_gets_credentials_from_the_approver_not_the_creator(
    live_server: LiveServer,
) -> None:
    """The sock puppet: the creator logs in as the new account while its grant
    waits, sets its password and enrols an authenticator. The approval resets
    both and ends its sessions; the new initial password goes to the approver."""
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))
    status, body = raw(
        first,
        "POST",
        "/admin/users",
        {"username": "ah.puppet", "display_name": "新同事", "roles": ["admin"]},
    )
    assert status == 202, body
    request_id, new_id = body["request"]["id"], body["user"]["id"]
    puppet = _first_login(live_server, "ah.puppet", body["initial_password"], "Puppet-Chosen-9!")
    assert listed(first, new_id).second_factor_enrolled

    own = refused(first.admin.approve_request, request_id)
    assert (own.status, own.code) == (403, "admin_request.own")
    approved = second.admin.approve_request(request_id, "已核实任命文件")
    handed = approved.initial_password
    assert handed is not None and len(handed) >= 12

    assert refused(puppet.auth.me).code == "auth.not_authenticated"
    for known in (body["initial_password"], "Puppet-Chosen-9!"):
        assert refused(api_for(live_server).auth.login, "ah.puppet", known).code == (
            "auth.invalid_credentials"
        )
    account = listed(first, new_id)
    assert account.roles == [Role.ADMIN] and not account.second_factor_enrolled
    assert account.must_change_password
    # the approver's password works, and the person enrols their own authenticator
    person = _first_login(live_server, "ah.puppet", handed, "Own-Real-Passphrase-7")
    assert person.auth.me().roles == [Role.ADMIN]
    # shown once: the listing never carries it
    (again,) = [r for r in second.admin.requests() if r.id == request_id]
    assert again.initial_password is None


def test_one_administrator_cannot_learn_the_password_of_a_privileged_account_alone(
    live_server: LiveServer,
) -> None:
    """No password reset of an administrator or auditor without a second factor;
    a second-factor reset of a privileged account resets its password too, for
    the approver: a password the requester reset earlier is worth nothing."""
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))
    waiting = add_user(live_server, f"ah.unenrolled{next(_names)}", [Role.AUDITOR], enrolled=False)
    blocked = refused(first.admin.reset_password, waiting.id)
    assert (blocked.status, blocked.code) == (409, "user.privileged_unenrolled")
    assert waiting.username in blocked.message and "动态口令" in blocked.message
    assert api_for(live_server).auth.login(waiting.username, waiting.password).next_step == "enroll"
    clerk = add_user(live_server, f"ah.newclerk{next(_names)}", [Role.CLERK], enrolled=False)
    assert len(first.admin.reset_password(clerk.id)) >= 12  # no privilege: as before

    colleague = admin_account(live_server)  # enrolled: a reset password alone opens nothing
    known = first.admin.reset_password(colleague.id)
    asked = first.admin.reset_second_factor(colleague.id, "手机丢失")
    assert isinstance(asked, AdminRequestOut)
    handed = second.admin.approve_request(asked.id, "已电话核实").initial_password
    assert handed is not None and handed != known
    assert refused(api_for(live_server).auth.login, colleague.username, known).code == (
        "auth.invalid_credentials"
    )
    assert api_for(live_server).auth.login(colleague.username, handed).next_step == (
        "change_password"
    )


RACE_ROUNDS = 6
RACING_PUTS = 4


def _racing(server: LiveServer, calls: list[tuple[str, str, Any]]) -> list[int]:
    """Send ``calls`` (token, path, body) from threads released at once; the statuses."""
    pem = server.identity.cert_file.read_text()
    barrier = threading.Barrier(len(calls))
    statuses = [0] * len(calls)

    def run(index: int) -> None:
        token, path, body = calls[index]
        method = "PUT" if path == "/admin/parameters" else "POST"
        with httpx.Client(
            base_url=server.url + API_PREFIX, verify=pinned_context(pem), timeout=60
        ) as client:
            barrier.wait()
            answer = client.request(
                method, path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
        statuses[index] = answer.status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_approving_a_parameter_change_racing_parameter_saves_deadlocks_none(
    live_server: LiveServer, defaults: None
) -> None:
    """The approval takes the parameters' lock before it writes to the operation
    log, as a save does: in the other order the two waited for each other (503)."""
    first = log_in(live_server, admin_account(live_server))
    second = log_in(live_server, admin_account(live_server))
    token = second.transport.token
    assert token is not None
    for round_number in range(RACE_ROUNDS):
        asked = first.admin_system.save_parameters({"lockout_threshold": 6 + round_number})
        assert isinstance(asked, AdminRequestOut)
        approve = (token, f"/admin/requests/{asked.id}/approve", {"note": "同意"})
        saves = [
            (token, "/admin/parameters", {"values": {"backup_daily_at": f"03:{n:02d}"}})
            for n in range(RACING_PUTS * round_number, RACING_PUTS * (round_number + 1))
        ]
        statuses = _racing(live_server, [approve, *saves])
        assert statuses == [200] * len(statuses), statuses
        assert parameter(first, "lockout_threshold") == 6 + round_number
