"""DOMAIN.md "Login, sessions and accounts": the login flow and its hard rules."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import count
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest

from client.api import ApiError
from common.enums import Role
from server.db.uow import UnitOfWork
from server.services.accounts import auth as auth_service
from server.services.accounts import passwords
from server.services.core.params import set_parameter
from tests.support.accounts import (
    PASSWORD,
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


def fresh(server: LiveServer, roles: list[Role] | None = None, **kwargs: object) -> Account:
    return add_user(server, f"user{next(_names)}", roles or [Role.CLERK], **kwargs)  # type: ignore[arg-type]


def test_first_login_initial_password_change_enrolment_and_recovery_codes(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server, must_change_password=True, enrolled=False)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password)
    assert ticket.next_step == "change_password"
    assert ticket.password_policy.min_length == 12

    weak = refused(api.auth.set_initial_password, ticket.ticket, "short1!")
    assert (weak.status, weak.code, weak.params["field"]) == (
        422,
        "password.too_short",
        "new_password",
    )
    assert "至少 12 个字符" in weak.message
    same = refused(api.auth.set_initial_password, ticket.ticket, user.password)
    assert same.code == "password.reused"

    progress = api.auth.set_initial_password(ticket.ticket, "Brand-New-Secret-7")
    assert progress.session is None and progress.ticket is not None
    ticket = progress.ticket
    assert ticket.next_step == "enroll"
    refused_early = refused(api.auth.submit_code, ticket.ticket, "123456")
    assert refused_early.code == "auth.wrong_step"

    enrolment = api.auth.start_enrolment(ticket.ticket)
    uri = urlparse(enrolment.otpauth_uri)
    assert uri.scheme == "otpauth" and uri.netloc == "totp"
    assert parse_qs(uri.query)["issuer"] == ["Countersign"]
    assert parse_qs(uri.query)["secret"] == [enrolment.secret]

    wrong = refused(api.auth.confirm_enrolment, ticket.ticket, "000000")
    assert wrong.code == "auth.code_invalid"
    session = api.auth.confirm_enrolment(ticket.ticket, code_now(live_server, enrolment.secret))
    assert len(session.recovery_codes) == 10 and len(set(session.recovery_codes)) == 10
    assert session.idle_timeout_minutes == 30
    me = api.auth.me()
    assert me.username == user.username and me.roles == [Role.CLERK]

    # the new password and authenticator work from now on
    enrolled = Account(user.id, user.username, "Brand-New-Secret-7", enrolment.secret)
    assert log_in(live_server, enrolled).auth.me().id == user.id


def test_unknown_user_and_wrong_password_look_the_same(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same answer, and the same work behind it: an unknown name is checked against
    an argon2id hash of the same cost as a real account's, so its answer takes as
    long (timed, not asserted, in bench/login.py; wall-clock medians on a shared
    machine would make this test flaky)."""
    user = fresh(live_server)
    api = api_for(live_server)
    verified: list[str] = []  # the hash each login attempt was checked against

    def seen(password_hash: str, password: str) -> bool:
        verified.append(password_hash)
        return passwords.verify_password(password_hash, password)

    monkeypatch.setattr(auth_service, "verify_password", seen)
    answers, work = {}, {}
    for kind, name in (("unknown", "nobody-here"), ("wrong", user.username)):
        verified.clear()
        error = refused(api.auth.login, name, "Not-The-Password-1")
        answers[kind] = (error.status, error.code, error.message)
        work[kind] = [_cost(h) for h in verified]
    assert (
        answers["unknown"]
        == answers["wrong"]
        == (401, "auth.invalid_credentials", "用户名或密码错误")
    )
    expected = "$argon2id$v=19$m={memory_cost},t={time_cost},p={parallelism}".format(
        **passwords.HASH_PARAMETERS
    )
    assert work["unknown"] == work["wrong"] == [expected]


def _cost(password_hash: str) -> str:
    """An argon2 hash's algorithm, version and cost: what its verification takes."""
    return "$".join(password_hash.split("$")[:4])


def test_lockout_at_exactly_the_threshold_then_refused_even_with_the_right_password_and_code(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server)
    api = api_for(live_server)
    for _ in range(4):
        assert refused(api.auth.login, user.username, "Wrong-Password-9").code == (
            "auth.invalid_credentials"
        )
    admin = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    status = {u.username: u for u in admin.admin.users()}[user.username]
    assert not status.locked

    # the fifth failure locks the account, but a guesser is not told so: only
    # someone who knows the password learns that the account is locked
    fifth = refused(api.auth.login, user.username, "Wrong-Password-9")
    assert (fifth.status, fifth.code) == (401, "auth.invalid_credentials")
    status = {u.username: u for u in admin.admin.users()}[user.username]
    assert status.locked and "5" in (status.lock_reason or "")
    assert refused(api.auth.login, user.username, "Another-Guess-9").code == (
        "auth.invalid_credentials"
    )

    next_step(live_server)
    locked = refused(api.auth.login, user.username, user.password)
    assert (locked.status, locked.code) == (423, "auth.locked")
    assert "请联系系统管理员" in locked.message and "5" in locked.params["reason"]

    admin.admin.unlock(user.id)
    assert log_in(live_server, user).auth.me().id == user.id


