"""Attacks on the login rules: races, stale tickets, guessing through side doors."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from itertools import count

from sqlalchemy import select

from client.api import ApiClient, ApiError
from common.enums import Role
from server.db.models import AuditRecord, RecoveryCode, User
from server.db.uow import UnitOfWork
from server.services.core import audit
from server.services.core.audit import SYSTEM, Origin, verify_chain
from tests.support.accounts import Account, add_user, api_for, code_now, log_in, next_step, refused
from tests.support.live_server import LiveServer

_names = count(1)


def fresh(server: LiveServer, roles: list[Role] | None = None, **kwargs: object) -> Account:
    return add_user(server, f"hard{next(_names)}", roles or [Role.CLERK], **kwargs)  # type: ignore[arg-type]


def stored_user(server: LiveServer, user_id: int) -> User:
    with UnitOfWork(server.engine).transaction() as session:
        user = session.get(User, user_id)
        assert user is not None
        session.expunge(user)
        return user


def failure_counts(server: LiveServer, username: str) -> list[int]:
    with UnitOfWork(server.engine).transaction() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.actor_name == username, AuditRecord.action == "login.failed")
            .order_by(AuditRecord.id)
        ).all()
        return [r.after["consecutive_failures"] for r in rows if r.after]


def parallel(calls: list[object]) -> list[str]:
    def attempt(call: object) -> str:
        try:
            call()  # type: ignore[operator]
            return "ok"
        except ApiError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(attempt, calls))


def test_parallel_wrong_unlock_passwords_each_count_and_lock_at_five(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server)
    clients = [log_in(live_server, user) for _ in range(5)]
    results = parallel(
        [lambda c=c: c.auth.unlock_screen("Wrong-Password-9") for c in clients]  # type: ignore[misc]
    )
    assert sorted(failure_counts(live_server, user.username)) == [1, 2, 3, 4, 5]
    assert results.count("password.wrong_current") == 4 and results.count("auth.locked") == 1
    assert stored_user(live_server, user.id).locked_at is not None
    for client in clients:  # a locked account keeps no session
        assert refused(client.auth.me).code == "auth.not_authenticated"


def test_one_code_raced_by_two_reverifications_is_accepted_once(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server, [Role.ADMIN])
    assert user.totp_secret is not None
    first, second = log_in(live_server, user), log_in(live_server, user)
    next_step(live_server)
    code = code_now(live_server, user.totp_secret)
    results = parallel([lambda: first.auth.reverify(code), lambda: second.auth.reverify(code)])
    assert sorted(results) == ["auth.reverify_invalid", "ok"]


def test_wrong_reverify_codes_and_wrong_current_passwords_count_toward_the_lock(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server)
    api = log_in(live_server, user)
    wrong_code = refused(api.auth.reverify, "000000")
    assert (wrong_code.code, wrong_code.params["field"]) == ("auth.reverify_invalid", "code")
    assert "动态口令不正确" in wrong_code.message
    for _ in range(3):
        assert refused(api.auth.change_password, "Not-Current-1", "Whatever-Else-22").code == (
            "password.wrong_current"
        )
    assert refused(api.auth.reverify, "111111").code == "auth.locked"
    assert failure_counts(live_server, user.username) == [1, 2, 3, 4, 5]
    assert refused(api.auth.me).code == "auth.not_authenticated"


def test_a_stale_enrolment_ticket_cannot_enrol_a_second_authenticator(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server, enrolled=False)
    mine, attacker = api_for(live_server), api_for(live_server)
    my_ticket = mine.auth.login(user.username, user.password).ticket
    their_ticket = attacker.auth.login(user.username, user.password).ticket
    their_secret = attacker.auth.start_enrolment(their_ticket).secret
    my_secret = mine.auth.start_enrolment(my_ticket).secret
    mine.auth.confirm_enrolment(my_ticket, code_now(live_server, my_secret))

    next_step(live_server)
    late = refused(
        attacker.auth.confirm_enrolment, their_ticket, code_now(live_server, their_secret)
    )
    assert late.code == "auth.ticket_invalid"
    assert refused(attacker.auth.start_enrolment, their_ticket).code == "auth.ticket_invalid"
    # the authenticator that counts is still the first one
    assert log_in(live_server, Account(user.id, user.username, user.password, my_secret))


def test_an_account_change_ends_the_logins_half_way_through(live_server: LiveServer) -> None:
    admin = log_in(live_server, fresh(live_server, [Role.ADMIN]))
    user = fresh(live_server)
    assert user.totp_secret is not None
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password).ticket
    admin.admin.reset_password(user.id)
    next_step(live_server)
    stale = refused(api.auth.submit_code, ticket, code_now(live_server, user.totp_secret))
    assert stale.code == "auth.ticket_invalid"


def test_a_password_change_ends_the_other_sessions_but_not_this_one(
    live_server: LiveServer,
) -> None:
    user = fresh(live_server)
    here, elsewhere = log_in(live_server, user), log_in(live_server, user)
    here.auth.change_password(user.password, "Only-I-Know-This-7")
    assert here.auth.me().id == user.id
    assert refused(elsewhere.auth.me).code == "auth.not_authenticated"


def test_recovery_codes_are_stored_as_keyed_hashes(live_server: LiveServer) -> None:
    user = fresh(live_server, enrolled=False)
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password).ticket
    secret = api.auth.start_enrolment(ticket).secret
    codes = api.auth.confirm_enrolment(ticket, code_now(live_server, secret)).recovery_codes
    with UnitOfWork(live_server.engine).transaction() as session:
        stored = set(
            session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id))
        )
    assert len(stored) == 10
    plain = {hashlib.sha256(c.replace("-", "").encode()).digest() for c in codes}
    assert not stored & plain  # a copy of the database alone cannot test guesses


def test_floats_in_before_and_after_keep_the_chain_verifiable(live_server: LiveServer) -> None:
    now = live_server.clock.now()
    with UnitOfWork(live_server.engine).transaction() as session:
        audit.record(
            session,
            SYSTEM,
            "test.float_values",
            origin=Origin(),
            at=now,
            after={"tiny": 1e-7, "list": [0.1, 2.5e20], "nested": {"x": 1 / 3}},
        )
    with UnitOfWork(live_server.engine).transaction() as session:
        assert verify_chain(session).ok


def test_a_logged_in_client_has_no_business_with_the_login_steps(
    live_server: LiveServer,
) -> None:
    """A session token is not a ticket: the steps refuse it."""
    api: ApiClient = log_in(live_server, fresh(live_server))
    token = api.transport.token
    assert token is not None
    assert refused(api.auth.start_enrolment, token).code == "auth.ticket_invalid"
