"""DOMAIN.md "Period close": only an administrator reopens a closed period (with
a reason, and a second administrator's approval under four eyes); a clerk, a
reviewer, an auditor or an analyst is refused and the period stays closed."""

from __future__ import annotations

import datetime as dt
from itertools import count

from common.enums import ReviewLevel, Role
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)
SUPERVISOR = ReviewLevel.SUPERVISOR


def name(prefix: str) -> str:
    return f"reopen.{prefix}{next(_names)}"


def last_month(server: LiveServer) -> dt.date:
    return today(server).replace(day=1) - dt.timedelta(days=1)


def test_only_an_administrator_reopens_a_period(live_server: LiveServer, codes: Codes) -> None:
    day = last_month(live_server)
    admin_account = add_user(live_server, name("closer"), [Role.ADMIN])
    admin = log_in(live_server, admin_account)
    assert not admin.admin.period(day.year, day.month).is_closed
    admin.admin.close_period(day.year, day.month)
    others = {
        "clerk": clerk(live_server, name("clerk"), unit="001001"),
        "reviewer": reviewer(live_server, name("reviewer"), (SUPERVISOR, "001")),
        "auditor": add_user(live_server, name("auditor"), [Role.AUDITOR]),
        "analyst": add_user(live_server, name("analyst"), [Role.ANALYST], unit_codes=("001",)),
    }
    for role, account in others.items():
        api = log_in(live_server, account)
        error = refused(api.admin.reopen_period, day.year, day.month, "我想补录")
        assert (error.status, error.code) == (403, "auth.forbidden"), role
    state = admin.admin.period(day.year, day.month)
    assert state.is_closed and state.reopen_request is None

    asked = admin.admin.reopen_period(day.year, day.month, "补录漏记的收入")
    assert asked.reopen_request is not None
    auditor = log_in(live_server, others["auditor"])
    assert refused(auditor.admin.approve_request, asked.reopen_request.id).status == 403
    assert admin.admin.period(day.year, day.month).is_closed
    second = log_in(live_server, add_user(live_server, name("second"), [Role.ADMIN]))
    second.admin.approve_request(asked.reopen_request.id, "核实无误")
    assert not admin.admin.period(day.year, day.month).is_closed
