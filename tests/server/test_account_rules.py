"""DOMAIN.md "Login, sessions and accounts" rules that had no test to catch their
breaking: the password needs a letter and a special character, is at most 128
characters of any Unicode (for the initial set and for a change alike); the
lockout counts consecutive failures only; an initial password and the recovery
codes are shown once and never again by any answer of the API."""

from __future__ import annotations

import json
from itertools import count

from common.enums import Role
from tests.support.accounts import (
    Account,
    add_user,
    api_for,
    code_now,
    log_in,
    next_step,
    refused,
)
from tests.support.live_server import LiveServer

_names = count(1)

# Chinese, an emoji outside the Basic Multilingual Plane, a digit and a special
# character: 128 code points exactly, and the same with one more.
_PATTERN = "财务密码🔐账户7!"
LONGEST = (_PATTERN * 20)[:128]
TOO_LONG = LONGEST + "税"


def fresh(server: LiveServer, roles: list[Role] | None = None, **kwargs: object) -> Account:
    return add_user(server, f"rules{next(_names)}", roles or [Role.CLERK], **kwargs)  # type: ignore[arg-type]


def test_the_longest_policy_password_is_exactly_128_unicode_characters() -> None:
    assert len(LONGEST) == 128 and len(TOO_LONG) == 129
    assert "🔐" in LONGEST and len(LONGEST.encode("utf-8")) > 128


def test_a_changed_password_needs_a_letter_and_a_special_and_at_most_128_characters(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server)
    api = log_in(live_server, user)
    for password, code in (
        ("1234567890!@#$", "password.needs_letter"),
        ("Abcdefgh12345", "password.needs_special"),
        ("No-Digits-At-All!", "password.needs_digit"),
        (TOO_LONG, "password.too_long"),
    ):
        error = refused(api.auth.change_password, user.password, password)
        assert (error.status, error.code, error.params["field"]) == (422, code, "new_password")
    too_long = refused(api.auth.change_password, user.password, TOO_LONG)
    assert "128" in too_long.message
    # letters of any script count: a Chinese password with a digit and a special passes
    api.auth.change_password(user.password, "会计凭证审核口令2026!")
    api.auth.change_password("会计凭证审核口令2026!", LONGEST)

    # stored whole: the 128 characters log in, the first 127 do not
    api.auth.logout()
    assert log_in(live_server, Account(user.id, user.username, LONGEST, user.totp_secret))
    next_step(live_server)
    cut = refused(api_for(live_server).auth.login, user.username, LONGEST[:127])
    assert cut.code == "auth.invalid_credentials"


def test_an_initial_password_follows_the_same_policy(live_server: LiveServer) -> None:
    user = fresh(live_server, must_change_password=True, enrolled=False)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password)
    assert ticket.next_step == "change_password"
    assert (ticket.password_policy.max_length, ticket.password_policy.require_letter) == (128, True)
    for password, code in (
        ("98765432101!@#", "password.needs_letter"),
        ("NoSpecialCharacter42", "password.needs_special"),
        ("会计凭证审核口令是这样设的!!", "password.needs_digit"),
        (TOO_LONG, "password.too_long"),
    ):
        error = refused(api.auth.set_initial_password, ticket.ticket, password)
        assert (error.status, error.code, error.params["field"]) == (422, code, "new_password")
    progress = api.auth.set_initial_password(ticket.ticket, LONGEST)
    assert progress.ticket is not None and progress.ticket.next_step == "enroll"
    # the account now opens with the 128-character password
    assert api_for(live_server).auth.login(user.username, LONGEST).next_step == "enroll"


def test_lockout_counts_consecutive_failures_only(live_server: LiveServer) -> None:
    user = fresh(live_server)
    admin = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    guesser = api_for(live_server)

    def fail(times: int) -> None:
        for _ in range(times):
            error = refused(guesser.auth.login, user.username, "Wrong-Password-9!")
            assert error.code == "auth.invalid_credentials"

    def locked() -> bool:
        return {u.id: u for u in admin.admin.users()}[user.id].locked

    fail(4)
    log_in(live_server, user).auth.logout()  # a success in between starts the count again
    fail(4)
    assert not locked()  # 8 failures, never 5 in a row
    next_step(live_server)
    assert guesser.auth.login(user.username, user.password).next_step == "totp"

    fail(1)  # the fifth in a row
    assert locked()
    next_step(live_server)
    assert refused(guesser.auth.login, user.username, user.password).code == "auth.locked"


def test_an_initial_password_is_shown_once(live_server: LiveServer) -> None:
    admin = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    username = f"shown.once{next(_names)}"
    created = admin.admin.create_user(username, "只显示一次", [Role.CLERK], [])
    initial = created.initial_password
    assert len(initial) >= 12

    listed = json.dumps(admin.transport.request("GET", "/admin/users"), ensure_ascii=False)
    assert username in listed and initial not in listed
    again = refused(admin.admin.create_user, username, "只显示一次", [Role.CLERK], [])
    assert again.code == "user.exists" and initial not in json.dumps(again.params)

    reset = admin.admin.reset_password(created.user.id)
    assert reset != initial
    listed = json.dumps(admin.transport.request("GET", "/admin/users"), ensure_ascii=False)
    assert reset not in listed and initial not in listed
    sessions = json.dumps(admin.transport.request("GET", "/admin/sessions"))
    assert reset not in sessions
    # the new one works (and only it): the password step takes it
    next_step(live_server)
    assert api_for(live_server).auth.login(username, reset).next_step == "change_password"
    next_step(live_server)
    assert refused(api_for(live_server).auth.login, username, initial).code == (
        "auth.invalid_credentials"
    )


def test_recovery_codes_are_shown_once(live_server: LiveServer) -> None:
    user = fresh(live_server, enrolled=False)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password).ticket
    secret = api.auth.start_enrolment(ticket).secret
    session = api.auth.confirm_enrolment(ticket, code_now(live_server, secret))
    codes = session.recovery_codes
    assert len(codes) == 10

    # the enrolment cannot be asked again, and nothing else answers with the codes
    next_step(live_server)
    repeat = refused(api.auth.confirm_enrolment, ticket, code_now(live_server, secret))
    assert (repeat.status, repeat.code) == (401, "auth.ticket_invalid")
    assert not [code for code in codes if code in json.dumps(repeat.params)]
    me = json.dumps(api.transport.request("GET", "/auth/me"))
    assert not [code for code in codes if code in me]
    api.auth.logout()

    enrolled = Account(user.id, user.username, user.password, secret)
    again = api_for(live_server)
    next_step(live_server)
    login_ticket = again.auth.login(enrolled.username, enrolled.password)
    assert login_ticket.next_step == "totp"
    enrol_again = refused(again.auth.start_enrolment, login_ticket.ticket)
    assert enrol_again.code == "auth.wrong_step"
    progress = again.auth.submit_code(login_ticket.ticket, code_now(live_server, secret))
    assert progress.session is not None and progress.session.recovery_codes == []
    admin = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    users = json.dumps(admin.transport.request("GET", "/admin/users"))
    assert not [code for code in codes if code in users]