def test_a_code_is_accepted_once_only(live_server: LiveServer) -> None:
    user = fresh(live_server)
    assert user.totp_secret is not None
    api = api_for(live_server)
    next_step(live_server)
    code = code_now(live_server, user.totp_secret)
    api.auth.submit_code(api.auth.login(user.username, user.password).ticket, code)
    again = api_for(live_server)
    ticket = again.auth.login(user.username, user.password)
    replay = refused(again.auth.submit_code, ticket.ticket, code)
    assert replay.code == "auth.code_invalid"
    # an earlier step's code is no good either once a later one was used
    earlier = code_now(live_server, user.totp_secret, offset_steps=-1)
    assert refused(again.auth.submit_code, ticket.ticket, earlier).code == "auth.code_invalid"


def test_a_code_raced_by_two_logins_wins_once(live_server: LiveServer) -> None:
    user = fresh(live_server)
    assert user.totp_secret is not None
    clients = [api_for(live_server) for _ in range(4)]
    next_step(live_server)
    tickets = [c.auth.login(user.username, user.password).ticket for c in clients]
    code = code_now(live_server, user.totp_secret)

    def attempt(index: int) -> str:
        try:
            clients[index].auth.submit_code(tickets[index], code)
            return "ok"
        except ApiError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(attempt, range(4)))
    assert sorted(results) == ["auth.code_invalid"] * 3 + ["ok"]


def test_a_recovery_code_replaces_the_authenticator_once(live_server: LiveServer) -> None:
    user = fresh(live_server, enrolled=False)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password)
    secret = api.auth.start_enrolment(ticket.ticket).secret
    codes = api.auth.confirm_enrolment(ticket.ticket, code_now(live_server, secret)).recovery_codes

    first = api_for(live_server)
    ticket = first.auth.login(user.username, user.password)
    first.auth.submit_code(ticket.ticket, codes[0].lower())
    assert first.auth.me().id == user.id
    second = api_for(live_server)
    ticket = second.auth.login(user.username, user.password)
    assert refused(second.auth.submit_code, ticket.ticket, codes[0]).code == "auth.code_invalid"
    second.auth.submit_code(ticket.ticket, codes[1])
    assert second.auth.me().id == user.id


def test_five_wrong_codes_end_the_pending_login_and_count_toward_lockout(
    live_server: LiveServer,
) -> None:
    with UnitOfWork(live_server.engine).transaction() as session:
        set_parameter(session, "lockout_threshold", 8)
    try:
        user = fresh(live_server)
        assert user.totp_secret is not None
        api = api_for(live_server)
        next_step(live_server)
        ticket = api.auth.login(user.username, user.password).ticket
        answers = [refused(api.auth.submit_code, ticket, "000000") for _ in range(5)]
        assert [a.params.get("remaining") for a in answers[:4]] == [4, 3, 2, 1]
        assert answers[4].code == "auth.code_attempts_exhausted"
        right = code_now(live_server, user.totp_secret)
        assert refused(api.auth.submit_code, ticket, right).code == "auth.ticket_invalid"
        # five failures so far; three more wrong passwords reach the threshold of 8
        for _ in range(3):
            refused(api.auth.login, user.username, "Wrong-Password-9")
        assert refused(api.auth.login, user.username, user.password).code == "auth.locked"
    finally:
        with UnitOfWork(live_server.engine).transaction() as session:
            set_parameter(session, "lockout_threshold", 5)


def test_a_half_logged_in_user_is_refused_everywhere_but_the_code_step(
    live_server: LiveServer,
) -> None:
    for roles in ([Role.CLERK], [Role.ADMIN], [Role.AUDITOR]):
        user = fresh(live_server, roles)
        api = api_for(live_server)
        ticket = api.auth.login(user.username, user.password).ticket
        api.transport.token = ticket  # try the ticket as if it were a session
        for call in (api.auth.me, api.admin.users, api.admin.verify_audit):
            error = refused(call)
            assert (error.status, error.code) == (401, "auth.not_authenticated")


def test_unknown_totp_code_formats_are_refused_without_crashing(live_server: LiveServer) -> None:
    user = fresh(live_server)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password).ticket
    for bad in ("abcdef", "1234567", "ZZZZZ-ZZZZZ"):
        assert refused(api.auth.submit_code, ticket, bad).code == "auth.code_invalid"


def test_login_attempts_are_throttled_per_address(postgres, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = LiveServer(postgres.create_database(), tmp_path, login_attempts_per_minute=3).start()
    try:
        api = api_for(server)
        for _ in range(3):
            assert refused(api.auth.login, "someone", PASSWORD).code == "auth.invalid_credentials"
        throttled = refused(api.auth.login, "someone", PASSWORD)
        assert (throttled.status, throttled.code) == (429, "auth.throttled")
        assert throttled.params["seconds"] > 0
    finally:
        server.close()


def test_provisioning_secret_generates_the_codes_the_server_accepts(
    live_server: LiveServer,
) -> None:
    """Any RFC 6238 app works: pyotp stands in for the phone here."""
    user = fresh(live_server, enrolled=False)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password).ticket
    enrolment = api.auth.start_enrolment(ticket)
    app_code = pyotp.parse_uri(enrolment.otpauth_uri).at(live_server.clock.now())
    assert api.auth.confirm_enrolment(ticket, app_code).token
